"""The portals' public pages: read without an account, cached, and never showing anything
that is not published (404 instead).

Each page is rendered once per portal, language and address and kept in the cache until the
portal changes (see `portal.cache`); a cached answer costs no database query, except that an
article's page counts its reading with one UPDATE."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from digicampus.portal import cache, selectors, services
from digicampus.portal.choices import ARTICLES_PER_PAGE, PUBLIC_CACHE_SECONDS
from digicampus.portal.html import plain_text
from digicampus.portal.models import Article, Column, Page, Site

View = Callable[..., HttpResponse]


def cached_public(view: View) -> View:
    """Serve the page from the cache when the portal has not changed since it was rendered.
    Only successful GET answers are kept; a 404 is worked out again every time."""

    @wraps(view)
    def wrapper(request: HttpRequest, site_slug: str, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            return view(request, site_slug, *args, **kwargs)
        key = cache.page_key(site_slug, get_language() or "", request.get_full_path())
        hit = cache.page_get(key)
        if hit is None:
            response = view(request, site_slug, *args, **kwargs)
            if response.status_code != 200:
                return response
            article_id = getattr(response, "article_id", None)
            hit = (response.content, response["Content-Type"], article_id)
            cache.page_set(key, hit, getattr(response, "cache_seconds", PUBLIC_CACHE_SECONDS))
        content, content_type, article_id = hit
        if article_id is not None:
            services.article_view_count(article_id=article_id)
        response = HttpResponse(content, content_type=content_type)
        response["Cache-Control"] = "public, max-age=60"
        return response

    return wrapper


def _site_or_404(slug: str) -> Site:
    try:
        return selectors.public_site_get(slug=slug)
    except Site.DoesNotExist:
        raise Http404 from None


def _render(
    request: HttpRequest, template: str, site: Site, context: dict[str, Any]
) -> HttpResponse:
    context = {"site": site, "site_pages": selectors.public_page_list(site=site), **context}
    return render(request, template, context)


@cached_public
def public_home_view(request: HttpRequest, site_slug: str) -> HttpResponse:
    """The portal's home: the latest articles of each column (and, on the bureau's portal,
    the latest news the schools share with it)."""
    site = _site_or_404(site_slug)
    context = {
        "columns": selectors.public_home_columns(site=site),
        "shared": selectors.public_shared_articles(site=site),
    }
    return _render(request, "portal/public/home.html", site, context)


@cached_public
def public_column_view(request: HttpRequest, site_slug: str, column_slug: str) -> HttpResponse:
    """A column's published articles, newest first, page by page."""
    site = _site_or_404(site_slug)
    try:
        column = selectors.public_column_get(site=site, slug=column_slug)
    except Column.DoesNotExist:
        raise Http404 from None
    page = Paginator(selectors.public_column_articles(column=column), ARTICLES_PER_PAGE)
    context = {"column": column, "page": page.get_page(request.GET.get("page"))}
    return _render(request, "portal/public/column.html", site, context)


@cached_public
def public_article_view(request: HttpRequest, site_slug: str, article_slug: str) -> HttpResponse:
    """A published article: its author, date and readings."""
    site = _site_or_404(site_slug)
    try:
        article = selectors.public_article_get(site=site, slug=article_slug)
    except Article.DoesNotExist:
        raise Http404 from None
    response = _render(request, "portal/public/article.html", site, {"article": article})
    response.article_id = article.pk  # type: ignore[attr-defined]
    return response


@cached_public
def public_page_view(request: HttpRequest, site_slug: str, page_slug: str) -> HttpResponse:
    site = _site_or_404(site_slug)
    try:
        page = selectors.public_page_get(site=site, slug=page_slug)
    except Page.DoesNotExist:
        raise Http404 from None
    return _render(request, "portal/public/page.html", site, {"page": page})


class SiteFeed(Feed):
    """The portal's latest published articles as an Atom feed."""

    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, site_slug: str) -> Site:  # type: ignore[override]
        return _site_or_404(site_slug)

    def title(self, obj: Site) -> str:
        return obj.name

    def subtitle(self, obj: Site) -> str:
        return obj.tagline or _("News of %(name)s") % {"name": obj.name}

    def link(self, obj: Site) -> str:
        return obj.get_absolute_url()

    def items(self, obj: Site) -> list[Article]:
        return list(selectors.public_article_list(site=obj)[:20])

    def item_title(self, item: Article) -> str:
        return item.title

    def item_description(self, item: Article) -> str:
        return item.summary or plain_text(item.body)[:300]

    def item_pubdate(self, item: Article) -> Any:
        return item.published_at or timezone.now()

    def item_author_name(self, item: Article) -> str:
        return item.author.full_name if item.author else ""


public_feed_view = cached_public(SiteFeed())
