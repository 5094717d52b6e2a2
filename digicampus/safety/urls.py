from django.urls import path

from digicampus.safety import views

app_name = "safety"

urlpatterns = [
    path("", views.safety_home_view, name="home"),
    path("reports/new/", views.report_create_view, name="report_create"),
    path("reports/mine/", views.my_reports_view, name="my_reports"),
    path("reports/<int:pk>/", views.report_detail_view, name="report_detail"),
    path("cases/<int:pk>/", views.case_detail_view, name="case_detail"),
    path("cases/<int:pk>/take/", views.case_take_view, name="case_take"),
    path("cases/<int:pk>/decide/", views.case_decide_view, name="case_decide"),
    path("cases/<int:pk>/escalate/", views.case_escalate_view, name="case_escalate"),
    path("cases/<int:pk>/appeal/", views.case_appeal_view, name="case_appeal"),
    path("cases/<int:pk>/appeal/decide/", views.appeal_decide_view, name="appeal_decide"),
    path("schools/<int:pk>/cases/", views.case_queue_view, name="case_queue"),
    path("abuse/new/", views.abuse_create_view, name="abuse_create"),
    path("abuse/", views.abuse_list_view, name="abuse_list"),
    path("abuse/<int:pk>/", views.abuse_detail_view, name="abuse_detail"),
    path(
        "abuse/<int:pk>/evidence/<int:file_pk>/", views.abuse_evidence_view, name="abuse_evidence"
    ),
    path("feedback/new/", views.feedback_create_view, name="feedback_create"),
    path("feedback/", views.feedback_list_view, name="feedback_list"),
    path("feedback/<int:pk>/", views.feedback_detail_view, name="feedback_detail"),
    path("schools/<int:pk>/feedback/", views.feedback_queue_view, name="feedback_queue"),
    path("schools/<int:pk>/team/", views.team_view, name="team"),
    path("schools/<int:pk>/rules/", views.school_rules_view, name="school_rules"),
    path("conduct/", views.conduct_view, name="conduct"),
    path("bureaus/<int:pk>/conduct/", views.conduct_manage_view, name="conduct_manage"),
    path("bureaus/<int:pk>/settings/", views.settings_view, name="settings"),
    path("statistics/", views.statistics_view, name="statistics"),
]
