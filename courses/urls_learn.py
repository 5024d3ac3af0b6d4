"""The learner's own pages under /learn/ (dashboard, reflection journal)."""

from django.urls import path

from . import views_learn

app_name = "learn"

urlpatterns = [
    path("", views_learn.dashboard, name="dashboard"),
    path("journal/", views_learn.journal, name="journal"),
    path("journal/roots-journal.md", views_learn.journal_markdown, name="journal_markdown"),
    path("journal/roots-journal.pdf", views_learn.journal_pdf, name="journal_pdf"),
]
