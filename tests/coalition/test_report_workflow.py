"""The editorial workflow, through the one service that enforces it."""

import datetime
import itertools

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from coalition.models import Report, ReportRevision
from coalition.services import report_create, report_transition, report_update
from tests import factories

from .factories import ReportFactory, pdf_upload

pytestmark = pytest.mark.django_db

S = Report.State
# Written out by hand, not read from coalition.permissions: this is the rule the code must keep.
ALLOWED = {
    (S.DRAFT, S.IN_REVIEW): {"editor", "publisher"},
    (S.IN_REVIEW, S.DRAFT): {"editor", "publisher"},
    (S.IN_REVIEW, S.SCHEDULED): {"publisher"},
    (S.IN_REVIEW, S.PUBLISHED): {"publisher"},
    (S.SCHEDULED, S.PUBLISHED): {"publisher"},
    (S.SCHEDULED, S.DRAFT): {"publisher"},
    (S.PUBLISHED, S.UNPUBLISHED): {"publisher"},
    (S.UNPUBLISHED, S.PUBLISHED): {"publisher"},
    (S.UNPUBLISHED, S.DRAFT): {"editor", "publisher"},
}
ROLES = ["editor", "publisher", "superuser", "practitioner", "anonymous"]
TRAITS = {
    S.DRAFT: {},
    S.IN_REVIEW: {"in_review": True},
    S.SCHEDULED: {"scheduled": True},
    S.PUBLISHED: {"published": True},
    S.UNPUBLISHED: {"unpublished": True},
}


def _person(role):
    return {
        "editor": factories.editor,
        "publisher": factories.publisher,
        "superuser": lambda: factories.UserFactory(verified=True, is_superuser=True),
        "practitioner": lambda: factories.UserFactory(verified=True),
        "anonymous": AnonymousUser,
    }[role]()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("source", "target"), [(a, b) for a, b in itertools.permutations(S.values, 2)]
)
def test_report_transition_matrix_allows_exactly_the_listed_moves(role, source, target):
    report = ReportFactory(**TRAITS[source])
    person = _person(role)
    allowed = ALLOWED.get((source, target))
    # A superuser is both editor and publisher.
    may = allowed is not None and (role in allowed or role == "superuser")
    publish_at = timezone.now() + datetime.timedelta(hours=2)

    if allowed is None:
        with pytest.raises(ValidationError):
            report_transition(report=report, to=target, by=person, publish_at=publish_at)
    elif not may:
        with pytest.raises(PermissionDenied):
            report_transition(report=report, to=target, by=person, publish_at=publish_at)
    else:
        report_transition(report=report, to=target, by=person, publish_at=publish_at)
    report.refresh_from_db()
    assert report.state == (target if may else source)
    revisions = ReportRevision.objects.filter(report=report, action="transition")
    assert revisions.count() == (1 if may else 0)


def test_report_transition_records_who_when_and_the_note(editor):
    report = ReportFactory()
    report_transition(report=report, to=S.IN_REVIEW, by=editor, note="  Ready for a read.  ")
    revision = report.revisions.get()
    assert revision.actor == editor
    assert (revision.from_state, revision.to_state) == (S.DRAFT, S.IN_REVIEW)
    assert revision.note == "Ready for a read."
    assert revision.changed == []  # no earlier revision to compare with
    assert revision.snapshot["state"] == S.IN_REVIEW
    assert revision.snapshot["sections"][0]["heading"] == "What we heard"


def test_report_transition_to_scheduled_without_a_time_is_refused(publisher):
    report = ReportFactory(in_review=True)
    with pytest.raises(ValidationError) as error:
        report_transition(report=report, to=S.SCHEDULED, by=publisher)
    assert "publish_at" in error.value.message_dict


def test_report_transition_to_scheduled_in_the_past_is_refused(publisher):
    report = ReportFactory(in_review=True)
    with pytest.raises(ValidationError):
        report_transition(
            report=report,
            to=S.SCHEDULED,
            by=publisher,
            publish_at=timezone.now() - datetime.timedelta(minutes=1),
        )
    report.refresh_from_db()
    assert report.state == S.IN_REVIEW


