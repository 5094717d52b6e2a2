"""Sanitising the HTML of portal articles and pages, and addresses made from names.

Writers paste text from word processors and other sites; what is stored is only the small
set of tags an article needs, links to http, https and mailto addresses, and images uploaded
to the same portal (`/portal/files/<id>/`). Everything else, scripts and event attributes
included, is dropped on the server whatever the browser sent."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

import nh3
from django.utils.html import strip_tags
from django.utils.text import slugify

TAGS = {
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "strong",
    "em",
    "u",
    "del",
    "pre",
    "a",
    "ul",
    "ol",
    "li",
    "blockquote",
    "img",
    "figure",
    "figcaption",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "br",
}
ATTRIBUTES = {"a": {"href"}, "img": {"src", "alt"}, "th": {"colspan", "rowspan", "scope"},
              "td": {"colspan", "rowspan"}}  # fmt: skip
URL_SCHEMES = {"http", "https", "mailto"}
FILE_URL = re.compile(r"^/portal/files/(\d+)/$")


def sanitise(html: str, *, file_ids: Iterable[int]) -> tuple[str, set[int]]:
    """The HTML with only the allowed tags and attributes, and the ids of the portal's images
    it shows. An image whose address is not one of `file_ids` (this portal's uploads) loses
    its address, so nothing is loaded from another site or another school's portal."""
    allowed = set(file_ids)
    used: set[int] = set()

    def keep(tag: str, attribute: str, value: str) -> str | None:
        if tag == "img" and attribute == "src":
            match = FILE_URL.match(value)
            if match is None or int(match.group(1)) not in allowed:
                return None
            used.add(int(match.group(1)))
        if tag == "a" and attribute == "href" and not value.startswith("/"):
            scheme = value.split(":", 1)[0].strip().lower() if ":" in value else ""
            if scheme not in URL_SCHEMES:
                return None
        return value

    clean = nh3.clean(
        html,
        tags=TAGS,
        clean_content_tags={"script", "style"},
        attributes=ATTRIBUTES,
        attribute_filter=keep,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )
    return clean.strip(), used


def plain_text(html: str) -> str:
    """The text of an article's HTML, for screening, summaries and feeds."""
    return re.sub(r"\s+", " ", strip_tags(html)).strip()


def ascii_slug(text: str, *, max_length: int = 80) -> str:
    """A readable ASCII address part: Vietnamese diacritics removed (đ becomes d); other
    scripts (Chinese) are dropped, so the caller supplies a fallback when this is empty."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text)
    return slugify(text)[:max_length].strip("-")
