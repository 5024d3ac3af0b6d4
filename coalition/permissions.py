"""Who may do what in the coalition's pages. The report workflow's transition table lives here
too: it is the single statement of which move each role may make, read by the service that
enforces it and by the pages that offer the buttons."""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from roots.permissions import has_verified_email, is_editor, is_publisher

from .models import Report

State = Report.State


def can_edit_coalition(user) -> bool:
    """Editors and publishers write reports, pages, goals' progress and events."""
    return is_editor(user) or is_publisher(user)


def can_view_report(user, report: Report) -> bool:
    return report.is_published or can_edit_coalition(user)


def can_edit_report(user, report: Report) -> bool:
    # Once a publisher has approved a report, only a publisher changes its text; an editor
    # sends an unpublished report back to draft first.
    if report.state in {State.DRAFT, State.IN_REVIEW}:
        return can_edit_coalition(user)
    return is_publisher(user)


def can_comment(user) -> bool:
    return has_verified_email(user)


def can_comment_on(user, report: Report) -> bool:
    return report.is_published and can_comment(user)


def can_moderate_comments(user) -> bool:
    return can_edit_coalition(user)


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    label: str
    explanation: str
    allowed: Callable[..., bool]
    by_scheduler: bool = False
    needs_time: bool = False


TRANSITIONS = [
    Transition(
        State.DRAFT,
        State.IN_REVIEW,
        _("Submit for review"),
        _("A publisher will read it and publish it, schedule it or send it back."),
        can_edit_coalition,
    ),
    Transition(
        State.IN_REVIEW,
        State.DRAFT,
        _("Back to draft"),
        _("The report leaves the review queue so that it can be reworked."),
        can_edit_coalition,
    ),
    Transition(
        State.IN_REVIEW,
        State.SCHEDULED,
        _("Schedule"),
        _("The report goes live by itself at the time you choose."),
        is_publisher,
        needs_time=True,
    ),
    Transition(
        State.IN_REVIEW,
        State.PUBLISHED,
        _("Publish now"),
        _("Everyone can read the report, and it appears in the feed."),
        is_publisher,
    ),
    Transition(
        State.SCHEDULED,
        State.PUBLISHED,
        _("Publish now"),
        _("Everyone can read the report, and it appears in the feed."),
        is_publisher,
        by_scheduler=True,
    ),
    Transition(
        State.SCHEDULED,
        State.DRAFT,
        _("Cancel and back to draft"),
        _("The schedule is dropped; the report goes back to its editors."),
        is_publisher,
    ),
    Transition(
        State.PUBLISHED,
        State.UNPUBLISHED,
        _("Unpublish"),
        _("The report disappears from the site and the feed. Its comments are kept."),
        is_publisher,
    ),
    Transition(
        State.UNPUBLISHED,
        State.PUBLISHED,
        _("Publish again"),
        _("Everyone can read the report again."),
        is_publisher,
    ),
    Transition(
        State.UNPUBLISHED,
        State.DRAFT,
        _("Back to draft"),
        _("Editors can rework the report and submit it for review again."),
        can_edit_coalition,
    ),
]
_BY_STATES = {(t.source, t.target): t for t in TRANSITIONS}


def transition_for(source: str, target: str) -> Transition | None:
    return _BY_STATES.get((source, target))


def transitions_for(user, report: Report) -> list[Transition]:
    """The moves this user may make on this report now, in the order buttons are shown."""
    return [t for t in TRANSITIONS if t.source == report.state and t.allowed(user)]


@dataclass(frozen=True)
class ReportMove:
    report: Report
    transition: Transition


def can_move_report(user, move: ReportMove) -> bool:
    # A move that no longer exists from the report's state is explained by the view itself.
    return move.transition is None or move.transition.allowed(user)
