from django.urls import path

from . import views

app_name = "courses"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("<slug:slug>/", views.course_detail, name="detail"),
    path("<slug:slug>/enrol/", views.course_enroll, name="enroll"),
    path("<slug:slug>/units/<int:number>/", views.unit_detail, name="unit"),
    path("<slug:slug>/units/<int:number>/check/", views.check_take, name="check"),
    path(
        "<slug:slug>/units/<int:number>/check/attempts/<int:attempt_id>/",
        views.attempt_detail,
        name="attempt",
    ),
    path(
        "<slug:slug>/units/<int:number>/lessons/<slug:lesson_slug>/",
        views.lesson_detail,
        name="lesson",
    ),
    path(
        "<slug:slug>/units/<int:number>/lessons/<slug:lesson_slug>/complete/",
        views.lesson_complete,
        name="lesson_complete",
    ),
    path(
        "<slug:slug>/units/<int:number>/lessons/<slug:lesson_slug>/reflection/",
        views.reflection_save,
        name="reflection_save",
    ),
]
