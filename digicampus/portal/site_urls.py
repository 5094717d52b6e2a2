"""Portal management pages, under /portal/."""

from django.urls import path

from digicampus.portal import site_views as views

app_name = "portal_site"

urlpatterns = [
    path("", views.site_list_view, name="site_list"),
    path("schools/<int:pk>/open/", views.site_create_view, name="site_create"),
    path("sites/<int:pk>/", views.site_detail_view, name="site_detail"),
    path("sites/<int:pk>/settings/", views.site_settings_view, name="site_settings"),
    path("sites/<int:pk>/columns/", views.column_list_view, name="column_list"),
    path("sites/<int:pk>/pages/", views.page_list_view, name="page_list"),
    path("sites/<int:pk>/pages/new/", views.page_create_view, name="page_create"),
    path("sites/<int:pk>/roles/", views.site_roles_view, name="site_roles"),
    path("sites/<int:pk>/files/", views.site_file_upload_view, name="file_upload"),
    path("sites/<int:pk>/articles/new/", views.article_create_view, name="article_create"),
    path("columns/<int:pk>/", views.column_edit_view, name="column_edit"),
    path("pages/<int:pk>/", views.page_edit_view, name="page_edit"),
    path("roles/<int:pk>/remove/", views.site_role_remove_view, name="site_role_remove"),
    path("files/<int:pk>/", views.site_file_view, name="file"),
    path("articles/<int:pk>/", views.article_edit_view, name="article_edit"),
    path("articles/<int:pk>/submit/", views.article_submit_view, name="article_submit"),
    path("articles/<int:pk>/return/", views.article_return_view, name="article_return"),
    path("articles/<int:pk>/publish/", views.article_publish_view, name="article_publish"),
    path("articles/<int:pk>/unpublish/", views.article_unpublish_view, name="article_unpublish"),
]