def test_report_transition_of_an_empty_report_to_review_is_refused(editor):
    report = ReportFactory(section=None)
    with pytest.raises(ValidationError, match="at least one section"):
        report_transition(report=report, to=S.IN_REVIEW, by=editor)


def test_report_publishing_again_keeps_the_first_publication_date(publisher):
    first = timezone.now() - datetime.timedelta(days=400)
    report = ReportFactory(in_review=True)
    report_transition(report=report, to=S.PUBLISHED, by=publisher, now=first)
    report_transition(report=report, to=S.UNPUBLISHED, by=publisher)
    report_transition(report=report, to=S.PUBLISHED, by=publisher)
    report.refresh_from_db()
    assert report.published_at == first


def test_report_transition_back_to_draft_clears_the_schedule(publisher):
    report = ReportFactory(scheduled=True)
    report_transition(report=report, to=S.DRAFT, by=publisher)
    report.refresh_from_db()
    assert report.publish_at is None


def test_report_scheduler_cannot_publish_a_report_that_is_not_due():
    report = ReportFactory(scheduled=True)
    with pytest.raises(PermissionDenied):
        report_transition(report=report, to=S.PUBLISHED, by=None)


def test_report_scheduler_cannot_make_any_other_move():
    report = ReportFactory()
    with pytest.raises(PermissionDenied):
        report_transition(report=report, to=S.IN_REVIEW, by=None)


def test_report_create_by_an_editor_makes_a_draft_with_sections_and_a_first_revision(editor):
    report = report_create(
        by=editor,
        data={
            "title": "Status 2022",
            "slug": "status-2022",
            "year": 2022,
            "summary": "A summary.",
            "key_findings": "",
            "pdf": pdf_upload(),
        },
        sections=[{"heading": "One", "body": "First"}, {"heading": "Two", "body": "Second"}],
    )
    assert report.state == S.DRAFT
    assert report.created_by == editor
    assert [s.heading for s in report.sections.all()] == ["One", "Two"]
    assert report.pdf.name.endswith(".pdf")  # under a name the server picked
    assert report.revisions.get().action == ReportRevision.Action.CREATED


@pytest.mark.parametrize("role", ["practitioner", "anonymous"])
def test_report_create_by_someone_who_is_not_an_editor_is_refused(role):
    with pytest.raises(PermissionDenied):
        report_create(
            by=_person(role),
            data={"title": "X", "slug": "x", "year": 2022, "summary": "S"},
            sections=[],
        )
    assert not Report.objects.exists()


def test_report_update_keeps_the_changed_fields_in_the_history(editor):
    report = ReportFactory()
    report_update(report=report, by=editor, data={"title": "A first title"})
    revision = report_update(
        report=report,
        by=editor,
        data={"title": "A better title"},
        sections=[{"heading": "New", "body": "Text"}],
    )
    assert revision.changed == ["title", "sections"]
    assert revision.snapshot["title"] == "A better title"
    assert revision.actor == editor


def test_report_update_that_changes_nothing_leaves_no_revision(editor):
    report = ReportFactory()
    report_update(report=report, by=editor, data={"title": "Same"})
    assert report_update(report=report, by=editor, data={"title": "Same"}) is None
    assert report.revisions.count() == 1


def test_report_update_of_a_published_report_by_an_editor_is_refused(editor):
    report = ReportFactory(published=True)
    with pytest.raises(PermissionDenied):
        report_update(report=report, by=editor, data={"title": "Sneaky"})
    report.refresh_from_db()
    assert report.title != "Sneaky"


def test_report_update_of_a_published_report_by_a_publisher_is_kept(publisher):
    report = ReportFactory(published=True)
    revision = report_update(report=report, by=publisher, data={"title": "Corrected"})
    assert revision.changed == []  # the first revision of this report: nothing to compare
    assert Report.objects.get(pk=report.pk).title == "Corrected"
