import csv
import io
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from courses.certificates import services, tasks
from courses.certificates.models import (
    Attestation,
    Certificate,
    CertificateRevision,
    EvaluationAnswer,
    EvaluationResponse,
    PostTestAttempt,
    Transcript,
    new_verification_code,
)
from tests.factories import UserFactory

from .conftest import make_ready
from .factories import (
    CertificateFactory,
    CourseFactory,
    CreditOfferingFactory,
    CreditRulesFactory,
    LessonFactory,
    PostTestQuestionFactory,
    UnitFactory,
    learner_with_steps,
    spend_course_time,
)
from .test_selectors import ONE_STEP_MISSING

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_broker(monkeypatch):
    for task in (
        tasks.certificate_render_task,
        tasks.certificate_email_task,
        tasks.transcript_render_task,
    ):
        monkeypatch.setattr(task, "apply_async", lambda **kw: None)


def issued(learner=None, **kwargs):
    """An issued certificate with a PDF on disk and its revision row."""
    certificate = CertificateFactory(**({"learner": learner} if learner else {}), **kwargs)
    name = default_storage.save(f"certificates/{certificate.pk}/c.pdf", ContentFile(b"%PDF-1.7"))
    certificate.pdf = name
    certificate.status = Certificate.Status.ISSUED
    certificate.save(update_fields=["pdf", "status"])
    template = services.certificate_template_current()
    CertificateRevision.objects.create(
        certificate=certificate,
        revision=1,
        code=certificate.code,
        template=template,
        learner_name=certificate.learner_name,
        pdf=name,
    )
    return certificate


def with_revisions(count, *, revoked_by):
    """An issued certificate rendered `count` times (each earlier revision replaced), then
    revoked: every revision of its history is revoked by `revoked_by`."""
    certificate = issued()
    template = services.certificate_template_current()
    for revision in range(2, count + 1):
        certificate.revisions.update(
            revoked_at=timezone.now(),
            revoked_reason="Replaced by a reissued certificate.",
            revoked_by=revoked_by,
        )
        certificate.code, certificate.revision = new_verification_code(), revision
        certificate.save(update_fields=["code", "revision"])
        CertificateRevision.objects.create(
            certificate=certificate,
            revision=revision,
            code=certificate.code,
            template=template,
            learner_name=certificate.learner_name,
            pdf=certificate.pdf.name,
        )
    return services.certificate_revoke(certificate=certificate, by=revoked_by, reason="Fraud")


def login_redirect(response):
    return response.status_code == 302 and "/accounts/login/" in response["Location"]


# --- Claim page --------------------------------------------------------------------------


def test_claim_anonymous_redirected_to_login(client, course):
    assert login_redirect(client.get(reverse("certificates:claim", args=[course.slug])))


def test_claim_unverified_user_gets_404(client, unverified_user, course):
    client.force_login(unverified_user)
    assert client.get(reverse("certificates:claim", args=[course.slug])).status_code == 404


def test_claim_course_without_rules_or_unpublished_404(client, practitioner, rules):
    client.force_login(practitioner)
    assert client.get(reverse("certificates:claim", args=[CourseFactory().slug])).status_code == 404
    hidden = CreditRulesFactory(course__published=False).course
    assert client.get(reverse("certificates:claim", args=[hidden.slug])).status_code == 404


