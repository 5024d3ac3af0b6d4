import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from coalition.models import (
    Event,
    Goal,
    GoalUpdate,
    Page,
    Partner,
    Report,
    ReportComment,
    ReportRevision,
)
from tests import factories

from .factories import (
    EventFactory,
    GoalFactory,
    GoalUpdateFactory,
    PageFactory,
    PartnerFactory,
    ReportCommentFactory,
    ReportFactory,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "model",
    [Report, ReportComment, ReportRevision, Page, Goal, GoalUpdate, Partner, Event],
)
def test_admin_changelist_and_search_open_for_a_superuser(client, superuser, model):
    ReportCommentFactory()
    GoalUpdateFactory()
    PageFactory()
    PartnerFactory()
    EventFactory()
    client.force_login(superuser)
    url = reverse(f"admin:coalition_{model._meta.model_name}_changelist")
    assert client.get(url).status_code == 200
    assert client.get(url + "?q=health").status_code == 200


def test_admin_change_forms_open_for_a_superuser(client, superuser):
    client.force_login(superuser)
    for obj in (ReportFactory(), GoalFactory(), PageFactory(), PartnerFactory(), EventFactory()):
        url = reverse(f"admin:coalition_{obj._meta.model_name}_change", args=[obj.pk])
        assert client.get(url).status_code == 200, url


def test_admin_publish_action_moves_through_the_service(client, superuser):
    report = ReportFactory(in_review=True)
    draft = ReportFactory()
    client.force_login(superuser)
    client.post(
        reverse("admin:coalition_report_changelist"),
        {"action": "publish_now", "_selected_action": [report.pk, draft.pk]},
    )
    report.refresh_from_db()
    draft.refresh_from_db()
    assert report.state == Report.State.PUBLISHED
    assert report.revisions.get().actor == superuser
    assert draft.state == Report.State.DRAFT  # a draft cannot skip review


def test_admin_publish_action_shows_the_reports_to_an_anonymous_visitor_at_once(
    client, superuser, cached_for_anonymous
):
    ReportFactory(published=True, title="Already out")
    ready = [ReportFactory(in_review=True, title=f"Fresh findings {n}") for n in (1, 2)]
    visitor, before = cached_for_anonymous(reverse("coalition:report_list"))
    assert "Already out" in before
    assert "Fresh findings" not in before
    client.force_login(superuser)

    client.post(
        reverse("admin:coalition_report_changelist"),
        {"action": "publish_now", "_selected_action": [report.pk for report in ready]},
    )

    after = visitor.get(reverse("coalition:report_list")).text
    assert "Fresh findings 1" in after
    assert "Fresh findings 2" in after
    assert "Already out" in after


def test_admin_unpublish_action_hides_the_reports_from_an_anonymous_visitor_at_once(
    client, superuser, cached_for_anonymous
):
    report = ReportFactory(published=True, title="Soon withdrawn")
    visitor, before = cached_for_anonymous(reverse("coalition:report_list"))
    assert "Soon withdrawn" in before
    client.force_login(superuser)

    client.post(
        reverse("admin:coalition_report_changelist"),
        {"action": "unpublish", "_selected_action": [report.pk]},
    )

    assert "Soon withdrawn" not in visitor.get(reverse("coalition:report_list")).text


def test_admin_comment_actions_moderate_through_the_service(client, superuser):
    comments = ReportCommentFactory.create_batch(2, status="pending")
    client.force_login(superuser)
    client.post(
        reverse("admin:coalition_reportcomment_changelist"),
        {"action": "approve", "_selected_action": [c.pk for c in comments]},
    )
    assert set(ReportComment.objects.values_list("status", "moderated_by")) == {
        ("approved", superuser.pk)
    }


def test_admin_report_edit_is_kept_in_the_history(client, superuser):
    report = ReportFactory()
    client.force_login(superuser)
    url = reverse("admin:coalition_report_change", args=[report.pk])
    section = report.sections.get()
    response = client.post(
        url,
        {
            "title": "Edited in the admin",
            "slug": report.slug,
            "year": "2021",
            "summary": report.summary,
            "key_findings": "",
            "cover_alt": "",
            "publish_at_0": "",
            "publish_at_1": "",
            "sections-TOTAL_FORMS": "1",
            "sections-INITIAL_FORMS": "1",
            "sections-MIN_NUM_FORMS": "0",
            "sections-MAX_NUM_FORMS": "1000",
            "sections-0-id": section.pk,
            "sections-0-report": report.pk,
            "sections-0-position": "1",
            "sections-0-heading": "Renamed section",
            "sections-0-body": section.body,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    revision = report.revisions.get()
    assert revision.actor == superuser
    assert revision.snapshot["sections"][0]["heading"] == "Renamed section"


def test_admin_editor_may_change_a_draft_but_not_a_published_report(client):
    editor = factories.editor()
    editor.user_permissions.add(*Permission.objects.filter(content_type__app_label="coalition"))
    draft, published = ReportFactory(), ReportFactory(published=True)
    client.force_login(editor)

    assert client.get(reverse("admin:coalition_report_change", args=[draft.pk])).status_code == 200
    response = client.post(
        reverse("admin:coalition_report_change", args=[published.pk]), {"title": "Changed"}
    )

    assert response.status_code == 403
    assert Report.objects.get(pk=published.pk).title != "Changed"


def test_admin_goal_update_sets_the_goal_status(client, superuser):
    goal = GoalFactory()
    client.force_login(superuser)
    client.post(
        reverse("admin:coalition_goalupdate_add"),
        {"goal": goal.pk, "date": "2026-01-01", "status": "achieved", "note": "Done"},
    )
    goal.refresh_from_db()
    assert goal.status == "achieved"
