"""Course pages under /courses/ (namespace "courses") and the learner's own pages under /learn/
(namespace "learn"), mounted at the site root. Each part names its namespace in its include, as
two `app_name`s cannot share a module."""

from django.urls import include, path

from .views import catalogue, checks, finish, learn, lessons

course_patterns = [
    path("", catalogue.catalogue, name="catalogue"),
    path("<slug:slug>/", catalogue.course_detail, name="detail"),
    path("<slug:slug>/enrol/", catalogue.course_enroll, name="enroll"),
    path("<slug:slug>/finished/", finish.course_finished, name="finished"),
    path("<slug:slug>/units/<int:number>/", catalogue.unit_detail, name="unit"),
    path("<slug:slug>/units/<int:number>/check/", checks.check_take, name="check"),
    path(
        "<slug:slug>/units/<int:number>/check/attempts/<int:attempt_id>/",
        checks.attempt_detail,
        name="attempt",
    ),
    path(
        "<slug:slug>/units/<int:number>/lessons/<slug:lesson_slug>/",
        lessons.lesson_detail,
        name="lesson",
    ),
    path(
        "<slug:slug>/units/<int:number>/lessons/<slug:lesson_slug>/complete/",
        lessons.lesson_complete,
        name="lesson_complete",
    ),
    path(
        "<slug:slug>/units/<int:number>/lessons/<slug:lesson_slug>/time/",
        lessons.lesson_beat,
        name="lesson_beat",
    ),
    path(
        "<slug:slug>/units/<int:number>/lessons/<slug:lesson_slug>/reflection/",
        lessons.reflection_save,
        name="reflection_save",
    ),
]

learn_patterns = [
    path("", learn.dashboard, name="dashboard"),
    path("journal/", learn.journal, name="journal"),
    path("journal/roots-journal.md", learn.journal_markdown, name="journal_markdown"),
    path("journal/pdf/", learn.journal_pdf_request, name="journal_pdf"),
    path("journal/pdf/status/", learn.journal_pdf_status, name="journal_pdf_status"),
    path("journal/roots-journal.pdf", learn.journal_pdf_download, name="journal_pdf_download"),
]

urlpatterns = [
    path("courses/", include((course_patterns, "courses"))),
    path("learn/", include((learn_patterns, "learn"))),
]
