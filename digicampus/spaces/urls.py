from django.urls import path

from digicampus.spaces import views

app_name = "spaces"

urlpatterns = [
    path("", views.spaces_home_view, name="home"),
    path("mine/", views.my_space_view, name="mine"),
    path("homework/", views.homework_home_view, name="homework_home"),
    path("results/", views.children_results_view, name="children_results"),
    path("schools/<int:pk>/", views.school_spaces_view, name="school_spaces"),
    path("schools/<int:pk>/ensure/", views.spaces_ensure_view, name="spaces_ensure"),
    path("schools/<int:pk>/groups/new/", views.group_create_view, name="group_create"),
    path("<int:pk>/", views.space_detail_view, name="space_detail"),
    path("<int:pk>/edit/", views.space_edit_view, name="space_edit"),
    path("<int:pk>/photo/", views.space_photo_view, name="space_photo"),
    path("<int:pk>/posts/", views.post_create_view, name="post_create"),
    path("<int:pk>/guestbook/", views.guestbook_sign_view, name="guestbook_sign"),
    path("<int:pk>/collect/", views.collect_view, name="collect"),
    path("<int:pk>/join/", views.group_join_view, name="group_join"),
    path("<int:pk>/leave/", views.group_leave_view, name="group_leave"),
    path("<int:pk>/members/", views.member_add_view, name="member_add"),
    path("<int:pk>/courses/new/", views.course_create_view, name="course_create"),
    path("<int:pk>/seal/", views.space_seal_view, name="space_seal"),
    path("<int:pk>/export/", views.space_export_view, name="space_export"),
    path("<int:pk>/close/", views.space_close_view, name="space_close"),
    path("<int:pk>/transfer/", views.space_transfer_view, name="space_transfer"),
    path("posts/<int:pk>/hide/", views.post_hide_view, name="post_hide"),
    path("posts/<int:pk>/restore/", views.post_restore_view, name="post_restore"),
    path("guestbook/<int:pk>/hide/", views.guestbook_hide_view, name="guestbook_hide"),
    path("guestbook/<int:pk>/restore/", views.guestbook_restore_view, name="guestbook_restore"),
    path("courses/<int:pk>/", views.course_detail_view, name="course_detail"),
    path("courses/<int:pk>/hide/", views.course_hide_view, name="course_hide"),
    path("courses/<int:pk>/restore/", views.course_restore_view, name="course_restore"),
    path("collection/<int:pk>/hide/", views.collected_hide_view, name="collected_hide"),
    path("units/<int:pk>/", views.unit_detail_view, name="unit_detail"),
    path(
        "resources/<int:pk>/remove/",
        views.unit_resource_remove_view,
        name="unit_resource_remove",
    ),
    path("classes/<int:pk>/homework/", views.class_homework_view, name="class_homework"),
    path("classes/<int:pk>/homework/new/", views.assignment_create_view, name="assignment_create"),
    path("classes/<int:pk>/graduate/", views.class_graduate_view, name="class_graduate"),
    path("homework/<int:pk>/", views.assignment_detail_view, name="assignment_detail"),
    path("homework/<int:pk>/grade/", views.grading_view, name="grading"),
    path("submissions/<int:pk>/", views.submission_detail_view, name="submission_detail"),
]
