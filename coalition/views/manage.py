"""The editors' area: every report with its state, writing and editing, the workflow's
confirmation pages, each report's history, and the replies waiting for moderation."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from roots.permissions import permission_required

from .. import selectors, services
from ..forms import ReportForm, ReportMoveForm, SectionFormSet, section_initial, sections_from
from ..models import Report, ReportComment
from ..permissions import (
    ReportMove,
    can_edit_coalition,
    can_edit_report,
    can_moderate_comments,
    can_move_report,
    transition_for,
    transitions_for,
)

PER_PAGE = 25
HISTORY_PER_PAGE = 30
SNAPSHOT_LABELS = {
    "title": gettext_lazy("title"),
    "slug": gettext_lazy("address"),
    "year": gettext_lazy("year"),
    "summary": gettext_lazy("summary"),
    "key_findings": gettext_lazy("key findings"),
    "pdf": gettext_lazy("PDF"),
    "cover": gettext_lazy("cover image"),
    "cover_alt": gettext_lazy("cover description"),
    "sections": gettext_lazy("sections"),
    "state": gettext_lazy("state"),
    "publish_at": gettext_lazy("publication time"),
}
MODERATION_ACTIONS = {
    "approve": (ReportComment.Status.APPROVED, gettext_lazy("The reply is approved and shown.")),
    "hide": (ReportComment.Status.HIDDEN, gettext_lazy("The reply is hidden.")),
}


def _load_report(request, pk):
    return get_object_or_404(Report.objects.prefetch_related("sections"), pk=pk)


def _load_move(request, pk, to):
    if to not in Report.State.values:
        raise Http404
    report = get_object_or_404(Report, pk=pk)
    return ReportMove(report=report, transition=transition_for(report.state, to))


@permission_required(can_edit_coalition)
def report_manage(request):
    state = request.GET.get("state", "")
    if state not in Report.State.values:
        state = ""
    page_obj = Paginator(selectors.report_list_manage(state=state), PER_PAGE).get_page(
        request.GET.get("page")
    )
    rows = [
        {
            "report": report,
            "transitions": transitions_for(request.user, report),
            "can_edit": can_edit_report(request.user, report),
        }
        for report in page_obj
    ]
    counts = selectors.report_state_counts()
    return render(
        request,
        "coalition/report_manage.html",
        {
            "page_obj": page_obj,
            "rows": rows,
            "state": state,
            "states": [
                (value, label, counts.get(value, 0)) for value, label in Report.State.choices
            ],
            "total": sum(counts.values()),
            "pending_comments": selectors.comment_pending_count(),
            "query": f"state={state}" if state else "",
        },
    )


def _report_form_page(request, *, report: Report | None):
    if request.method == "POST":
        form = ReportForm(request.POST, request.FILES, instance=report)
        formset = SectionFormSet(request.POST, prefix="sections")
        if form.is_valid() and formset.is_valid():
            sections = sections_from(formset)
            try:
                if report is None:
                    report = services.report_create(
                        by=request.user, data=form.cleaned_data, sections=sections
                    )
                    messages.success(request, _("The draft is saved."))
                else:
                    revision = services.report_update(
                        report=report, by=request.user, data=form.cleaned_data, sections=sections
                    )
                    if revision is None:
                        messages.info(request, _("Nothing had changed; there was nothing to save."))
                    else:
                        messages.success(request, _("Your changes are saved."))
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                return redirect("coalition:report_edit", pk=report.pk)
        messages.error(request, _("Please correct the errors below; nothing has been saved yet."))
    else:
        form = ReportForm(instance=report)
        formset = SectionFormSet(
            prefix="sections", initial=section_initial(report) if report else None
        )
    return render(
        request,
        "coalition/report_form.html",
        {
            "form": form,
            "formset": formset,
            "report": report,
            "transitions": transitions_for(request.user, report) if report else [],
        },
    )


@permission_required(can_edit_coalition)
def report_create(request):
    return _report_form_page(request, report=None)


@permission_required(can_edit_coalition)
@permission_required(
    can_edit_report,
    load=_load_report,
    refuse=403,
    message=gettext_lazy("Only a publisher can change a report once it is approved."),
)
def report_edit(request, report):
    return _report_form_page(request, report=report)


@permission_required(can_edit_coalition)
def report_history(request, pk):
    report = get_object_or_404(Report, pk=pk)
    page_obj = Paginator(selectors.report_revisions(report=report), HISTORY_PER_PAGE).get_page(
        request.GET.get("page")
    )
    rows = [
        {
            "revision": revision,
            "changed": [str(SNAPSHOT_LABELS.get(name, name)) for name in revision.changed],
        }
        for revision in page_obj
    ]
    return render(
        request,
        "coalition/report_history.html",
        {"report": report, "rows": rows, "page_obj": page_obj},
    )


@permission_required(can_edit_coalition)
@permission_required(
    can_move_report,
    load=_load_move,
    refuse=403,
    message=gettext_lazy("Only a publisher can approve, schedule, publish or unpublish reports."),
)
def report_move(request, move: ReportMove):
    report, transition = move.report, move.transition
    if transition is None:
        messages.warning(
            request,
            _("“%(title)s” is now %(state)s; that step is no longer possible.")
            % {"title": report.title, "state": report.get_state_display().lower()},
        )
        return redirect("coalition:report_manage")
    if request.method == "POST":
        form = ReportMoveForm(request.POST, needs_time=transition.needs_time)
        if form.is_valid():
            try:
                services.report_transition(
                    report=report,
                    to=transition.target,
                    by=request.user,
                    publish_at=form.cleaned_data.get("publish_at"),
                    note=form.cleaned_data["note"],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(
                    request,
                    _("“%(title)s” is now %(state)s.")
                    % {"title": report.title, "state": report.get_state_display().lower()},
                )
                return redirect("coalition:report_manage")
        messages.error(request, _("Please correct the errors below; nothing has changed yet."))
    else:
        form = ReportMoveForm(needs_time=transition.needs_time)
    return render(
        request,
        "coalition/report_move.html",
        {"report": report, "transition": transition, "form": form},
    )


@permission_required(can_moderate_comments)
def comment_queue(request):
    status = request.GET.get("status", ReportComment.Status.PENDING)
    if status not in ReportComment.Status.values:
        status = ReportComment.Status.PENDING
    page_obj = Paginator(selectors.comment_queue(status=status), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "coalition/comment_queue.html",
        {"page_obj": page_obj, "status": status, "statuses": ReportComment.Status.choices},
    )


@require_POST
@permission_required(can_moderate_comments)
def comment_moderate(request, pk, action):
    if action not in MODERATION_ACTIONS:
        raise Http404
    comment = get_object_or_404(ReportComment, pk=pk)
    status, message = MODERATION_ACTIONS[action]
    services.comment_moderate(comment=comment, status=status, by=request.user)
    messages.success(request, message)
    back = request.POST.get("status", ReportComment.Status.PENDING)
    if back not in ReportComment.Status.values:
        back = ReportComment.Status.PENDING
    return redirect(f"{reverse('coalition:comment_queue')}?status={back}")
