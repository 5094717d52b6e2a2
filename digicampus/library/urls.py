from django.urls import path

from digicampus.library import views

app_name = "library"

urlpatterns = [
    path("", views.library_home_view, name="home"),
    path("schools/<int:pk>/new", views.resource_create_view, name="resource_create"),
    path("resources/<int:pk>", views.resource_detail_view, name="resource_detail"),
    path("resources/<int:pk>/edit", views.resource_edit_view, name="resource_edit"),
    path("resources/<int:pk>/file", views.resource_download_view, name="resource_download"),
    path(
        "resources/<int:pk>/versions/<int:number>/file",
        views.resource_download_view,
        name="version_download",
    ),
    path("resources/<int:pk>/preview", views.resource_preview_view, name="resource_preview"),
    path("resources/<int:pk>/versions", views.resource_version_add_view, name="version_add"),
    path("resources/<int:pk>/review", views.resource_review_view, name="resource_review"),
    path("resources/<int:pk>/submit", views.resource_submit_view, name="resource_submit"),
    path("resources/<int:pk>/feature", views.resource_feature_view, name="resource_feature"),
    path("resources/<int:pk>/rate", views.resource_rate_view, name="resource_rate"),
    path("reviews", views.review_queue_view, name="review_queue"),
    path("districts/<int:pk>/quotas", views.quota_progress_view, name="quota_progress"),
    path("districts/<int:pk>/quotas/set", views.quota_set_view, name="quota_set"),
    path("districts/<int:pk>/catalogue", views.catalogue_view, name="catalogue"),
    path("photos", views.album_list_view, name="album_list"),
    path("photos/schools/<int:pk>/new", views.album_create_view, name="album_create"),
    path("photos/albums/<int:pk>", views.album_detail_view, name="album_detail"),
    path("photos/<int:pk>/file", views.photo_file_view, name="photo_file"),
    path("photos/<int:pk>/thumb", views.photo_file_view, {"size": "thumb"}, name="photo_thumb"),
    path("photos/<int:pk>/edit", views.photo_update_view, name="photo_update"),
]
