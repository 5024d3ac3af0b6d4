"""The standing pages, the action goals and the partners."""

import datetime

import pytest
from django.db import IntegrityError
from django.urls import reverse

from coalition.models import Goal, GoalStatus, Page, Partner
from coalition.services import goal_update_create

from .factories import GoalFactory, GoalUpdateFactory, PageFactory, PartnerFactory

pytestmark = pytest.mark.django_db


# Pages --------------------------------------------------------------------------------------


def test_page_shows_its_markdown_sanitized_to_anyone(client):
    page = PageFactory(slug="mission", body="## How\n\n**Together**<script>alert(1)</script>")
    content = client.get(reverse("coalition:page", args=["mission"])).content.decode()
    assert f'<h1 id="page-title">{page.title}</h1>' in content
    assert "<strong>Together</strong>" in content
    assert "<script>alert" not in content
    assert "Edit this page" not in content


def test_page_that_does_not_exist_is_404(client):
    assert client.get(reverse("coalition:page", args=["nothing"])).status_code == 404


def test_page_edit_sends_anonymous_visitors_to_sign_in(client):
    PageFactory(slug="mission")
    response = client.get(reverse("coalition:page_edit", args=["mission"]))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_page_edit_is_404_for_practitioners(client, practitioner):
    PageFactory(slug="mission")
    client.force_login(practitioner)
    assert client.get(reverse("coalition:page_edit", args=["mission"])).status_code == 404


def test_page_edit_by_an_editor_saves_and_records_who(client, editor):
    PageFactory(slug="mission")
    client.force_login(editor)
    response = client.post(
        reverse("coalition:page_edit", args=["mission"]),
        {"title": "Why we exist", "summary": "", "body": "New *words*"},
        follow=True,
    )
    page = Page.objects.get(slug="mission")
    assert (page.title, page.updated_by) == ("Why we exist", editor)
    assert "The page is saved" in response.content.decode()
    assert "<em>words</em>" in response.content.decode()


def test_page_edit_with_errors_keeps_the_input(client, editor):
    PageFactory(slug="mission")
    client.force_login(editor)
    response = client.post(
        reverse("coalition:page_edit", args=["mission"]),
        {"title": "Kept title", "summary": "", "body": ""},
    )
    assert response.status_code == 200
    assert 'value="Kept title"' in response.content.decode()
    assert Page.objects.get(slug="mission").title != "Kept title"


def test_page_edit_lets_a_publisher_start_a_missing_page(client, publisher):
    client.force_login(publisher)
    client.post(
        reverse("coalition:page_edit", args=["health-equity"]),
        {"title": "What is health equity?", "summary": "", "body": "A fair chance."},
    )
    assert Page.objects.get(slug="health-equity").body == "A fair chance."


# Goals --------------------------------------------------------------------------------------


def test_goal_list_shows_each_goal_with_its_latest_status_and_history(client):
    goal = GoalFactory(number=3, title="Equity in strategy", target_year=2025)
    for date, status, note in [
        (datetime.date(2020, 2, 1), GoalStatus.NOT_STARTED, "Baseline counted"),
        (datetime.date(2023, 5, 1), GoalStatus.ACHIEVED, "Half as many again"),
    ]:
        GoalUpdateFactory(goal=goal, date=date, status=status, note=note)
    goal.status = GoalStatus.ACHIEVED
    goal.save()

    content = client.get(reverse("coalition:goal_list")).content.decode()

    assert "Goal 3: Equity in strategy" in content
    assert "Target: 2025" in content
    assert content.index("Half as many again") < content.index("Baseline counted")
    assert "Achieved" in content


def test_goal_list_without_goals_says_so(client):
    assert "not been published yet" in client.get(reverse("coalition:goal_list")).content.decode()


@pytest.mark.parametrize("count", [2, 12])
def test_goal_list_queries_stay_constant(client, django_assert_max_num_queries, count):
    for goal in GoalFactory.create_batch(count):
        GoalUpdateFactory.create_batch(3, goal=goal)
    with django_assert_max_num_queries(2):  # goals + their updates
        response = client.get(reverse("coalition:goal_list"))
    assert response.status_code == 200


