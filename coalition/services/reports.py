"""Writing reports and moving them through the editorial workflow. Every change leaves a
ReportRevision: who, when, which fields, and a snapshot of the report as it then was."""

import logging
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coalition.models import Report, ReportRevision, ReportSection
from coalition.permissions import can_edit_coalition, can_edit_report, transition_for

logger = logging.getLogger(__name__)

State = Report.State
EDITABLE_FIELDS = ["title", "slug", "year", "summary", "key_findings", "pdf", "cover", "cover_alt"]
READY_STATES = {State.IN_REVIEW, State.SCHEDULED, State.PUBLISHED}


def report_snapshot(report: Report) -> dict:
    return {
        "title": report.title,
        "slug": report.slug,
        "year": report.year,
        "summary": report.summary,
        "key_findings": report.key_findings,
        "pdf": report.pdf.name or "",
        "cover": report.cover.name or "",
        "cover_alt": report.cover_alt,
        "sections": [
            {"heading": section.heading, "body": section.body}
            for section in report.sections.order_by("position", "pk")
        ],
        "state": report.state,
        "publish_at": report.publish_at.isoformat() if report.publish_at else None,
    }


def _record(
    *, report: Report, actor, action: str, from_state: str = "", note: str = ""
) -> ReportRevision | None:
    """Keep the change. An edit that changed nothing is not a change and leaves no trace."""
    snapshot = report_snapshot(report)
    previous = (
        ReportRevision.objects.filter(report=report)
        .order_by("-created_at", "-pk")
        .values_list("snapshot", flat=True)
        .first()
    )
    changed = [] if previous is None else [k for k in snapshot if previous.get(k) != snapshot[k]]
    if action == ReportRevision.Action.EDITED and previous is not None and not changed:
        return None
    return ReportRevision.objects.create(
        report=report,
        actor=actor,
        action=action,
        from_state=from_state,
        to_state=report.state,
        changed=changed,
        snapshot=snapshot,
        note=note,
    )


def _apply(report: Report, data: dict) -> None:
    for field in EDITABLE_FIELDS:
        if field not in data:
            continue
        value = data[field]
        # A cleared file input gives False; an untouched one gives the stored file back.
        setattr(report, field, "" if value is False else value)


def _replace_sections(report: Report, sections: list[dict]) -> None:
    report.sections.all().delete()
    ReportSection.objects.bulk_create(
        ReportSection(
            report=report,
            position=position,
            heading=section["heading"].strip(),
            body=section["body"].strip(),
        )
        for position, section in enumerate(sections, start=1)
    )


@transaction.atomic
def report_create(*, by, data: dict, sections: list[dict]) -> Report:
    """A new draft. `data` holds the report's fields (a ReportForm's cleaned_data), `sections`
    a list of {"heading", "body"} in reading order."""
    if not can_edit_coalition(by):
        raise PermissionDenied(_("Only editors and publishers write reports."))
    report = Report(created_by=by, state=State.DRAFT)
    _apply(report, data)
    report.full_clean()
    report.save()
    _replace_sections(report, sections)
    _record(report=report, actor=by, action=ReportRevision.Action.CREATED)
    return report


@transaction.atomic
def report_update(
    *, report: Report, by, data: dict, sections: list[dict] | None = None
) -> ReportRevision | None:
    """Save an edit; returns the revision, or None when nothing changed."""
    locked = Report.objects.select_for_update().get(pk=report.pk)
    if not can_edit_report(by, locked):
        raise PermissionDenied(_("Only a publisher can change a report once it is approved."))
    _apply(locked, data)
    locked.full_clean()
    locked.save()
    if sections is not None:
        _replace_sections(locked, sections)
    return _record(report=locked, actor=by, action=ReportRevision.Action.EDITED)


def report_record_edit(*, report: Report, by, created: bool = False) -> ReportRevision | None:
    """Keep an edit made elsewhere (the admin saves the row and its sections itself)."""
    action = ReportRevision.Action.CREATED if created else ReportRevision.Action.EDITED
    return _record(report=report, actor=by, action=action)


def _check_ready(report: Report) -> None:
    if not report.summary.strip():
        raise ValidationError(_("Write a summary first."), code="not_ready")
    if not report.sections.exists() and not report.pdf:
        raise ValidationError(
            _("Add at least one section or a PDF before the report goes further."),
            code="not_ready",
        )


def _move(
    report: Report, *, to: str, by, publish_at: datetime | None, note: str, now: datetime
) -> Report:
    """Make the move on a row the caller has locked."""
    transition = transition_for(report.state, to)
    if transition is None:
        raise ValidationError(
            _("A report that is “%(state)s” cannot become “%(to)s”."),
            code="invalid_transition",
            params={"state": report.get_state_display(), "to": State(to).label},
        )
    if by is None:
        due = report.publish_at is not None and report.publish_at <= now
        if not (transition.by_scheduler and due):
            raise PermissionDenied("The scheduler only publishes scheduled reports that are due.")
    elif not transition.allowed(by):
        raise PermissionDenied(
            _("You may not do this: “%(action)s” is for publishers.") % {"action": transition.label}
        )
    if to in READY_STATES:
        _check_ready(report)
    from_state = report.state
    if transition.needs_time:
        if publish_at is None:
            raise ValidationError(
                {"publish_at": _("Choose when the report goes live.")}, code="required"
            )
        if publish_at <= now:
            raise ValidationError(
                {"publish_at": _("Choose a time in the future, or publish now.")}, code="past"
            )
        report.publish_at = publish_at
    if to == State.PUBLISHED:
        report.published_at = report.published_at or now
        if by is not None:
            report.publish_at = None
    if to == State.DRAFT:
        report.publish_at = None
    report.state = to
    report.save(update_fields=["state", "publish_at", "published_at", "updated_at"])
    _record(
        report=report,
        actor=by,
        action=ReportRevision.Action.TRANSITION,
        from_state=from_state,
        note=note.strip(),
    )
    return report


@transaction.atomic
def report_transition(
    *,
    report: Report,
    to: str,
    by,
    publish_at: datetime | None = None,
    note: str = "",
    now: datetime | None = None,
) -> Report:
    """Move a report along the workflow (see coalition.permissions.TRANSITIONS for who may make
    which move). `by` is the person, or None for the scheduler. Raises ValidationError for a move
    that does not exist from the report's state or a report that is not ready, PermissionDenied
    for a move this person may not make. The caller's `report` is refreshed."""
    now = now or timezone.now()
    locked = Report.objects.select_for_update().get(pk=report.pk)
    _move(locked, to=to, by=by, publish_at=publish_at, note=note, now=now)
    report.state = locked.state
    report.publish_at = locked.publish_at
    report.published_at = locked.published_at
    report.updated_at = locked.updated_at
    return report


def report_publish_scheduled(*, now: datetime | None = None) -> list[int]:
    """Publish every scheduled report whose time has come; returns their ids. Each report is
    locked and checked again in its own transaction, so two runs at once publish it once."""
    now = now or timezone.now()
    published = []
    for pk in Report.objects.due(now).values_list("pk", flat=True):
        with transaction.atomic():
            report = Report.objects.select_for_update(skip_locked=True).due(now).filter(pk=pk)
            report = report.first()
            if report is None:
                continue
            try:
                _move(report, to=State.PUBLISHED, by=None, publish_at=None, note="", now=now)
            except ValidationError:
                logger.warning("Scheduled report %s is not ready; left scheduled.", pk)
                continue
        published.append(pk)
    return published
