"""The portals' public pages, under /p/<site>/ (no account needed)."""

from django.urls import path

from digicampus.portal import public_views as views

app_name = "portal_public"

urlpatterns = [
    path("<slug:site_slug>/", views.public_home_view, name="home"),
    path("<slug:site_slug>/feed/", views.public_feed_view, name="feed"),
    path("<slug:site_slug>/a/<slug:article_slug>/", views.public_article_view, name="article"),
    path("<slug:site_slug>/pages/<slug:page_slug>/", views.public_page_view, name="page"),
    path("<slug:site_slug>/<slug:column_slug>/", views.public_column_view, name="column"),
]
