from django.urls import path

from . import views

app_name = "groups"

urlpatterns = [
    path("", views.group_list, name="list"),
    path("new/", views.group_create, name="create"),
    path("join/", views.join_code_lookup, name="join_lookup"),
    path("join/<str:code>/", views.join_by_code, name="join"),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("<slug:slug>/", views.group_detail, name="detail"),
    path("<slug:slug>/edit/", views.group_edit, name="edit"),
    path("<slug:slug>/ask-to-join/", views.group_request_join, name="request_join"),
    path("<slug:slug>/leave/", views.group_leave, name="leave"),
    path("<slug:slug>/settings/", views.membership_settings, name="settings"),
    path("<slug:slug>/members/", views.group_members, name="members"),
    path("<slug:slug>/members/invite/", views.invitation_create, name="invite"),
    path(
        "<slug:slug>/members/new-join-link/",
        views.join_code_regenerate,
        name="join_code_regenerate",
    ),
    path("<slug:slug>/members/<int:pk>/approve/", views.membership_approve, name="member_approve"),
    path("<slug:slug>/members/<int:pk>/decline/", views.membership_decline, name="member_decline"),
    path(
        "<slug:slug>/members/<int:pk>/make-facilitator/",
        views.membership_promote,
        name="member_promote",
    ),
    path("<slug:slug>/members/<int:pk>/remove/", views.membership_remove, name="member_remove"),
    path("<slug:slug>/sessions/", views.session_list, name="sessions"),
    path("<slug:slug>/sessions/new/", views.session_create, name="session_create"),
    path("<slug:slug>/sessions/calendar.ics", views.group_ics, name="group_ics"),
    path("<slug:slug>/sessions/<int:pk>/", views.session_detail, name="session_detail"),
    path("<slug:slug>/sessions/<int:pk>/edit/", views.session_edit, name="session_edit"),
    path("<slug:slug>/sessions/<int:pk>/cancel/", views.session_delete, name="session_delete"),
    path("<slug:slug>/sessions/<int:pk>/rsvp/", views.session_rsvp, name="session_rsvp"),
    path(
        "<slug:slug>/sessions/<int:pk>/attendance/",
        views.session_attendance,
        name="session_attendance",
    ),
    path("<slug:slug>/sessions/<int:pk>/session.ics", views.session_ics, name="session_ics"),
    path("<slug:slug>/discussions/", views.board_list, name="boards"),
    path("<slug:slug>/discussions/<str:board_key>/", views.board_detail, name="board"),
    path("<slug:slug>/discussions/<str:board_key>/new/", views.thread_create, name="thread_create"),
    path("<slug:slug>/threads/<int:pk>/", views.thread_detail, name="thread"),
    path("<slug:slug>/threads/<int:pk>/reply/", views.thread_reply, name="thread_reply"),
    path("<slug:slug>/threads/<int:pk>/moderate/", views.thread_moderate, name="thread_moderate"),
    path("<slug:slug>/posts/<int:pk>/edit/", views.post_edit, name="post_edit"),
    path("<slug:slug>/posts/<int:pk>/delete/", views.post_delete, name="post_delete"),
    path("<slug:slug>/posts/<int:pk>/hide/", views.post_hide, name="post_hide"),
    path("<slug:slug>/posts/<int:pk>/history/", views.post_history, name="post_history"),
    path("<slug:slug>/dashboard/", views.dashboard, name="dashboard"),
    path("<slug:slug>/dashboard.csv", views.dashboard_csv, name="dashboard_csv"),
]
