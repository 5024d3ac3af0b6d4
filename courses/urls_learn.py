"""The learner's own pages under /learn/ (dashboard, transcript)."""

from django.urls import path  # noqa: F401

app_name = "learn"

urlpatterns = []
