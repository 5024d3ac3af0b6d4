"""Coalition pages at the site root: /reports/, /goals/, /partners/, /events/, /about/..."""

from django.urls import path

from .feeds import ReportFeed
from .views import content, events, files, manage, reports

app_name = "coalition"

urlpatterns = [
    path("reports/", reports.report_list, name="report_list"),
    path("reports/feed/", ReportFeed(), name="report_feed"),
    path("reports/manage/", manage.report_manage, name="report_manage"),
    path("reports/manage/new/", manage.report_create, name="report_create"),
    path("reports/manage/comments/", manage.comment_queue, name="comment_queue"),
    path(
        "reports/manage/comments/<int:pk>/<slug:action>/",
        manage.comment_moderate,
        name="comment_moderate",
    ),
    path("reports/manage/<int:pk>/edit/", manage.report_edit, name="report_edit"),
    path("reports/manage/<int:pk>/history/", manage.report_history, name="report_history"),
    path("reports/manage/<int:pk>/move/<slug:to>/", manage.report_move, name="report_move"),
    path("reports/<slug:slug>/", reports.report_detail, name="report_detail"),
    path("reports/<slug:slug>/replies/", reports.comment_create, name="comment_create"),
    path("reports/<slug:slug>/report.pdf", files.report_pdf, name="report_pdf"),
    path("reports/<slug:slug>/cover/", files.report_cover, name="report_cover"),
    path("about/<slug:slug>/", content.page_detail, name="page"),
    path("about/<slug:slug>/edit/", content.page_edit, name="page_edit"),
    path("goals/", content.goal_list, name="goal_list"),
    path(
        "goals/<int:number>/progress/new/",
        content.goal_update_create,
        name="goal_update_create",
    ),
    path("partners/", content.partner_list, name="partner_list"),
    path("partners/<int:pk>/logo/", files.partner_logo, name="partner_logo"),
    path("events/", events.event_list, name="event_list"),
    path("events/new/", events.event_create, name="event_create"),
    path("events/<slug:slug>/", events.event_detail, name="event_detail"),
    path("events/<slug:slug>/edit/", events.event_edit, name="event_edit"),
    path("events/<slug:slug>/calendar.ics", events.event_ics, name="event_ics"),
]
