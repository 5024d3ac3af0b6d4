import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from coalition.models import ReportComment
from coalition.services import comment_create, comment_moderate
from coalition.services.comments import COMMENT_LIMIT
from tests import factories

from .factories import ReportCommentFactory, ReportFactory

pytestmark = pytest.mark.django_db


def _reply_url(report):
    return reverse("coalition:comment_create", args=[report.slug])


# Posting ----------------------------------------------------------------------------------


def test_comment_create_sends_anonymous_visitors_to_sign_in(client):
    report = ReportFactory(published=True)
    response = client.post(_reply_url(report), {"body": "Hello"})
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    assert not ReportComment.objects.exists()


def test_comment_create_by_an_unverified_user_is_refused_with_a_reason(client, unverified_user):
    report = ReportFactory(published=True)
    client.force_login(unverified_user)
    response = client.post(_reply_url(report), {"body": "Hello"})
    assert response.status_code == 403
    assert not ReportComment.objects.exists()
    page = client.get(report.get_absolute_url()).content.decode()
    assert "Verify your e-mail address to leave a reply" in page


def test_comment_create_on_an_unpublished_report_is_404(client, practitioner):
    report = ReportFactory(in_review=True)
    client.force_login(practitioner)
    assert client.post(_reply_url(report), {"body": "Hello"}).status_code == 404


def test_comment_create_get_is_not_allowed(client, practitioner):
    report = ReportFactory(published=True)
    client.force_login(practitioner)
    assert client.get(_reply_url(report)).status_code == 405


def test_comment_first_one_waits_for_moderation_and_only_its_author_sees_it(client, practitioner):
    report = ReportFactory(published=True)
    client.force_login(practitioner)

    response = client.post(
        _reply_url(report), {"body": "We ran a brown-bag lunch on it."}, follow=True
    )

    comment = ReportComment.objects.get()
    assert comment.status == ReportComment.Status.PENDING
    content = response.content.decode()
    assert "will appear once an editor has read it" in content
    assert "We ran a brown-bag lunch on it." in content
    assert "Waiting for moderation" in content

    client.logout()
    assert "brown-bag" not in client.get(report.get_absolute_url()).content.decode()


def test_comment_after_an_approved_one_appears_at_once(client, practitioner, editor):
    report = ReportFactory(published=True)
    first = comment_create(report=report, author=practitioner, body="First")
    comment_moderate(comment=first, status=ReportComment.Status.APPROVED, by=editor)

    second = comment_create(report=ReportFactory(published=True), author=practitioner, body="Two")

    assert second.status == ReportComment.Status.APPROVED


def test_comment_after_a_hidden_one_still_waits(practitioner, editor):
    report = ReportFactory(published=True)
    first = comment_create(report=report, author=practitioner, body="Rude")
    comment_moderate(comment=first, status=ReportComment.Status.HIDDEN, by=editor)
    assert comment_create(report=report, author=practitioner, body="Sorry").status == "pending"


def test_comment_by_an_editor_appears_at_once(editor):
    comment = comment_create(report=ReportFactory(published=True), author=editor, body="Welcome")
    assert comment.status == ReportComment.Status.APPROVED


def test_comment_markup_is_dropped_and_links_are_nofollow(client, practitioner, editor):
    report = ReportFactory(published=True)
    client.force_login(practitioner)
    client.post(
        _reply_url(report),
        {
            "body": '<script>alert("x")</script><b>Bold</b> claim, see https://example.org/a '
            '<img src=x onerror="alert(1)"> & <a href="javascript:alert(1)">this</a>'
        },
    )
    comment = ReportComment.objects.get()
    assert comment.body == "Bold claim, see https://example.org/a  & this"
    comment_moderate(comment=comment, status="approved", by=editor)

    content = client.get(report.get_absolute_url()).content.decode()

    assert "<script>alert" not in content
    assert "onerror" not in content
    assert "javascript:" not in content
    assert "<b>Bold</b>" not in content
    assert '<a href="https://example.org/a" rel="nofollow ugc noopener noreferrer">' in content


def test_comment_that_is_only_markup_is_refused_and_kept_in_the_form(client, practitioner):
    report = ReportFactory(published=True)
    client.force_login(practitioner)
    response = client.post(_reply_url(report), {"body": "<script>x</script>"})
    assert response.status_code == 200
    assert "Write something before posting" in response.content.decode()
    assert not ReportComment.objects.exists()


def test_comment_rate_limit_refuses_the_sixth_in_ten_minutes_and_keeps_the_text(
    client, practitioner
):
    report = ReportFactory(published=True)
    client.force_login(practitioner)
    for n in range(COMMENT_LIMIT):
        assert client.post(_reply_url(report), {"body": f"Reply {n}"}).status_code == 302

    response = client.post(_reply_url(report), {"body": "One too many"})

    assert response.status_code == 429
    content = response.content.decode()
    assert "Please wait a few minutes" in content
    assert "One too many</textarea>" in content
    assert ReportComment.objects.count() == COMMENT_LIMIT


def test_comment_rate_limit_counts_each_person_apart(practitioner):
    report = ReportFactory(published=True)
    for _ in range(COMMENT_LIMIT):
        comment_create(report=report, author=practitioner, body="Mine")
    other = factories.UserFactory(verified=True)
    assert comment_create(report=report, author=other, body="Theirs").pk
    with pytest.raises(ValidationError):
        comment_create(report=report, author=practitioner, body="Again")


# Moderation -------------------------------------------------------------------------------


def test_comment_queue_lists_pending_replies_for_editors(client, editor):
    ReportCommentFactory(status="pending", body="Please approve me")
    ReportCommentFactory(status="approved", body="Already fine")
    client.force_login(editor)
    content = client.get(reverse("coalition:comment_queue")).content.decode()
    assert "Please approve me" in content
    assert "Already fine" not in content


def test_comment_queue_when_empty_says_so(client, editor):
    client.force_login(editor)
    content = client.get(reverse("coalition:comment_queue")).content.decode()
    assert "Nothing waits for moderation" in content


@pytest.mark.parametrize(("action", "status"), [("approve", "approved"), ("hide", "hidden")])
def test_comment_moderate_by_an_editor_changes_the_status(client, editor, action, status):
    comment = ReportCommentFactory(status="pending")
    client.force_login(editor)
    response = client.post(reverse("coalition:comment_moderate", args=[comment.pk, action]))
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == status
    assert comment.moderated_by == editor


def test_comment_moderate_is_404_for_practitioners_and_login_for_anonymous(client, practitioner):
    comment = ReportCommentFactory(status="pending")
    url = reverse("coalition:comment_moderate", args=[comment.pk, "approve"])
    assert reverse("account_login") in client.post(url)["Location"]
    client.force_login(practitioner)
    assert client.post(url).status_code == 404
    comment.refresh_from_db()
    assert comment.status == "pending"


def test_comment_moderate_with_an_unknown_action_is_404(client, editor):
    comment = ReportCommentFactory(status="pending")
    client.force_login(editor)
    url = reverse("coalition:comment_moderate", args=[comment.pk, "delete"])
    assert client.post(url).status_code == 404


def test_comment_moderate_service_refuses_practitioners(practitioner):
    with pytest.raises(PermissionDenied):
        comment_moderate(comment=ReportCommentFactory(), status="hidden", by=practitioner)
