import io
import threading
import time
from datetime import date, timedelta
from decimal import Decimal

import pypdf
import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import connection
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from courses.certificates import selectors, services, tasks
from courses.certificates.models import (
    Certificate,
    CertificateRevision,
    CertificateTemplate,
    CreditType,
    PostTestAttempt,
    PostTestChoice,
)
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
    learner = make_ready(UserFactory(verified=True, full_name="Sam Rivera"), rules)
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
    for expected in ["Jordan Okafor", course.title, "6.0 contact hours", certificate.code]:
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
    assert selectors.certificate_verification(code=old_code).state == "revoked"
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
        pytest.param(67, 3, 2, 67, True, id="two-of-three-rounds-to-67"),
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
