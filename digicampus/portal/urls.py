from django.urls import path

from digicampus.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.forum_home_view, name="home"),
    path("mine/", views.my_posts_view, name="my_posts"),
    path("schools/<int:pk>/", views.school_boards_view, name="school_boards"),
    path("schools/<int:pk>/boards/new/", views.board_create_view, name="board_create"),
    path("schools/<int:pk>/boards/defaults/", views.board_defaults_view, name="board_defaults"),
    path("boards/<int:pk>/", views.board_detail_view, name="board_detail"),
    path("topics/<int:pk>/", views.topic_detail_view, name="topic_detail"),
    path("topics/<int:pk>/pin/", views.topic_pin_view, name="topic_pin"),
    path("topics/<int:pk>/subscribe/", views.subscription_toggle_view, name="topic_subscribe"),
    path("topics/<int:pk>/lock/", views.topic_lock_view, name="topic_lock"),
    path("posts/<int:pk>/edit/", views.post_edit_view, name="post_edit"),
    path("posts/<int:pk>/accept/", views.answer_accept_view, name="answer_accept"),
    path("posts/<int:pk>/react/", views.reaction_toggle_view, name="reaction_toggle"),
    path("posts/<int:pk>/delete/", views.post_delete_view, name="post_delete"),
]
