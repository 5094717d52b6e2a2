"""`/sitemap.xml`: the published articles and pages of every portal."""

from __future__ import annotations

from datetime import datetime

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet

from digicampus.portal import selectors
from digicampus.portal.models import Article, Page


class ArticleSitemap(Sitemap):
    changefreq = "weekly"
    limit = 5000

    def items(self) -> QuerySet[Article]:
        return selectors.public_sitemap_articles()

    def lastmod(self, item: Article) -> datetime:
        return item.updated_at


class PageSitemap(Sitemap):
    changefreq = "monthly"

    def items(self) -> QuerySet[Page]:
        return selectors.public_sitemap_pages()

    def lastmod(self, item: Page) -> datetime:
        return item.updated_at


SITEMAPS = {"articles": ArticleSitemap, "pages": PageSitemap}
