from django.urls import path

from digicampus.messaging import views

app_name = "messaging"

urlpatterns = [
    path("", views.inbox_view, name="inbox"),
    path("<int:pk>/", views.notification_open_view, name="open"),
    path("preferences/", views.preference_view, name="preferences"),
    path("announcements/", views.announcement_list_view, name="announcement_list"),
    path("announcements/new/", views.announcement_create_view, name="announcement_create"),
    path("announcements/<int:pk>/", views.announcement_detail_view, name="announcement_detail"),
    path(
        "announcements/<int:pk>/files/<int:file_pk>/",
        views.announcement_attachment_view,
        name="announcement_attachment",
    ),
    path(
        "announcements/<int:pk>/confirm/",
        views.announcement_confirm_view,
        name="announcement_confirm",
    ),
    path(
        "announcements/<int:pk>/remind/", views.announcement_remind_view, name="announcement_remind"
    ),
    path(
        "classes/<int:pk>/contact-book/",
        views.classroom_contact_book_view,
        name="classroom_contact_book",
    ),
    path(
        "children/<int:pk>/contact-book/", views.child_contact_book_view, name="child_contact_book"
    ),
    path(
        "children/<int:pk>/contact-book/summary/",
        views.contact_book_summary_view,
        name="contact_book_summary",
    ),
    path("entries/<int:pk>/", views.entry_detail_view, name="entry_detail"),
    path("entries/<int:pk>/remind/", views.entry_remind_view, name="entry_remind"),
    path("schools/<int:pk>/failed/", views.failed_list_view, name="failed_list"),
    path(
        "schools/<int:pk>/conversation-rules/",
        views.conversation_policy_view,
        name="conversation_policy",
    ),
    path("conversations/", views.conversation_list_view, name="conversation_list"),
    path("conversations/new/<int:pk>/", views.conversation_create_view, name="conversation_create"),
    path("conversations/<int:pk>/", views.conversation_detail_view, name="conversation_detail"),
]
