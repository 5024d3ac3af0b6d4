"""The learner's own pages: dashboard and reflection journal (only ever the signed-in user's)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from .. import journal as journal_documents
from .. import selectors


@login_required
def dashboard(request):
    enrollments = list(selectors.learner_enrollments(request.user))
    progress = selectors.courses_progress(
        request.user, [e.course for e in enrollments], enrollments=enrollments
    )
    return render(request, "courses/dashboard.html", {"rows": progress})


@login_required
def journal(request):
    return render(
        request,
        "courses/journal.html",
        {"sections": journal_documents.journal_sections(request.user)},
    )


@login_required
def journal_markdown(request):
    response = HttpResponse(
        journal_documents.journal_markdown(request.user),
        content_type="text/markdown; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="roots-journal.md"'
    return response


@login_required
def journal_pdf(request):
    pdf = journal_documents.journal_pdf(request.user)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="roots-journal.pdf"'
    return response
