import io
import threading
import time
import zoneinfo
from datetime import date, timedelta
from decimal import Decimal
from typing import ClassVar

import pypdf
import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.mail.backends import locmem
from django.db import OperationalError, connection, transaction
from django.urls import reverse
from django.utils import dateformat, timezone
from kombu.exceptions import OperationalError as BrokerError

from courses.certificates import selectors, services, tasks
from courses.certificates.models import (
    Certificate,
    CertificateRevision,
    CertificateTemplate,
    CreditType,
    PostTestAttempt,
    PostTestChoice,
    Transcript,
)
from roots.models import User
from tests.factories import UserFactory

from .conftest import make_ready
from .factories import (
    CertificateFactory,
    CreditOfferingFactory,
    PostTestQuestionFactory,
    learner_with_steps,
)

pytestmark = pytest.mark.django_db


def pdf_text(name: str) -> str:
    with default_storage.open(name, "rb") as handle:
        return " ".join(
            page.extract_text() for page in pypdf.PdfReader(io.BytesIO(handle.read())).pages
        )


def test_add_months_end_of_month_clamps_to_last_day():
    assert services.add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert services.add_months(date(2026, 11, 24), 24) == date(2028, 11, 24)


def test_hours_display_keeps_one_decimal_at_least():
    assert services.hours_display(Decimal("6.00")) == "6.0"
    assert services.hours_display(Decimal("1.25")) == "1.25"


def test_certificate_claim_ready_learner_creates_pending_and_queues_on_commit(
    ready_learner, course, django_capture_on_commit_callbacks, monkeypatch
):
    sent = []
    monkeypatch.setattr(tasks.certificate_render_task, "apply_async", lambda **kw: sent.append(kw))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        certificate = services.certificate_claim(
            user=ready_learner, course=course, credit_type=CreditType.CHES
        )
    assert certificate.status == Certificate.Status.PENDING
    assert certificate.learner_name == "Jordan Okafor"
    assert certificate.hours == Decimal("6.0")
    assert certificate.provider_number == "PR-98765"
    assert len(certificate.code) == 19
    assert sent == []  # nothing is sent before the transaction commits
    for callback in callbacks:
        callback()
    assert sent == [{"args": (certificate.pk,), "kwargs": {}}]


def test_certificate_claim_missing_steps_refused_with_what_is_missing(rules, course):
    learner = UserFactory(verified=True, full_name="")
    with pytest.raises(ValidationError) as error:
        services.certificate_claim(user=learner, course=course, credit_type=CreditType.CHES)
    message = " ".join(error.value.messages)
    assert "complete every unit" in message
    assert "pass the post-test" in message
    assert "give the name" in message
    assert not Certificate.objects.exists()


def test_certificate_claim_twice_returns_the_same_certificate(ready_learner, course):
    first = services.certificate_claim(user=ready_learner, course=course, credit_type="ches")
    second = services.certificate_claim(user=ready_learner, course=course, credit_type="ches")
    assert first.pk == second.pk
    assert Certificate.objects.count() == 1


def test_certificate_claim_credit_not_offered_refused(ready_learner, course):
    with pytest.raises(ValidationError):
        services.certificate_claim(user=ready_learner, course=course, credit_type=CreditType.CME)


def test_certificate_claim_validity_sets_expiry(rules, course):
    CreditOfferingFactory(rules=rules, completion=True, validity_months=12)
    learner = make_ready(UserFactory(verified=True), rules)
    certificate = services.certificate_claim(
        user=learner, course=course, credit_type=CreditType.COMPLETION
    )
    assert certificate.expires_on == services.add_months(certificate.issued_on, 12)


@pytest.mark.django_db(transaction=True)
def test_certificate_claim_fifty_concurrent_claims_make_one_row(rules, course, monkeypatch):
    monkeypatch.setattr(tasks.certificate_render_task, "apply_async", lambda **kw: None)
    learner = make_ready(
        UserFactory(verified=True, full_name="Sam Rivera", credential_number="CHES-1"), rules
    )
    barrier = threading.Barrier(50)
    results, errors = [], []

    def claim():
        try:
            barrier.wait()
            results.append(
                services.certificate_claim(user=learner, course=course, credit_type="ches").pk
            )
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=claim) for _ in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(results) == 50
    assert len(set(results)) == 1
    assert Certificate.objects.filter(learner=learner).count() == 1