def test_claim_page_shows_checklist_of_done_and_missing(client, practitioner, course):
    client.force_login(practitioner)
    response = client.get(reverse("certificates:claim", args=[course.slug]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Before you claim" in content
    assert "0 of 1 units complete." in content
    assert "Pass the post-test" in content
    assert "Finish the items marked" in content
    assert 'name="action" value="claim"' not in content


def test_claim_attest_records_attestation(client, practitioner, rules):
    spend_course_time(practitioner, rules)
    client.force_login(practitioner)
    url = reverse("certificates:claim", args=[rules.course.slug])
    response = client.post(url, {"action": "attest", "attest": "on"}, follow=True)
    assert "your attestation is recorded" in response.content.decode()
    assert Attestation.objects.filter(user=practitioner, rules=rules).exists()


def test_claim_attest_unticked_shows_inline_error(client, practitioner, rules):
    spend_course_time(practitioner, rules)
    client.force_login(practitioner)
    url = reverse("certificates:claim", args=[rules.course.slug])
    response = client.post(url, {"action": "attest"})
    assert response.status_code == 200
    assert "Tick the statement to attest to it." in response.content.decode()
    assert not Attestation.objects.exists()


def test_claim_ready_learner_claims_and_sees_status_polling(client, ready_learner, rules):
    client.force_login(ready_learner)
    url = reverse("certificates:claim", args=[rules.course.slug])
    assert 'value="claim"' in client.get(url).content.decode()
    response = client.post(url, {"action": "claim", "credit_type": "ches"}, follow=True)
    content = response.content.decode()
    assert "being prepared" in content
    certificate = Certificate.objects.get(learner=ready_learner)
    assert f'hx-get="{reverse("certificates:status", args=[certificate.pk])}"' in content
    assert 'hx-trigger="every 2s"' in content


def test_claim_not_ready_learner_post_refused_with_message(client, practitioner, rules):
    client.force_login(practitioner)
    url = reverse("certificates:claim", args=[rules.course.slug])
    response = client.post(url, {"action": "claim", "credit_type": "ches"}, follow=True)
    assert "Not yet" in response.content.decode()
    assert not Certificate.objects.exists()


# --- Post-test and evaluation ---------------------------------------------------------------


def test_post_test_anonymous_redirected(client, course):
    assert login_redirect(client.get(reverse("certificates:post_test", args=[course.slug])))


def test_post_test_start_answer_and_pass(client, practitioner, rules):
    client.force_login(practitioner)
    url = reverse("certificates:post_test", args=[rules.course.slug])
    assert "Start the post-test" in client.get(url).content.decode()
    client.post(url, {"action": "start"})
    attempt = PostTestAttempt.objects.get(user=practitioner)
    page = client.get(url).content.decode()
    assert "Question 1." in page
    answers = {"action": "submit"}
    for question_id, _choices in attempt.layout:
        right = rules.questions.get(pk=question_id).choices.get(is_correct=True)
        answers[f"q{question_id}"] = str(right.pk)
    response = client.post(url, answers, follow=True)
    assert "You passed the post-test with 100%." in response.content.decode()
    attempt.refresh_from_db()
    assert attempt.passed


def test_post_test_unanswered_keeps_answers_and_shows_errors(client, practitioner, rules):
    client.force_login(practitioner)
    url = reverse("certificates:post_test", args=[rules.course.slug])
    client.post(url, {"action": "start"})
    attempt = PostTestAttempt.objects.get(user=practitioner)
    first_question, choices = attempt.layout[0]
    response = client.post(url, {"action": "submit", f"q{first_question}": str(choices[0])})
    content = response.content.decode()
    assert "Choose an answer." in content
    kept = [
        tag
        for tag in re.findall(r"<input[^>]*>", content)
        if f'name="q{first_question}"' in tag and f'value="{choices[0]}"' in tag
    ]
    assert len(kept) == 1
    assert "checked" in kept[0]
    attempt.refresh_from_db()
    assert attempt.submitted_at is None


def test_post_test_failing_score_shown_and_attempts_left(client, practitioner, rules):
    client.force_login(practitioner)
    url = reverse("certificates:post_test", args=[rules.course.slug])
    client.post(url, {"action": "start"})
    attempt = PostTestAttempt.objects.get(user=practitioner)
    answers = {"action": "submit"}
    for question_id, _choices in attempt.layout:
        wrong = rules.questions.get(pk=question_id).choices.filter(is_correct=False).first()
        answers[f"q{question_id}"] = str(wrong.pk)
    content = client.post(url, answers, follow=True).content.decode()
    assert "You scored 0%; 80% passes." in content
    assert "You have 2 attempts left." in content
    assert "Try again" in content


def test_evaluation_submit_records_answers(client, practitioner, rules):
    client.force_login(practitioner)
    url = reverse("certificates:evaluation", args=[rules.course.slug])
    likert, text = rules.evaluation_items.order_by("position")
    response = client.post(url, {f"item{likert.pk}": "5", f"item{text.pk}": "More cases"})
    assert response.status_code == 302
    answers = EvaluationAnswer.objects.filter(response__user=practitioner)
    assert {(a.rating, a.text) for a in answers} == {(5, ""), (None, "More cases")}
    assert "You have submitted your evaluation" in client.get(url).content.decode()


def test_evaluation_missing_required_shows_error(client, practitioner, rules):
    client.force_login(practitioner)
    url = reverse("certificates:evaluation", args=[rules.course.slug])
    response = client.post(url, {})
    assert response.status_code == 200
    assert "Choose one." in response.content.decode()
    assert not EvaluationResponse.objects.exists()


# --- Certificate pages ----------------------------------------------------------------------


def test_certificate_detail_roles(client, practitioner, staff_user):
    certificate = issued()
    url = certificate.get_absolute_url()
    assert login_redirect(client.get(url))
    client.force_login(practitioner)
    assert client.get(url).status_code == 404
    client.force_login(certificate.learner)
    assert "Download the PDF" in client.get(url).content.decode()
    client.force_login(staff_user)
    assert client.get(url).status_code == 200


def test_certificate_status_pending_polls_then_issued_offers_download(client):
    certificate = CertificateFactory()
    client.force_login(certificate.learner)
    url = reverse("certificates:status", args=[certificate.pk])
    assert 'hx-trigger="every 2s"' in client.get(url).content.decode()
    certificate.status = Certificate.Status.ISSUED
    certificate.pdf = "certificates/x.pdf"
    certificate.save()
    content = client.get(url).content.decode()
    assert "hx-trigger" not in content
    assert reverse("certificates:download", args=[certificate.pk]) in content


def test_certificate_download_owner_gets_pdf_others_404(client, practitioner, staff_user):
    certificate = issued()
    url = reverse("certificates:download", args=[certificate.pk])
    assert login_redirect(client.get(url))
    client.force_login(practitioner)
    assert client.get(url).status_code == 404
    client.force_login(certificate.learner)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_certificate_download_revoked_only_staff(client, staff_user):
    certificate = issued()
    services.certificate_revoke(certificate=certificate, by=staff_user, reason="Error")
    url = reverse("certificates:download", args=[certificate.pk])
    client.force_login(certificate.learner)
    assert client.get(url).status_code == 404
    client.force_login(staff_user)
    assert client.get(url).status_code == 200


def test_certificate_download_pending_404(client):
    certificate = CertificateFactory()
    client.force_login(certificate.learner)
    assert client.get(reverse("certificates:download", args=[certificate.pk])).status_code == 404


# --- Public verification -------------------------------------------------------------------


def test_verify_valid_code_shows_details_without_login_or_personal_data(client):
    certificate = issued(
        hours=Decimal("6.50"),
        issued_on=date(2026, 3, 9),
        expires_on=timezone.localdate() + timedelta(days=400),
    )
    response = client.get(reverse("certificates:verify", args=[certificate.code]))
    content = response.content.decode()
    assert response.status_code == 200
    details = dict(re.findall(r"<dt[^>]*>([^<]+)</dt><dd[^>]*>(.*?)</dd>", content))
    assert details == {
        "Learner": certificate.learner_name,
        "Course": certificate.course_title,
        "Credit": "CHES (Certified Health Education Specialist)",
        "Contact hours": "6.5",
        "Date of issue": "9 March 2026",
        "Expires": date_format(certificate.expires_on, "j F Y"),
        "Verification code": f"<code>{certificate.code}</code>",
    }
    assert certificate.learner.email not in content
    assert "PR-98765" not in content


def test_verify_lowercase_code_found(client):
    certificate = issued()
    assert (
        client.get(reverse("certificates:verify", args=[certificate.code.lower()])).status_code
        == 200
    )


def verification_on_page(response) -> tuple[list[str], str]:
    """(the status badges, the page's text without tags) of a verification page."""
    assert response.status_code == 200
    content = response.content.decode()
    lead = re.search(r'<p class="lead">(.*?)</p>', content, re.DOTALL)[1]
    badges = re.findall(r'<span class="badge[^"]*">([^<]+)</span>', lead)
    main = re.search(r"<main[^>]*>(.*?)</main>", content, re.DOTALL)[1]
    return badges, " ".join(re.sub(r"<[^>]+>", " ", main).split())


def verify(client, code):
    return verification_on_page(client.get(reverse("certificates:verify", args=[code])))


def assert_says_valid(badges, text):
    assert badges == ["Valid"]
    assert "genuine and in force" in text
    for word in ["Expired", "expired", "Revoked", "revoked", "no longer valid"]:
        assert word not in text


def assert_says_revoked(badges, text):
    assert badges == ["Revoked"]
    assert "has been revoked and is no longer valid" in text
    assert "Revoked on" in text
    # Nothing on the page may read as if the certificate were good.
    for word in ["Valid", "in force", "genuine", "Expired"]:
        assert word not in text


@pytest.mark.parametrize(
    "expires_in_days",
    [pytest.param(None, id="never-expires"), pytest.param(0, id="last-day"), 400],
)
def test_verify_issued_code_says_valid_only(client, expires_in_days):
    expires_on = None
    if expires_in_days is not None:
        expires_on = timezone.localdate() + timedelta(days=expires_in_days)
    certificate = issued(expires_on=expires_on)
    assert_says_valid(*verify(client, certificate.code))


def test_verify_expired_code_says_expired_never_valid(client):
    certificate = issued(expires_on=timezone.localdate() - timedelta(days=1))
    badges, text = verify(client, certificate.code)
    assert badges == ["Expired"]
    assert "the credit has expired" in text
    for word in ["Valid", "in force", "Revoked", "revoked"]:
        assert word not in text


@pytest.mark.parametrize(
    "expires_in_days",
    [pytest.param(None, id="never-expires"), pytest.param(-1, id="expired-too"), 400],
)
def test_verify_revoked_code_says_revoked_never_valid_nor_why(client, staff_user, expires_in_days):
    expires_on = None
    if expires_in_days is not None:
        expires_on = timezone.localdate() + timedelta(days=expires_in_days)
    certificate = issued(expires_on=expires_on)
    services.certificate_revoke(certificate=certificate, by=staff_user, reason="Fraud")
    badges, text = verify(client, certificate.code)
    assert_says_revoked(badges, text)
    assert "Fraud" not in text


def assert_says_replaced(badges, text, *, by: str):
    assert badges == ["Replaced"]
    assert "a corrected certificate was issued in its place" in text
    assert f"Replaced by {by}" in text
    for word in ["Valid", "in force", "genuine", "Revoked", "revoked", "Expired"]:
        assert word not in text


def test_verify_reissued_old_code_says_replaced_and_new_code_says_valid(
    client, staff_user, monkeypatch
):
    monkeypatch.setattr(services.render, "certificate_pdf_bytes", lambda *args: b"%PDF-1.7")
    certificate = issued(learner_name="Jordan Okafor")
    old_code = certificate.code
    certificate.learner.full_name = "Jordan A. Okafor"
    certificate.learner.save()
    services.certificate_reissue(certificate=certificate, by=staff_user)
    certificate.refresh_from_db()
    # While the new revision is being prepared, the old paper is already superseded, by a
    # certificate that has no page yet.
    assert_says_replaced(*verify(client, old_code), by="a certificate still being prepared")
    assert client.get(reverse("certificates:verify", args=[certificate.code])).status_code == 404

    services.certificate_render(certificate_id=certificate.pk)
    response = client.get(reverse("certificates:verify", args=[old_code]))
    badges, text = verification_on_page(response)
    assert_says_replaced(badges, text, by=certificate.code)
    new_page = reverse("certificates:verify", args=[certificate.code])
    assert f'href="{new_page}"' in response.content.decode()
    assert "Jordan Okafor" in text  # the name printed on the old paper
    assert "Jordan A. Okafor" not in text
    badges, text = verify(client, certificate.code)
    assert_says_valid(badges, text)
    assert "Jordan A. Okafor" in text
    assert old_code not in text


@pytest.mark.parametrize("revisions", [1, 3])
def test_verify_page_in_one_query_whatever_the_history(
    client, staff_user, django_assert_num_queries, revisions
):
    certificate = with_revisions(revisions, revoked_by=staff_user)
    first_code = certificate.revisions.get(revision=1).code
    with django_assert_num_queries(1):
        response = client.get(reverse("certificates:verify", args=[first_code]))
    if revisions == 1:
        assert_says_revoked(*verification_on_page(response))
    else:
        assert_says_replaced(*verification_on_page(response), by=certificate.code)


def test_verify_unknown_code_404(client):
    assert (
        client.get(reverse("certificates:verify", args=["NOPE-NOPE-NOPE-NOPE"])).status_code == 404
    )


def test_verify_pending_certificate_code_404(client):
    certificate = CertificateFactory()
    assert client.get(reverse("certificates:verify", args=[certificate.code])).status_code == 404


# --- Transcript ----------------------------------------------------------------------------


def test_transcript_anonymous_redirected(client):
    assert login_redirect(client.get(reverse("certificates:transcript")))
    assert login_redirect(client.get(reverse("certificates:transcript_csv")))


def test_transcript_lists_hours_per_type_and_total(client, practitioner):
    issued(learner=practitioner)
    issued(learner=practitioner, credit_type="cne")
    CertificateFactory(learner=practitioner, credit_type="completion")  # pending: not counted
    client.force_login(practitioner)
    content = client.get(reverse("certificates:transcript")).content.decode()
    assert "Hours by credit type" in content
    assert "<strong>12.0</strong>" in content
    assert "Not on the transcript" in content


def test_transcript_empty_state(client, practitioner):
    client.force_login(practitioner)
    assert (
        "You have no certificates yet"
        in client.get(reverse("certificates:transcript")).content.decode()
    )


def test_transcript_csv_has_rows_and_totals(client, practitioner):
    certificate = issued(learner=practitioner)
    issued()  # someone else's
    client.force_login(practitioner)
    response = client.get(reverse("certificates:transcript_csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:4] == ["Issued", "Course", "Credit type", "Hours"]
    assert rows[1][5] == certificate.code
    assert rows[-1][:4] == ["", "Total", "All credit", "6.0"]
    assert len(rows) == 4


def test_transcript_pdf_request_queues_and_status_polls(client, practitioner):
    client.force_login(practitioner)
    response = client.post(reverse("certificates:transcript_pdf"), follow=True)
    assert "being prepared" in response.content.decode()
    transcript = Transcript.objects.get(learner=practitioner)
    status = client.get(reverse("certificates:transcript_status", args=[transcript.pk]))
    assert 'hx-trigger="every 2s"' in status.content.decode()


def test_transcript_status_and_download_other_learner_404(client, practitioner):
    transcript = Transcript.objects.create(learner=UserFactory())
    client.force_login(practitioner)
    assert (
        client.get(reverse("certificates:transcript_status", args=[transcript.pk])).status_code
        == 404
    )
    assert (
        client.get(reverse("certificates:transcript_download", args=[transcript.pk])).status_code
        == 404
    )


def test_transcript_download_ready_pdf(client, practitioner):
    name = default_storage.save("transcripts/t.pdf", ContentFile(b"%PDF-1.7"))
    transcript = Transcript.objects.create(
        learner=practitioner, status=Transcript.Status.READY, pdf=name, ready_at=timezone.now()
    )
    client.force_login(practitioner)
    response = client.get(reverse("certificates:transcript_download", args=[transcript.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


@pytest.mark.parametrize("count", [3, 30])
def test_transcript_query_count_same_bound_at_two_sizes(
    client, practitioner, django_assert_max_num_queries, count
):
    for index in range(count):
        CertificateFactory(
            learner=practitioner,
            course=CourseFactory(),
            status=Certificate.Status.ISSUED,
            pdf=f"c{index}.pdf",
        )
    client.force_login(practitioner)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("certificates:transcript")).status_code == 200


# --- Staff pages ---------------------------------------------------------------------------

STAFF_PAGES = [
    ("certificates:staff_list", []),
    ("certificates:staff_export", []),
    ("certificates:staff_evaluations", []),
]


@pytest.mark.parametrize(("name", "args"), STAFF_PAGES)
def test_staff_pages_refuse_anonymous_and_learners(client, practitioner, name, args):
    url = reverse(name, args=args)
    assert login_redirect(client.get(url))
    client.force_login(practitioner)
    assert client.get(url).status_code == 404


def test_staff_certificate_pages_refuse_learner_even_owner(client):
    certificate = issued()
    client.force_login(certificate.learner)
    for name in ["staff_certificate", "staff_revoke", "staff_reissue"]:
        assert client.get(reverse(f"certificates:{name}", args=[certificate.pk])).status_code == 404


def test_staff_list_search_by_code(client, staff_user):
    wanted, other = issued(), issued()
    client.force_login(staff_user)
    content = client.get(reverse("certificates:staff_list"), {"q": wanted.code}).content.decode()
    # A row, not the search box that repeats the code.
    assert f"<code>{wanted.code}</code>" in content
    assert other.code not in content


@pytest.mark.parametrize("count", [5, 50])
def test_staff_list_query_count_same_bound_at_two_sizes(
    client, staff_user, django_assert_max_num_queries, count
):
    for _ in range(count):
        CertificateFactory()
    client.force_login(staff_user)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("certificates:staff_list")).status_code == 200


@pytest.mark.parametrize("revisions", [1, 3])
def test_staff_certificate_history_query_count_same_at_two_sizes(
    client, staff_user, django_assert_num_queries, revisions
):
    certificate = with_revisions(revisions, revoked_by=staff_user)
    client.force_login(staff_user)
    # The user, the certificate (its learner and organization joined), its revisions.
    with django_assert_num_queries(3):
        response = client.get(reverse("certificates:staff_certificate", args=[certificate.pk]))
    content = response.content.decode()
    assert certificate.learner.organization.name in content
    rows = re.findall(r"<tr><td>(\d+)</td><td><code>([^<]+)</code>.*?</tr>", content, re.DOTALL)
    assert rows == [
        (str(revision.revision), revision.code) for revision in certificate.revisions.all()
    ]
    assert content.count(f"({staff_user})") == revisions


def test_staff_revoke_confirm_then_revoke_with_reason(client, staff_user):
    certificate = issued()
    client.force_login(staff_user)
    url = reverse("certificates:staff_revoke", args=[certificate.pk])
    assert "Revoke certificate" in client.get(url).content.decode()
    assert client.post(url, {"reason": ""}).status_code == 200
    response = client.post(url, {"reason": "Claimed by mistake"}, follow=True)
    assert "is revoked" in response.content.decode()
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.REVOKED
    history = client.get(reverse("certificates:staff_certificate", args=[certificate.pk]))
    assert "Claimed by mistake" in history.content.decode()


def test_staff_reissue_confirm_then_new_revision_pending(client, staff_user):
    certificate = issued()
    client.force_login(staff_user)
    url = reverse("certificates:staff_reissue", args=[certificate.pk])
    assert "Reissue certificate" in client.get(url).content.decode()
    response = client.post(url, follow=True)
    assert "revision 2" in response.content.decode()
    certificate.refresh_from_db()
    assert (certificate.status, certificate.revision) == (Certificate.Status.PENDING, 2)


def test_staff_export_form_errors_inline(client, staff_user):
    client.force_login(staff_user)
    response = client.get(
        reverse("certificates:staff_export"), {"start": "2026-02-01", "end": "2026-01-01"}
    )
    assert "The end date is before the start date." in response.content.decode()


def test_staff_export_csv_in_date_range(client, staff_user):
    today = timezone.localdate()
    inside = issued(issued_on=today)
    outside = issued(issued_on=today - timedelta(days=400))
    client.force_login(staff_user)
    params = {"start": (today - timedelta(days=30)).isoformat(), "end": today.isoformat()}
    page = client.get(reverse("certificates:staff_export"), params).content.decode()
    assert inside.code in page
    assert outside.code not in page
    response = client.get(reverse("certificates:staff_export"), {**params, "format": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][1] == "Learner"
    assert [row[10] for row in rows[1:]] == [inside.code]
    assert rows[1][4] == inside.learner.organization.name
    assert rows[1][7] == "6.0"


@pytest.mark.parametrize("count", [5, 50])
def test_staff_export_query_count_same_bound_at_two_sizes(
    client, staff_user, django_assert_max_num_queries, count
):
    for _ in range(count):
        CertificateFactory(status=Certificate.Status.ISSUED, pdf="x.pdf")
    client.force_login(staff_user)
    today = timezone.localdate().isoformat()
    with django_assert_max_num_queries(9):
        response = client.get(reverse("certificates:staff_export"), {"start": today, "end": today})
        assert response.status_code == 200


def _responses(rules, count):
    likert, text = rules.evaluation_items.order_by("position")
    for index in range(count):
        services.evaluation_submit(
            user=UserFactory(),
            rules=rules,
            answers={likert.pk: 4 + index % 2, text.pk: f"Idea {index}"},
        )


def test_staff_evaluation_summary_means_counts_and_texts(client, staff_user, rules):
    _responses(rules, 2)
    client.force_login(staff_user)
    content = client.get(
        reverse("certificates:staff_evaluation", args=[rules.course.slug])
    ).content.decode()
    assert "2 responses" in content
    assert "4.50" in content
    assert "Idea 1" in content
    response = client.get(reverse("certificates:staff_evaluation_csv", args=[rules.course.slug]))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[1][2:4] == ["2", "4.50"]
    assert ["Evaluations submitted", "", "2", "", ""] in rows


def evaluation_list_on_page(response) -> list[tuple[str, str]]:
    """(course title, response count) of each line of the staff evaluation list."""
    assert response.status_code == 200
    return re.findall(
        r'<a href="[^"]+">([^<]+)</a>\s*<span class="text-muted">· (\d+) responses?</span>',
        response.content.decode(),
    )


def test_staff_evaluation_list_courses_by_title_with_their_response_counts(client, staff_user):
    # Created in an order that is not the order of titles.
    zoning = CreditRulesFactory(course__title="Zoning and health")
    CreditRulesFactory(course__title="Alcohol outlets")
    food = CreditRulesFactory(course__title="Mapping food access")
    for rules, count in [(zoning, 2), (food, 1)]:
        for _ in range(count):
            EvaluationResponse.objects.create(user=UserFactory(), rules=rules)
    client.force_login(staff_user)
    assert evaluation_list_on_page(client.get(reverse("certificates:staff_evaluations"))) == [
        ("Alcohol outlets", "0"),
        ("Mapping food access", "1"),
        ("Zoning and health", "2"),
    ]


@pytest.mark.parametrize("courses", [2, 6])
def test_staff_evaluation_list_query_count_same_at_two_sizes(
    client, staff_user, django_assert_num_queries, courses
):
    for _ in range(courses):
        rules = CreditRulesFactory()
        EvaluationResponse.objects.create(user=UserFactory(), rules=rules)
    client.force_login(staff_user)
    # The user, and the courses with their response counts.
    with django_assert_num_queries(2):
        response = client.get(reverse("certificates:staff_evaluations"))
    assert len(evaluation_list_on_page(response)) == courses


def test_staff_evaluation_refuses_learner(client, practitioner, rules):
    client.force_login(practitioner)
    url = reverse("certificates:staff_evaluation", args=[rules.course.slug])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("count", [3, 30])
def test_staff_evaluation_query_count_same_bound_at_two_sizes(
    client, staff_user, rules, django_assert_max_num_queries, count
):
    _responses(rules, count)
    client.force_login(staff_user)
    with django_assert_max_num_queries(8):
        client.get(reverse("certificates:staff_evaluation", args=[rules.course.slug]))


@pytest.mark.parametrize("count", [1, 8])
def test_claim_page_query_count_same_bound_at_two_sizes(
    client, rules, django_assert_max_num_queries, count
):
    for number in range(2, count + 2):
        unit = UnitFactory(course=rules.course, number=number)
        LessonFactory(unit=unit, position=1)
        LessonFactory(unit=unit, position=2)
    for credit_type in ["cne", "completion"][: 1 + count // 8]:
        CreditOfferingFactory(rules=rules, credit_type=credit_type)
    learner = make_ready(UserFactory(verified=True), rules)
    issued(learner=learner, course=rules.course)
    client.force_login(learner)
    with django_assert_max_num_queries(16):
        assert (
            client.get(reverse("certificates:claim", args=[rules.course.slug])).status_code == 200
        )


def test_staff_export_csv_neutralizes_spreadsheet_formulas_in_names(client, staff_user):
    today = timezone.localdate()
    certificate = issued(issued_on=today, learner_name='=HYPERLINK("https://evil.example")')
    client.force_login(staff_user)
    params = {"start": today.isoformat(), "end": today.isoformat(), "format": "csv"}
    response = client.get(reverse("certificates:staff_export"), params)
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[1][10] == certificate.code
    assert rows[1][1] == '\'=HYPERLINK("https://evil.example")'


def test_post_test_still_works_when_staff_deleted_a_question_of_an_open_attempt(
    client, practitioner, rules
):
    client.force_login(practitioner)
    url = reverse("certificates:post_test", args=[rules.course.slug])
    client.post(url, {"action": "start"})
    attempt = PostTestAttempt.objects.get(user=practitioner)
    deleted_id = attempt.layout[0][0]
    rules.questions.get(pk=deleted_id).delete()
    page = client.get(url)
    assert page.status_code == 200
    answers = {"action": "submit"}
    for question_id, _choices in attempt.layout[1:]:
        right = rules.questions.get(pk=question_id).choices.get(is_correct=True)
        answers[f"q{question_id}"] = str(right.pk)
    response = client.post(url, answers, follow=True)
    assert "You passed the post-test with 100%." in response.content.decode()


@pytest.mark.parametrize(
    ("right", "message", "lands_on"),
    [
        pytest.param(4, "You passed the post-test with 80%.", "certificates:claim", id="at-mark"),
        pytest.param(3, "You scored 60%; 80% passes.", "certificates:post_test", id="below"),
    ],
)
def test_post_test_score_at_pass_mark_passes_one_below_does_not(
    client, practitioner, rules, right, message, lands_on
):
    for _ in range(2):
        PostTestQuestionFactory(rules=rules)
    client.force_login(practitioner)
    url = reverse("certificates:post_test", args=[rules.course.slug])
    client.post(url, {"action": "start"})
    attempt = PostTestAttempt.objects.get(user=practitioner)
    answers = {"action": "submit"}
    for index, (question_id, _choices) in enumerate(attempt.layout):
        choice = rules.questions.get(pk=question_id).choices.filter(is_correct=index < right)
        answers[f"q{question_id}"] = str(choice.first().pk)
    response = client.post(url, answers, follow=True)
    assert response.redirect_chain[-1][0] == reverse(lands_on, args=[rules.course.slug])
    assert message in response.content.decode()


def checklist_on_page(content: str) -> dict[str, str]:
    """{item label: its badge ("Done" or "To do")} from the claim page's checklist."""
    items = re.findall(
        r'<li class="list-group-item[^"]*">\s*<span class="badge[^"]*">([^<]+)</span>'
        r"\s*<div>\s*<strong>(?:<a [^>]*>)?([^<]+)",
        content,
    )
    return {label: badge for badge, label in items}


@pytest.mark.parametrize(("missing", "steps"), ONE_STEP_MISSING)
def test_claim_page_one_step_missing_shows_only_it_to_do_and_refuses_the_claim(
    client, rules, missing, steps
):
    learner = learner_with_steps(rules, **steps)
    client.force_login(learner)
    url = reverse("certificates:claim", args=[rules.course.slug])
    content = client.get(url).content.decode()
    labels = {
        "units": "Complete every unit",
        "time": "Spend the time on the course",
        "post_test": "Pass the post-test",
        "evaluation": "Submit the course evaluation",
        "attestation": "Attest to your time",
        "name": "Give the name to print on your certificate",
    }
    assert checklist_on_page(content) == {
        label: "To do" if key == missing else "Done" for key, label in labels.items()
    }
    assert ('value="attest"' in content) is (missing == "attestation")
    assert 'value="claim"' not in content
    assert "Finish the items marked" in content

    response = client.post(url, {"action": "claim", "credit_type": "ches"}, follow=True)
    refused = response.content.decode()
    reason = "time on the course: 0 min of 4 h 30 min needed" if missing == "time" else None
    assert f"Not yet: {reason or labels[missing].lower()}." in refused
    # The rule is the whole message: nothing on the form is wrong, so nothing says so.
    assert "Please correct the errors below" not in refused
    assert not Certificate.objects.exists()


def test_claim_page_blank_name_asks_for_a_name_instead_of_showing_spaces(client, rules):
    learner = learner_with_steps(rules, full_name="   ")
    client.force_login(learner)
    content = client.get(reverse("certificates:claim", args=[rules.course.slug])).content.decode()
    assert checklist_on_page(content)["Give the name to print on your certificate"] == "To do"
    assert "Add your full name to your profile." in content


def test_claim_page_every_step_done_shows_all_done_and_the_claim_form(client, rules):
    client.force_login(learner_with_steps(rules))
    content = client.get(reverse("certificates:claim", args=[rules.course.slug])).content.decode()
    badges = checklist_on_page(content)
    assert len(badges) == 6
    assert set(badges.values()) == {"Done"}
    assert 'value="claim"' in content
    assert 'value="attest"' not in content


def test_staff_reissue_queues_the_render_only_once_the_reissue_commits(
    client, staff_user, django_capture_on_commit_callbacks, monkeypatch
):
    certificate = issued()
    sent = []
    monkeypatch.setattr(tasks.certificate_render_task, "apply_async", lambda **kw: sent.append(kw))
    client.force_login(staff_user)
    url = reverse("certificates:staff_reissue", args=[certificate.pk])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert client.post(url).status_code == 302
    # A worker picking the task up before the commit would find the old revision, issued.
    assert sent == []
    for callback in callbacks:
        callback()
    assert sent == [{"args": (certificate.pk,), "kwargs": {}}]


def test_staff_reissue_refused_for_a_pending_certificate_queues_nothing(
    client, staff_user, django_capture_on_commit_callbacks, monkeypatch
):
    certificate = CertificateFactory()
    sent = []
    monkeypatch.setattr(tasks.certificate_render_task, "apply_async", lambda **kw: sent.append(kw))
    client.force_login(staff_user)
    url = reverse("certificates:staff_reissue", args=[certificate.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)
    assert "Only an issued or revoked certificate can be reissued." in response.content.decode()
    assert sent == []
    certificate.refresh_from_db()
    assert certificate.revision == 1
