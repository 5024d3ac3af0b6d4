"""An editor drafts a report and submits it, a publisher publishes it, a visitor reads it; and
the coalition's public pages pass axe-core."""

import re

import pytest
from playwright.sync_api import expect

from coalition.models import Report
from tests.coalition.factories import (
    EventFactory,
    GoalFactory,
    GoalUpdateFactory,
    PartnerFactory,
    ReportCommentFactory,
    ReportFactory,
    ReportSectionFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_editor_drafts_publisher_publishes_and_a_visitor_reads_the_report(
    page, browser, live_server, editor, publisher, sign_in
):
    sign_in(page, editor)
    page.goto("/reports/manage/")
    page.get_by_role("link", name="Write a new report").click()
    page.get_by_label("Title").fill("Status of Health Equity 2026")
    page.get_by_label("Year").fill("2026")
    page.get_by_label("Summary").fill("Where members stand, six years on.")
    page.get_by_label("Key findings").fill("Housing first\nPay for results")
    page.get_by_label("Heading").fill("What changed")
    page.get_by_label("Text").fill("Members **shared** their data.")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_role("status")).to_contain_text("The draft is saved")

    page.get_by_role("link", name="Preview it").click()
    expect(page.get_by_text("Preview.")).to_be_visible()
    page.get_by_role("link", name="Submit for review").click()
    page.get_by_label("Note for the history").fill("Ready for a read.")
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_role("status")).to_contain_text("is now in review")

    publisher_context = browser.new_context(base_url=live_server.url)
    publisher_page = publisher_context.new_page()
    sign_in(publisher_page, publisher)
    publisher_page.goto("/reports/manage/?state=in_review")
    publisher_page.get_by_role("link", name=re.compile(r"^Publish now")).click()
    publisher_page.get_by_role("button", name="Publish now").click()
    expect(publisher_page.get_by_role("status")).to_contain_text("is now published")
    publisher_context.close()

    visitor_context = browser.new_context(base_url=live_server.url)
    visitor = visitor_context.new_page()
    visitor.goto("/reports/")
    visitor.get_by_role("link", name="Status of Health Equity 2026").click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Status of Health Equity 2026")
    expect(visitor.get_by_role("heading", name="What changed")).to_be_visible()
    expect(visitor.locator("strong", has_text="shared")).to_be_visible()
    expect(visitor.get_by_role("link", name="Sign in to leave a reply")).to_be_visible()
    visitor_context.close()

    report = Report.objects.get()
    assert report.state == Report.State.PUBLISHED
    assert [r.actor for r in report.revisions.order_by("created_at", "pk")] == [
        editor,
        editor,
        publisher,
    ]


def test_coalition_public_pages_have_no_serious_accessibility_violations(page, assert_accessible):
    report = ReportFactory(published=True, title="The Status of Health Equity")
    ReportSectionFactory(
        report=report, heading="Three strategies", body="1. **Scale** it\n2. Align"
    )
    ReportCommentFactory(report=report, body="We used it, see https://example.org")
    for goal in GoalFactory.create_batch(3):
        GoalUpdateFactory(goal=goal)
    PartnerFactory(tier="founding", sector="foundation")
    PartnerFactory(tier="inaugural", sector="health_system")
    event = EventFactory(venue="Convention Center", address="Minneapolis, MN")
    EventFactory(past=True)

    for path in [
        "/reports/",
        report.get_absolute_url(),
        "/goals/",
        "/partners/",
        "/partners/?tier=founding",
        "/events/",
        event.get_absolute_url(),
        "/",
    ]:
        page.goto(path)
        assert_accessible(page)


def test_editors_pages_have_no_serious_accessibility_violations(
    page, editor, sign_in, assert_accessible
):
    report = ReportFactory(in_review=True)
    ReportCommentFactory(status="pending")
    sign_in(page, editor)
    for path in [
        "/reports/manage/",
        f"/reports/manage/{report.pk}/edit/",
        f"/reports/manage/{report.pk}/history/",
        f"/reports/manage/{report.pk}/move/draft/",
        report.get_absolute_url(),
        "/reports/manage/comments/",
        "/events/new/",
    ]:
        page.goto(path)
        assert_accessible(page)