def test_certificate_claim_broker_down_still_succeeds_and_requeue_sends_later(
    ready_learner, course, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    def broker_down(**kwargs):
        raise BrokerError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.certificate_render_task, "apply_async", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        certificate = services.certificate_claim(
            user=ready_learner, course=course, credit_type="ches"
        )
    assert certificate.status == Certificate.Status.PENDING
    assert "left for the periodic re-queue" in caplog.text

    sent = []
    monkeypatch.setattr(tasks.certificate_render_task, "apply_async", lambda **kw: sent.append(kw))
    assert services.certificate_requeue_stale(older_than_minutes=5) == 0  # not stale yet
    Certificate.objects.filter(pk=certificate.pk).update(
        queued_at=timezone.now() - timedelta(minutes=6)
    )
    assert services.certificate_requeue_stale(older_than_minutes=5) == 1
    assert sent == [{"args": (certificate.pk,), "kwargs": {}}]
    # Queued again just now: the next run of the periodic task leaves it alone.
    assert services.certificate_requeue_stale(older_than_minutes=5) == 0


def test_certificate_render_writes_pdf_with_name_course_hours_and_code(ready_learner, course):
    certificate = services.certificate_claim(user=ready_learner, course=course, credit_type="ches")
    services.certificate_render(certificate_id=certificate.pk)
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.ISSUED
    assert certificate.template.version == 1
    text = pdf_text(certificate.pdf.name)
    for expected in [
        "Jordan Okafor",
        course.title,
        "6.0 Category I continuing education contact hours",
        certificate.code,
    ]:
        assert expected in text
    assert "PR-98765" in text
    assert "EV-123456" in text
    revision = certificate.revisions.get()
    assert revision.code == certificate.code


def test_certificate_render_twice_renders_once(ready_learner, course, monkeypatch):
    certificate = services.certificate_claim(user=ready_learner, course=course, credit_type="ches")
    calls = []
    real = services.certificate_pdf_bytes
    monkeypatch.setattr(
        services.render, "certificate_pdf_bytes", lambda *a: calls.append(1) or real(*a)
    )
    services.certificate_render(certificate_id=certificate.pk)
    services.certificate_render(certificate_id=certificate.pk)
    assert len(calls) == 1
    assert CertificateRevision.objects.count() == 1


def test_certificate_render_crash_before_commit_loses_nothing(ready_learner, course, monkeypatch):
    certificate = services.certificate_claim(user=ready_learner, course=course, credit_type="ches")

    def killed(**kwargs):
        raise SystemExit("worker killed")

    with monkeypatch.context() as patch:
        patch.setattr(CertificateRevision.objects, "update_or_create", killed)
        with pytest.raises(SystemExit):
            services.certificate_render(certificate_id=certificate.pk)
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.PENDING
    # The message comes back (acks_late, reject_on_worker_lost) and the render runs again,
    # overwriting the file it had left under the same name.
    services.certificate_render(certificate_id=certificate.pk)
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.ISSUED
    assert certificate.pdf.name == f"certificates/{certificate.pk}/{certificate.code}-r1.pdf"
    assert default_storage.listdir(f"certificates/{certificate.pk}")[1] == [
        f"{certificate.code}-r1.pdf"
    ]
    assert tasks.certificate_render_task.acks_late
    assert tasks.certificate_render_task.reject_on_worker_lost


def test_certificate_rerender_uses_recorded_template_version(ready_learner, course):
    certificate = services.certificate_claim(user=ready_learner, course=course, credit_type="ches")
    services.certificate_render(certificate_id=certificate.pk)
    certificate.refresh_from_db()
    v1 = certificate.template
    v2 = services.certificate_template_revise(
        template=v1,
        data={
            "background_html": v1.background_html.replace(
                "This certifies that", "We hereby certify that"
            )
        },
    )
    assert v2.version == 2
    assert CertificateTemplate.objects.current("certificate") == v2
    Certificate.objects.filter(pk=certificate.pk).update(status=Certificate.Status.PENDING)
    services.certificate_render(certificate_id=certificate.pk)
    certificate.refresh_from_db()
    assert certificate.template == v1
    text = pdf_text(certificate.pdf.name)
    assert "This certifies that" in text
    assert "hereby" not in text


def test_certificate_email_sent_once_per_revision(ready_learner, course):
    certificate = services.certificate_claim(user=ready_learner, course=course, credit_type="ches")
    services.certificate_render(certificate_id=certificate.pk)
    assert services.certificate_email(certificate_id=certificate.pk)
    assert not services.certificate_email(certificate_id=certificate.pk)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [ready_learner.email]
    assert f"/learn/certificates/{certificate.pk}/" in message.body
    assert certificate.code in message.alternatives[0][0]


def test_certificate_revoke_and_reissue_keeps_history(ready_learner, course, staff_user):
    certificate = services.certificate_claim(user=ready_learner, course=course, credit_type="ches")
    services.certificate_render(certificate_id=certificate.pk)
    certificate.refresh_from_db()
    old_code, old_pdf = certificate.code, certificate.pdf.name
    with pytest.raises(ValidationError):
        services.certificate_revoke(certificate=certificate, by=staff_user, reason="  ")
    services.certificate_revoke(certificate=certificate, by=staff_user, reason="Wrong hours")
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.REVOKED
    ready_learner.full_name = "Jordan A. Okafor"
    ready_learner.save()
    services.certificate_reissue(certificate=certificate, by=staff_user)
    services.certificate_render(certificate_id=certificate.pk)
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.ISSUED
    assert certificate.revision == 2
    assert certificate.code != old_code
    assert "Jordan A. Okafor" in pdf_text(certificate.pdf.name)
    old, new = certificate.revisions.order_by("revision")
    assert (old.code, old.pdf.name, old.revoked_reason) == (old_code, old_pdf, "Wrong hours")
    assert old.revoked_by == staff_user
    assert new.revoked_at is None
    assert default_storage.exists(old_pdf)
    # Revoked, then reissued: the old code now reads as replaced, and names the new one.
    replaced = selectors.certificate_verification(code=old_code)
    assert (replaced.state, replaced.replaced_by) == ("replaced", certificate.code)
    assert selectors.certificate_verification(code=certificate.code).state == "valid"


def test_certificate_retry_puts_failed_back_in_queue(ready_learner, course, monkeypatch):
    monkeypatch.setattr(tasks.certificate_render_task, "apply_async", lambda **kw: None)
    certificate = CertificateFactory(status=Certificate.Status.FAILED)
    services.certificate_retry(certificate=certificate)
    assert certificate.status == Certificate.Status.PENDING


def test_expiry_reminders_sent_once_within_sixty_days():
    today = date(2026, 11, 24)
    soon = CertificateFactory(
        status=Certificate.Status.ISSUED, pdf="x.pdf", expires_on=today + timedelta(days=30)
    )
    CertificateFactory(
        status=Certificate.Status.ISSUED, pdf="y.pdf", expires_on=today + timedelta(days=90)
    )
    CertificateFactory(
        status=Certificate.Status.REVOKED, pdf="z.pdf", expires_on=today + timedelta(days=10)
    )
    assert services.certificate_expiry_reminders_send(today=today) == 1
    assert services.certificate_expiry_reminders_send(today=today) == 0
    assert [message.to for message in mail.outbox] == [[soon.learner.email]]
    assert "in 30 days" in mail.outbox[0].body


def test_post_test_start_shuffles_and_submit_grades(rules):
    learner = UserFactory(verified=True)
    rules.questions_per_attempt = 2
    rules.save()
    attempt = services.post_test_start(user=learner, rules=rules)
    assert len(attempt.layout) == 2
    assert services.post_test_start(user=learner, rules=rules) == attempt  # a reload continues
    correct = {
        str(question_id): next(
            c.pk for c in rules.questions.get(pk=question_id).choices.all() if c.is_correct
        )
        for question_id, _choices in attempt.layout
    }
    first_question = str(attempt.layout[0][0])
    wrong = {**correct, first_question: correct[first_question] + 1}
    graded = services.post_test_submit(attempt=attempt, answers=wrong)
    assert (graded.score, graded.passed) == (50, False)
    second = services.post_test_start(user=learner, rules=rules)
    assert services.post_test_submit(
        attempt=second,
        answers={
            str(q): next(c.pk for c in rules.questions.get(pk=q).choices.all() if c.is_correct)
            for q, _ in second.layout
        },
    ).passed
    with pytest.raises(ValidationError):
        services.post_test_start(user=learner, rules=rules)


def test_post_test_start_after_max_attempts_refused(rules):
    learner = UserFactory(verified=True)
    for _ in range(rules.max_attempts):
        PostTestAttempt.objects.create(
            user=learner, rules=rules, score=0, passed=False, submitted_at=timezone.now()
        )
    with pytest.raises(ValidationError, match="all 3 attempts"):
        services.post_test_start(user=learner, rules=rules)


def test_evaluation_submit_twice_refused(rules):
    learner = UserFactory(verified=True)
    item = rules.evaluation_items.first()
    services.evaluation_submit(user=learner, rules=rules, answers={item.pk: 5})
    with pytest.raises(ValidationError):
        services.evaluation_submit(user=learner, rules=rules, answers={item.pk: 5})


def test_transcript_render_lists_certificates_and_totals(ready_learner, course):
    certificate = services.certificate_claim(user=ready_learner, course=course, credit_type="ches")
    services.certificate_render(certificate_id=certificate.pk)
    transcript = services.transcript_request(user=ready_learner)
    assert services.transcript_request(user=ready_learner) == transcript
    services.transcript_render(transcript_id=transcript.pk)
    transcript.refresh_from_db()
    assert transcript.status == transcript.Status.READY
    text = pdf_text(transcript.pdf.name)
    assert certificate.code in text
    assert "Total" in text
    assert "6.0" in text


# --- Post-test pass mark ----------------------------------------------------------------------


@pytest.fixture
def five_questions(rules):
    """The course's rules with five questions, so that a score can land on 80 exactly."""
    for _ in range(2):
        PostTestQuestionFactory(rules=rules)
    return rules


def answered(attempt, right: int) -> dict[str, int]:
    """The right choice for the first `right` questions of the paper, a wrong one for the rest."""
    answers = {}
    for index, (question_id, _choices) in enumerate(attempt.layout):
        choice = PostTestChoice.objects.filter(
            question_id=question_id, is_correct=index < right
        ).first()
        answers[str(question_id)] = choice.pk
    return answers


@pytest.mark.parametrize(
    ("pass_mark", "questions", "right", "score", "passed"),
    [
        pytest.param(80, 5, 4, 80, True, id="80-exactly"),
        pytest.param(80, 5, 3, 60, False, id="80-one-below"),
        pytest.param(60, 5, 3, 60, True, id="60-exactly"),
        pytest.param(100, 5, 5, 100, True, id="100-exactly"),
        pytest.param(100, 5, 4, 80, False, id="100-one-below"),
        # Two of three is 66.67%: rounded to 67 it used to pass a 67% mark. Passing is decided on
        # exact numbers, and the score shown is rounded down.
        pytest.param(67, 3, 2, 66, False, id="two-of-three-is-below-67"),
        pytest.param(66, 3, 2, 66, True, id="two-of-three-reaches-66"),
    ],
)
def test_post_test_submit_score_equal_to_pass_mark_passes_one_wrong_more_fails(
    rules, pass_mark, questions, right, score, passed
):
    for _ in range(questions - rules.questions.count()):
        PostTestQuestionFactory(rules=rules)
    rules.pass_mark = pass_mark
    rules.save()
    learner = UserFactory(verified=True)
    attempt = services.post_test_start(user=learner, rules=rules)
    assert len(attempt.layout) == questions
    graded = services.post_test_submit(attempt=attempt, answers=answered(attempt, right))
    assert (graded.score, graded.passed) == (score, passed)
    checklist = selectors.credit_checklist(user=learner, rules=rules)
    assert checklist.post_test_passed is passed


def test_post_test_submit_last_attempt_at_pass_mark_passes_and_credit_can_be_claimed(
    five_questions, course
):
    rules = five_questions
    rules.max_attempts = 2
    rules.save()
    learner = learner_with_steps(rules, post_test=None)
    first = services.post_test_start(user=learner, rules=rules)
    assert not services.post_test_submit(attempt=first, answers=answered(first, 3)).passed
    checklist = selectors.credit_checklist(user=learner, rules=rules)
    assert (checklist.post_test_passed, checklist.attempts_left) == (False, 1)

    last = services.post_test_start(user=learner, rules=rules)
    graded = services.post_test_submit(attempt=last, answers=answered(last, 4))
    assert (graded.score, graded.passed) == (80, True)
    checklist = selectors.credit_checklist(user=learner, rules=rules)
    assert checklist.post_test_passed
    assert checklist.attempts_left == 0
    assert checklist.ready
    with pytest.raises(ValidationError, match="already passed"):
        services.post_test_start(user=learner, rules=rules)
    certificate = services.certificate_claim(user=learner, course=course, credit_type="ches")
    assert certificate.status == Certificate.Status.PENDING


def test_certificate_retry_queues_the_render_only_once_it_commits(
    django_capture_on_commit_callbacks, monkeypatch
):
    sent = []
    monkeypatch.setattr(tasks.certificate_render_task, "apply_async", lambda **kw: sent.append(kw))
    certificate = CertificateFactory(status=Certificate.Status.FAILED)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.certificate_retry(certificate=certificate)
    assert sent == []
    for callback in callbacks:
        callback()
    assert sent == [{"args": (certificate.pk,), "kwargs": {}}]


def _waiting_for_a_lock(backend_pids: list[int]) -> bool:
    if not backend_pids:
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", backend_pids)
        row = cursor.fetchone()
    return bool(row) and row[0] == "Lock"


@pytest.mark.django_db(transaction=True)
def test_certificate_render_twice_at_once_renders_one_pdf_one_revision_one_email(monkeypatch):
    emails = []
    monkeypatch.setattr(tasks.certificate_email_task, "apply_async", lambda **kw: emails.append(kw))
    certificate = CertificateFactory()
    services.certificate_template_current()  # made before the race, by neither render
    renders, first_rendering, release = [], threading.Event(), threading.Event()

    def slow_pdf(*args):
        renders.append(1)
        if len(renders) == 1:
            first_rendering.set()
            release.wait(timeout=30)
        return b"%PDF-1.7 rendered"

    monkeypatch.setattr(services.render, "certificate_pdf_bytes", slow_pdf)
    second_backend, errors = [], []

    def render(backend_pids=None):
        try:
            if backend_pids is not None:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_backend_pid()")
                    backend_pids.append(cursor.fetchone()[0])
            services.certificate_render(certificate_id=certificate.pk)
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    first = threading.Thread(target=render)
    second = threading.Thread(target=render, args=(second_backend,))
    try:
        first.start()
        assert first_rendering.wait(timeout=30)
        second.start()
        # The first render goes on only once the second has either started rendering too or
        # is waiting for a lock the first one holds: the same interleaving on every run.
        deadline = time.monotonic() + 30
        while len(renders) < 2 and not _waiting_for_a_lock(second_backend):
            assert time.monotonic() < deadline, "the second render neither rendered nor waited"
            time.sleep(0.01)
    finally:
        release.set()
        first.join(timeout=30)
        second.join(timeout=30)
    assert errors == []
    assert len(renders) == 1
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.ISSUED
    assert certificate.attempts == 1
    assert CertificateRevision.objects.filter(certificate=certificate).count() == 1
    assert default_storage.listdir(f"certificates/{certificate.pk}")[1] == [
        f"{certificate.code}-r1.pdf"
    ]
    assert emails == [{"args": (certificate.pk,), "kwargs": {}}]


# --- Re-queueing certificates left pending ----------------------------------------------------


def pending_for(minutes: float, **fields) -> Certificate:
    return CertificateFactory(queued_at=timezone.now() - timedelta(minutes=minutes), **fields)


@pytest.fixture
def render_queue(monkeypatch):
    """The certificate ids sent to the render task, in the order they were sent."""
    sent = []
    monkeypatch.setattr(
        tasks.certificate_render_task, "apply_async", lambda **kw: sent.append(kw["args"][0])
    )
    return sent


def test_certificate_requeue_stale_picks_only_pending_certificates_older_than_the_setting(
    settings, render_queue
):
    settings.CERTIFICATE_PENDING_REQUEUE_MINUTES = 10
    stale = pending_for(10.5)
    pending_for(9.5)  # its first render may still be on its way
    pending_for(60, status=Certificate.Status.FAILED)  # waits for an admin's retry
    pending_for(60, status=Certificate.Status.ISSUED, pdf="certificates/issued.pdf")
    pending_for(60, status=Certificate.Status.REVOKED, pdf="certificates/revoked.pdf")
    assert services.certificate_requeue_stale() == 1
    assert render_queue == [stale.pk]


def test_certificate_requeue_stale_queues_at_most_the_batch_oldest_first_each_once(
    settings, render_queue
):
    settings.CERTIFICATE_REQUEUE_BATCH = 2
    newest, oldest, middle = pending_for(20), pending_for(40), pending_for(30)
    assert services.certificate_requeue_stale() == 2
    assert render_queue == [oldest.pk, middle.pk]
    # The two just queued are not stale any more: the next run takes the one left over.
    assert services.certificate_requeue_stale() == 1
    assert services.certificate_requeue_stale() == 0
    assert render_queue == [oldest.pk, middle.pk, newest.pk]


def test_certificate_requeue_stale_broker_down_midway_counts_what_was_sent_rest_waits(
    monkeypatch, render_queue
):
    oldest, middle, newest = pending_for(40), pending_for(30), pending_for(20)

    def down_after_the_first(**kwargs):
        if render_queue:
            raise BrokerError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")
        render_queue.append(kwargs["args"][0])

    with monkeypatch.context() as patch:
        patch.setattr(tasks.certificate_render_task, "apply_async", down_after_the_first)
        assert services.certificate_requeue_stale(older_than_minutes=5) == 1
    assert render_queue == [oldest.pk]
    # Back up: the next run sends the two it could not, and not the one already sent.
    assert services.certificate_requeue_stale(older_than_minutes=5) == 2
    assert render_queue == [oldest.pk, middle.pk, newest.pk]


# --- Render errors ----------------------------------------------------------------------------


def test_certificate_note_error_keeps_the_first_2000_characters():
    certificate = CertificateFactory()
    services.certificate_note_error(
        certificate_id=certificate.pk, error="x" * 2000 + "cut off", failed=False
    )
    certificate.refresh_from_db()
    assert certificate.last_error == "x" * 2000
    assert certificate.status == Certificate.Status.PENDING


def test_certificate_note_error_failed_marks_only_that_certificate_failed_with_the_message():
    certificate, other = CertificateFactory(), CertificateFactory()
    long_ago = timezone.now() - timedelta(days=1)
    Certificate.objects.update(updated_at=long_ago)
    services.certificate_note_error(
        certificate_id=certificate.pk, error="ValueError: unknown variable", failed=True
    )
    certificate.refresh_from_db()
    other.refresh_from_db()
    assert certificate.status == Certificate.Status.FAILED
    assert certificate.last_error == "ValueError: unknown variable"
    assert certificate.updated_at > long_ago
    assert (other.status, other.last_error, other.updated_at) == (
        Certificate.Status.PENDING,
        "",
        long_ago,
    )


def test_certificate_note_error_late_failure_leaves_an_issued_certificate_issued():
    # A retry that failed after another render of the same certificate had issued it.
    certificate = CertificateFactory(status=Certificate.Status.ISSUED, pdf="certificates/c.pdf")
    services.certificate_note_error(
        certificate_id=certificate.pk, error="OSError: disk full", failed=True
    )
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.ISSUED
    assert certificate.last_error == ""


def test_certificate_note_error_certificate_deleted_meanwhile_is_ignored():
    certificate = CertificateFactory()
    certificate_id = certificate.pk
    certificate.delete()
    services.certificate_note_error(certificate_id=certificate_id, error="OSError", failed=True)
    assert not Certificate.objects.exists()


# --- Expiry reminders -------------------------------------------------------------------------

TODAY = date(2026, 11, 24)


def issued_expiring(expires_on: date, **fields) -> Certificate:
    fields.setdefault("status", Certificate.Status.ISSUED)
    fields.setdefault("pdf", "certificates/issued.pdf")
    return CertificateFactory(expires_on=expires_on, **fields)


@pytest.mark.parametrize(
    ("days_left", "fields", "reminded"),
    [
        pytest.param(-1, {}, False, id="expired-yesterday"),
        pytest.param(0, {}, True, id="expires-today-first-day"),
        pytest.param(30, {}, True, id="last-day-of-window"),
        pytest.param(31, {}, False, id="day-before-window-opens"),
        pytest.param(10, {"reminder_sent_at": timezone.now()}, False, id="already-reminded"),
        pytest.param(
            10,
            {"status": Certificate.Status.REVOKED, "revoked_reason": "Claimed by mistake."},
            False,
            id="revoked",
        ),
        pytest.param(10, {"status": Certificate.Status.PENDING, "pdf": ""}, False, id="pending"),
    ],
)
def test_certificate_expiry_reminders_send_window_is_today_to_the_setting(
    settings, days_left, fields, reminded
):
    settings.CERTIFICATE_EXPIRY_REMINDER_DAYS = 30
    certificate = issued_expiring(TODAY + timedelta(days=days_left), **fields)
    assert services.certificate_expiry_reminders_send(today=TODAY) == int(reminded)
    assert [m.to for m in mail.outbox] == ([[certificate.learner.email]] if reminded else [])


def test_certificate_expiry_reminders_send_one_per_certificate_and_never_again():
    certificates = [issued_expiring(TODAY + timedelta(days=days)) for days in (5, 20, 45)]
    assert services.certificate_expiry_reminders_send(today=TODAY) == 3
    assert services.certificate_expiry_reminders_send(today=TODAY) == 0
    assert sorted(m.to[0] for m in mail.outbox) == sorted(c.learner.email for c in certificates)
    assert all(c.reminder_sent_at for c in Certificate.objects.all())


def html_part(message) -> str:
    """The HTML part as a mail client reads it: found by its type, decoded by its charset."""
    for part in message.message().walk():
        if part.get_content_type() == "text/html":
            charset = part.get_content_charset("us-ascii")
            return part.get_payload(decode=True).decode(charset, errors="replace")
    raise AssertionError("no text/html part")


def test_certificate_expiry_reminder_email_names_the_credit_the_date_and_the_transcript():
    learner = UserFactory(verified=True, full_name="Zoë Ngũgĩ")
    issued_expiring(
        TODAY + timedelta(days=30), learner=learner, course__title="Roots of Health Inequity"
    )
    services.certificate_expiry_reminders_send(today=TODAY)
    [message] = mail.outbox
    assert message.to == [learner.email]
    assert message.subject == "[Roots] Your credit for Roots of Health Inequity expires soon"
    transcript_url = "https://roots.example.org" + reverse("certificates:transcript")
    body = " ".join(message.body.split())
    assert "Hello Zoë Ngũgĩ," in body
    assert (
        "Your CHES (Certified Health Education Specialist) credit for Roots of Health Inequity"
        " expires on 24 December 2026, in 30 days." in body
    )
    assert transcript_url in body
    html = " ".join(html_part(message).split())
    assert "Hello Zoë Ngũgĩ," in html
    assert "<strong>Roots of Health Inequity</strong> expires on 24 December 2026" in html
    assert f'<a href="{transcript_url}">' in html


def test_certificate_expiry_reminders_send_listed_by_two_runs_at_once_sent_once(monkeypatch):
    issued_expiring(TODAY + timedelta(days=10))
    issued_expiring(TODAY + timedelta(days=20))
    real = selectors.expiring_certificates
    overtaken = []

    def listed_then_overtaken(**window):
        listed = list(real(**window).values_list("pk", flat=True))
        if not overtaken:
            overtaken.append(True)
            # Another run, started just after this one listed them, reminds both first.
            assert services.certificate_expiry_reminders_send(today=TODAY) == 2
        return Certificate.objects.filter(pk__in=listed)

    monkeypatch.setattr(services.emails, "expiring_certificates", listed_then_overtaken)
    assert services.certificate_expiry_reminders_send(today=TODAY) == 0
    assert len(mail.outbox) == 2


def _set_lock_timeout(value: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"SET lock_timeout = '{value}'")


@pytest.mark.django_db(transaction=True)
def test_certificate_expiry_reminders_send_certificate_another_run_holds_skipped_not_awaited():
    # Listed newest issue first: the held one comes first, the free one after it.
    held = issued_expiring(TODAY + timedelta(days=10), issued_on=TODAY)
    free = issued_expiring(TODAY + timedelta(days=20), issued_on=TODAY - timedelta(days=1))
    holding, release, errors = threading.Event(), threading.Event(), []

    def another_run_sending_its_reminder():
        try:
            with transaction.atomic():
                Certificate.objects.select_for_update().get(pk=held.pk)
                holding.set()
                release.wait(timeout=30)
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    other = threading.Thread(target=another_run_sending_its_reminder)
    other.start()
    try:
        assert holding.wait(timeout=30)
        _set_lock_timeout("5s")  # waiting for the held row would fail here, not hang
        assert services.certificate_expiry_reminders_send(today=TODAY) == 1
    finally:
        _set_lock_timeout("0")
        release.set()
        other.join(timeout=30)
    assert errors == []
    assert [m.to for m in mail.outbox] == [[free.learner.email]]
    held.refresh_from_db()
    assert held.reminder_sent_at is None  # the other run's to send


class LearnerSignsInDuringSendBackend(locmem.EmailBackend):
    """While the reminder goes out, its learner signs in (another connection writes their row)."""

    outcomes: ClassVar[list] = []  # one test's record, reset by it

    def send_messages(self, messages):
        email = messages[0].to[0]

        def sign_in():
            try:
                with transaction.atomic():
                    _set_lock_timeout("3s")
                    User.objects.filter(email=email).update(last_login=timezone.now())
                self.outcomes.append("signed in")
            except OperationalError as exc:
                self.outcomes.append(exc)
            finally:
                connection.close()

        thread = threading.Thread(target=sign_in)
        thread.start()
        thread.join(timeout=30)
        return super().send_messages(messages)


@pytest.mark.django_db(transaction=True)
def test_certificate_expiry_reminders_send_learner_can_sign_in_while_it_is_sent(settings):
    settings.EMAIL_BACKEND = f"{__name__}.LearnerSignsInDuringSendBackend"
    LearnerSignsInDuringSendBackend.outcomes = []
    issued_expiring(TODAY + timedelta(days=10))
    assert services.certificate_expiry_reminders_send(today=TODAY) == 1
    assert LearnerSignsInDuringSendBackend.outcomes == ["signed in"]
    assert len(mail.outbox) == 1


# --- Transcripts ------------------------------------------------------------------------------


def test_transcript_render_prints_issuer_hours_by_type_total_and_learners_local_time(settings):
    settings.CERTIFICATE_ISSUER_NAME = "Roots Health Collective"
    learner = UserFactory(verified=True, full_name="Zoë Ngũgĩ", time_zone="Asia/Kolkata")
    for credit_type, hours in [
        (CreditType.CHES, Decimal("6.0")),
        (CreditType.CHES, Decimal("1.5")),
        (CreditType.CME, Decimal("2.25")),
    ]:
        CertificateFactory(
            learner=learner,
            credit_type=credit_type,
            hours=hours,
            status=Certificate.Status.ISSUED,
            pdf="certificates/issued.pdf",
        )
    transcript = Transcript.objects.create(learner=learner)
    local = zoneinfo.ZoneInfo("Asia/Kolkata")
    before = timezone.localtime(timezone=local)
    services.transcript_render(transcript_id=transcript.pk)
    after = timezone.localtime(timezone=local)
    transcript.refresh_from_db()
    text = " ".join(pdf_text(transcript.pdf.name).split())
    # The brand line is printed in letter-spaced capitals.
    assert "".join(text.split()).startswith("ROOTSHEALTHCOLLECTIVE·CONTINUINGEDUCATION")
    prepared = {dateformat.format(moment, "j F Y, H:i") for moment in (before, after)}
    assert any(f"Prepared {when} (Asia/Kolkata time)" in text for when in prepared), text
    assert (
        "Hours by credit type CHES (Certified Health Education Specialist) 7.5"
        " CME (Continuing Medical Education) 2.25 Total 9.75" in text
    ), text
    assert "checked at https://roots.example.org/certificates/verify/" in text
    with default_storage.open(transcript.pdf.name, "rb") as handle:
        assert pypdf.PdfReader(handle).metadata.title == "Continuing-education transcript"


def test_transcript_render_counts_one_attempt_for_that_transcript_and_records_when_ready():
    transcript = Transcript.objects.create(learner=UserFactory(verified=True))
    waiting = Transcript.objects.create(learner=UserFactory(verified=True))
    before = timezone.now()
    services.transcript_render(transcript_id=transcript.pk)
    transcript.refresh_from_db()
    assert transcript.status == Transcript.Status.READY
    assert transcript.attempts == 1
    assert before <= transcript.ready_at <= timezone.now()
    # Run again (a message delivered twice): nothing is rendered, nothing counted.
    services.transcript_render(transcript_id=transcript.pk)
    transcript.refresh_from_db()
    assert transcript.attempts == 1
    waiting.refresh_from_db()
    assert (waiting.status, waiting.attempts) == (Transcript.Status.PENDING, 0)


def test_transcript_note_error_keeps_the_first_2000_characters_and_the_request_pending():
    transcript = Transcript.objects.create(learner=UserFactory(verified=True))
    services.transcript_note_error(
        transcript_id=transcript.pk, error="x" * 2000 + "cut off", failed=False
    )
    transcript.refresh_from_db()
    assert (transcript.status, transcript.last_error) == (Transcript.Status.PENDING, "x" * 2000)


def test_transcript_note_error_failed_marks_only_that_pending_transcript_failed():
    transcript = Transcript.objects.create(learner=UserFactory(verified=True))
    waiting = Transcript.objects.create(learner=UserFactory(verified=True))
    ready = Transcript.objects.create(
        learner=UserFactory(verified=True), status=Transcript.Status.READY, pdf="transcripts/t.pdf"
    )
    for pk in (transcript.pk, ready.pk):
        services.transcript_note_error(transcript_id=pk, error="OSError: disk full", failed=True)
    transcript.refresh_from_db()
    waiting.refresh_from_db()
    ready.refresh_from_db()
    assert (transcript.status, transcript.last_error) == (
        Transcript.Status.FAILED,
        "OSError: disk full",
    )
    assert (waiting.status, waiting.last_error) == (Transcript.Status.PENDING, "")
    assert (ready.status, ready.last_error) == (Transcript.Status.READY, "")