def test_goal_update_create_sets_the_goal_status_from_the_latest_dated_update(editor):
    goal = GoalFactory()
    goal_update_create(
        goal=goal, by=editor, date=datetime.date(2024, 1, 1), status="in_progress", note="Going"
    )
    # An update backdated before the latest one does not change the current status.
    goal_update_create(
        goal=goal, by=editor, date=datetime.date(2021, 1, 1), status="not_started", note="Old"
    )
    assert Goal.objects.get(pk=goal.pk).status == GoalStatus.IN_PROGRESS


def test_goal_update_create_page_records_progress_for_editors(client, editor):
    goal = GoalFactory(number=5)
    client.force_login(editor)
    response = client.post(
        reverse("coalition:goal_update_create", args=[5]),
        {"date": "2026-03-01", "status": "achieved", "note": "Target adopted."},
    )
    assert response["Location"] == goal.get_absolute_url()
    goal.refresh_from_db()
    assert goal.status == GoalStatus.ACHIEVED
    assert goal.updates.get().created_by == editor


def test_goal_update_create_page_refuses_others(client, practitioner):
    GoalFactory(number=5)
    url = reverse("coalition:goal_update_create", args=[5])
    assert reverse("account_login") in client.get(url)["Location"]
    client.force_login(practitioner)
    assert client.get(url).status_code == 404


def test_goal_update_create_page_with_errors_keeps_the_input(client, editor):
    GoalFactory(number=5)
    client.force_login(editor)
    response = client.post(
        reverse("coalition:goal_update_create", args=[5]),
        {"date": "", "status": "achieved", "note": "Kept note"},
    )
    assert response.status_code == 200
    assert "Kept note" in response.content.decode()


# Partners -----------------------------------------------------------------------------------


def _partners():
    PartnerFactory(name="Founding Foundation", tier="founding", sector="foundation")
    PartnerFactory(name="Inaugural Insurer", tier="inaugural", sector="health_insurer")
    PartnerFactory(name="Member Insurer", tier="member", sector="health_insurer")
    PartnerFactory(name="Member Nonprofit", tier="member", sector="nonprofit")


def test_partner_list_shows_everyone_with_counts_per_tier_and_sector(client):
    _partners()
    response = client.get(reverse("coalition:partner_list"))
    content = response.content.decode()
    assert "4 partners" in content
    counts = response.context["counts"]
    assert [c for _, _, c in counts["tiers"]] == [1, 1, 2]
    assert {v: c for v, _, c in counts["sectors"]}["health_insurer"] == 2


def test_partner_list_filters_by_tier_and_sector_with_counts_for_the_other(client):
    _partners()
    response = client.get(reverse("coalition:partner_list") + "?sector=health_insurer")
    content = response.content.decode()
    assert "Inaugural Insurer" in content
    assert "Member Insurer" in content
    assert "Member Nonprofit" not in content
    # Tier counts are those within the chosen sector.
    assert [c for _, _, c in response.context["counts"]["tiers"]] == [0, 1, 1]

    response = client.get(reverse("coalition:partner_list") + "?sector=health_insurer&tier=member")
    names = [p.name for p in response.context["page_obj"]]
    assert names == ["Member Insurer"]


def test_partner_list_with_an_unknown_filter_shows_everyone(client):
    _partners()
    response = client.get(reverse("coalition:partner_list") + "?tier=platinum")
    assert response.status_code == 200
    assert len(response.context["page_obj"]) == 4


def test_partner_list_with_no_match_says_so(client):
    _partners()
    response = client.get(reverse("coalition:partner_list") + "?tier=founding&sector=business")
    assert "No partner matches these filters" in response.content.decode()


@pytest.mark.parametrize("count", [5, 40])
def test_partner_list_queries_stay_constant(client, django_assert_max_num_queries, count):
    PartnerFactory.create_batch(count)
    with django_assert_max_num_queries(3):  # page count + page + counts
        response = client.get(reverse("coalition:partner_list"))
    assert response.status_code == 200


def test_partner_name_is_unique_whatever_its_case():
    PartnerFactory(name="Same Name")
    with pytest.raises(IntegrityError):
        Partner.objects.create(name="same name", sector="business", year_joined=2020)
