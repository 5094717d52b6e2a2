from django.urls import path

from digicampus.safety import views

app_name = "safety"

urlpatterns = [
    path("reports/new/", views.report_create_view, name="report_create"),
    path("reports/mine/", views.my_reports_view, name="my_reports"),
    path("reports/<int:pk>/", views.report_detail_view, name="report_detail"),
    path("reports/<int:pk>/release/", views.report_release_view, name="report_release"),
    path("schools/<int:pk>/reports/", views.report_queue_view, name="report_queue"),
]
