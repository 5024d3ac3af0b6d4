import pytest
from django.core.management import call_command
from django.utils import timezone

from coalition.models import Event, Goal, Page, Partner, Report, ReportRevision

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    call_command("seed_demo", verbosity=0)


def test_demo_has_the_mission_and_health_equity_pages(seeded, client):
    assert set(Page.objects.values_list("slug", flat=True)) >= {"mission", "health-equity"}
    assert "zip code" in client.get("/about/health-equity/").content.decode()


def test_demo_publishes_the_2020_report_and_leaves_2021_in_review(seeded):
    published = Report.objects.get(year=2020)
    assert published.state == Report.State.PUBLISHED
    assert published.published_at.date().isoformat() == "2020-02-26"
    assert published.sections.count() >= 3
    assert len(published.key_findings_list) >= 3
    assert published.pdf.read().startswith(b"%PDF-")
    assert published.cover_alt
    in_review = Report.objects.get(year=2021)
    assert in_review.state == Report.State.IN_REVIEW
    assert in_review.revisions.filter(action=ReportRevision.Action.TRANSITION).count() == 1


def test_demo_has_eight_goals_for_2025_each_with_progress(seeded):
    goals = Goal.objects.prefetch_related("updates")
    assert [g.number for g in goals] == list(range(1, 9))
    assert {g.target_year for g in goals} == {2025}
    assert all(g.updates.count() >= 2 for g in goals)


def test_demo_has_partners_in_every_tier_and_upcoming_and_past_events(seeded):
    assert Partner.objects.count() >= 15
    assert set(Partner.objects.values_list("tier", flat=True)) == set(Partner.Tier.values)
    assert Partner.objects.values("sector").distinct().count() == len(Partner.Sector.values)
    now = timezone.now()
    assert Event.objects.upcoming(now).filter(kind="summit").exists()
    assert Event.objects.upcoming(now).filter(kind="webinar").count() >= 2
    assert Event.objects.past(now).exists()


def test_demo_twice_adds_no_revisions(seeded):
    before = ReportRevision.objects.count()
    call_command("seed_demo", verbosity=0)
    assert ReportRevision.objects.count() == before
