from django.contrib.auth import views as auth_views
from django.urls import path

from digicampus.accounts import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.SignInView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.password_change_view, name="password_change"),
    path("language/", views.language_set_view, name="language_set"),
    path("language/<str:language>/", views.language_link_view, name="language_link"),
    path("me/", views.profile_view, name="profile"),
    path("schools/<int:pk>/people/", views.user_list_view, name="user_list"),
    path("people/<int:pk>/", views.user_detail_view, name="user_detail"),
    path("people/<int:pk>/<str:action>/", views.user_action_view, name="user_action"),
    path("roles/<int:pk>/revoke/", views.membership_revoke_view, name="membership_revoke"),
    path("schools/<int:pk>/imports/", views.import_list_view, name="import_list"),
    path("schools/<int:pk>/audit/", views.audit_list_view, name="audit_list"),
    path("imports/template/<str:kind>.xlsx", views.import_template_view, name="import_template"),
    path("imports/<int:pk>/", views.import_detail_view, name="import_detail"),
    path("imports/<int:pk>/commit/", views.import_commit_view, name="import_commit"),
    path("imports/<int:pk>/slips.xlsx", views.import_slips_view, name="import_slips"),
    path("imports/<int:pk>/slips/", views.import_slips_print_view, name="import_slips_print"),
]
