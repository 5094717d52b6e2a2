from django.urls import path

from digicampus.org import views

app_name = "org"

urlpatterns = [
    path("schools/", views.school_list_view, name="school_list"),
    path("schools/<int:pk>/", views.school_detail_view, name="school_detail"),
    path("schools/<int:pk>/edit/", views.school_edit_view, name="school_edit"),
    path("schools/<int:pk>/years/new/", views.school_year_create_view, name="year_create"),
    path("schools/<int:pk>/groups/new/", views.subject_group_create_view, name="group_create"),
    path("years/<int:pk>/", views.school_year_detail_view, name="year_detail"),
    path("years/<int:pk>/grades/new/", views.grade_create_view, name="grade_create"),
    path("grades/<int:pk>/classes/new/", views.classroom_create_view, name="classroom_create"),
    path("classes/<int:pk>/", views.classroom_detail_view, name="classroom_detail"),
    path("classes/<int:pk>/edit/", views.classroom_edit_view, name="classroom_edit"),
    path("classes/<int:pk>/export.xlsx", views.classroom_export_view, name="classroom_export"),
    path("groups/<int:pk>/", views.subject_group_detail_view, name="subject_group_detail"),
    path("indicators/", views.indicator_list_view, name="indicator_list"),
]
