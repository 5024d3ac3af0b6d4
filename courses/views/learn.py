"""The learner's own pages: dashboard and reflection journal (only ever the signed-in user's)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from roots.ratelimit import limited
from roots.uploads.serve import upload_response

from .. import journal as journal_documents
from .. import selectors, services
from ..models import JournalPdf


@login_required
def dashboard(request):
    enrollments = list(selectors.learner_enrollments(request.user))
    progress = selectors.courses_progress(
        request.user, [e.course for e in enrollments], enrollments=enrollments
    )
    finished = [row.course for row in progress if row.is_complete]
    after = selectors.after_course(request.user, finished)
    rows = [(row, after.get(row.course.pk)) for row in progress]
    return render(request, "courses/dashboard.html", {"rows": rows})


def _journal_pdf(user, sections) -> dict:
    """The learner's journal PDF, if they asked for one, and whether it shows the journal as it
    is now."""
    row = JournalPdf.objects.filter(user=user).first()
    current = row is not None and row.version == journal_documents.journal_version(user, sections)
    return {"journal_pdf": row, "journal_pdf_current": current}


@require_GET
@login_required
def journal(request):
    sections = journal_documents.journal_sections(request.user)
    return render(
        request,
        "courses/journal.html",
        {"sections": sections, **_journal_pdf(request.user, sections)},
    )


@require_GET
@login_required
@limited("export", back="learn:journal")
def journal_markdown(request):
    response = HttpResponse(
        journal_documents.journal_markdown(request.user),
        content_type="text/markdown; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="roots-journal.md"'
    return response


@require_POST
@login_required
@limited("document", back="learn:journal")
def journal_pdf_request(request):
    row = services.journal_pdf_request(user=request.user)
    if row.status == JournalPdf.Status.READY:
        messages.success(request, _("Your journal has not changed: its PDF is ready below."))
    else:
        messages.success(request, _("Your journal's PDF is being prepared."))
    return redirect("learn:journal")


@never_cache
@require_GET
@login_required
def journal_pdf_status(request):
    sections = journal_documents.journal_sections(request.user)
    context = _journal_pdf(request.user, sections)
    if context["journal_pdf"] is None:
        raise Http404
    return render(request, "courses/journal.html#pdf", context)


@require_GET
@login_required
def journal_pdf_download(request):
    row = JournalPdf.objects.filter(user=request.user, status=JournalPdf.Status.READY).first()
    if row is None or not row.pdf:
        raise Http404
    return upload_response(row.pdf, filename="roots-journal", private=True)
