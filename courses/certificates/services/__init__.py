"""Writes for continuing-education credit. Each service runs in a transaction; the Celery tasks in
tasks.py only load ids and call these, and the services queue them by name."""

import calendar
import logging
import random
import zoneinfo
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from roots import pagecache
from roots.tasks import enqueue, enqueue_on_commit

from .. import rendering
from ..models import (
    Attestation,
    Certificate,
    CertificateRevision,
    CertificateTemplate,
    CreditRules,
    CreditType,
    EvaluationAnswer,
    EvaluationItem,
    EvaluationResponse,
    PostTestAttempt,
    PostTestQuestion,
    Transcript,
    certificate_pdf_path,
    new_verification_code,
)
from ..selectors import credit_checklist, expiring_certificates, transcript_summary

logger = logging.getLogger(__name__)
_shuffler = random.SystemRandom()

DEFAULT_TEMPLATE_DIR = "certificates/print/certificate"
# Queued by name: tasks.py imports these services, never the other way round.
RENDER_TASK = "courses.certificates.tasks.certificate_render_task"
EMAIL_TASK = "courses.certificates.tasks.certificate_email_task"
TRANSCRIPT_TASK = "courses.certificates.tasks.transcript_render_task"


def _setting(name: str, default):
    return getattr(settings, name, default)


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def local_today(user) -> date:
    try:
        zone = zoneinfo.ZoneInfo(user.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    return timezone.localtime(timezone.now(), zone).date()


def hours_display(hours: Decimal) -> str:
    """6 -> "6.0", 1.25 -> "1.25": the way CE hours are written."""
    text = f"{hours:.2f}".rstrip("0")
    return text + "0" if text.endswith(".") else text


# --- Post-test, evaluation, attestation ----------------------------------------------------


@transaction.atomic
def post_test_start(*, user, rules: CreditRules) -> PostTestAttempt:
    """The learner's open sitting, or a new one with questions and choices shuffled."""
    open_attempt = (
        PostTestAttempt.objects.select_for_update()
        .filter(user=user, rules=rules, submitted_at__isnull=True)
        .first()
    )
    if open_attempt:
        return open_attempt
    done = PostTestAttempt.objects.filter(user=user, rules=rules, submitted_at__isnull=False)
    if done.filter(passed=True).exists():
        raise ValidationError(_("You have already passed the post-test."))
    if done.count() >= rules.max_attempts:
        raise ValidationError(
            _("You have used all %(count)s attempts at the post-test.")
            % {"count": rules.max_attempts}
        )
    questions = list(
        PostTestQuestion.objects.filter(rules=rules, active=True).prefetch_related("choices")
    )
    if not questions:
        raise ValidationError(_("This post-test has no questions yet."))
    count = rules.questions_per_attempt or len(questions)
    chosen = _shuffler.sample(questions, min(count, len(questions)))
    layout = []
    for question in chosen:
        choice_ids = [choice.pk for choice in question.choices.all()]
        _shuffler.shuffle(choice_ids)
        layout.append([question.pk, choice_ids])
    try:
        with transaction.atomic():
            return PostTestAttempt.objects.create(user=user, rules=rules, layout=layout)
    except IntegrityError:
        # Another tab opened a sitting at the same moment: continue that one.
        return PostTestAttempt.objects.get(user=user, rules=rules, submitted_at__isnull=True)


@transaction.atomic
def post_test_submit(*, attempt: PostTestAttempt, answers: dict[str, int]) -> PostTestAttempt:
    """Grade the sitting. `answers` maps question id (str) to the chosen choice id."""
    attempt = PostTestAttempt.objects.select_for_update().select_related("rules").get(pk=attempt.pk)
    if attempt.submitted_at:
        raise ValidationError(_("This attempt was already submitted."))
    # Questions staff deleted after the attempt was laid out are left out of the score.
    still_there = set(
        PostTestQuestion.objects.filter(
            pk__in=[question_id for question_id, _choices in attempt.layout]
        ).values_list("pk", flat=True)
    )
    question_ids = [qid for qid, _choices in attempt.layout if qid in still_there]
    correct = dict(
        PostTestQuestion.objects.filter(pk__in=question_ids, choices__is_correct=True).values_list(
            "pk", "choices__pk"
        )
    )
    right = sum(1 for qid in question_ids if answers.get(str(qid)) == correct.get(qid))
    attempt.answers = {str(qid): answers.get(str(qid)) for qid in question_ids}
    attempt.score = round(100 * right / len(question_ids)) if question_ids else 0
    attempt.passed = attempt.score >= attempt.rules.pass_mark
    attempt.submitted_at = timezone.now()
    attempt.save(update_fields=["answers", "score", "passed", "submitted_at"])
    return attempt


@transaction.atomic
def evaluation_submit(*, user, rules: CreditRules, answers: dict[int, object]):
    """Save the course evaluation once. `answers` maps item id to a rating (1-5) or text."""
    items = {item.pk: item for item in EvaluationItem.objects.filter(rules=rules)}
    try:
        with transaction.atomic():
            response = EvaluationResponse.objects.create(user=user, rules=rules)
    except IntegrityError as exc:
        raise ValidationError(_("You have already submitted the evaluation.")) from exc
    rows = []
    for item_id, value in answers.items():
        item = items.get(item_id)
        if item is None or value in (None, ""):
            continue
        if item.kind == EvaluationItem.Kind.LIKERT:
            rows.append(EvaluationAnswer(response=response, item=item, rating=int(value)))
        else:
            rows.append(EvaluationAnswer(response=response, item=item, text=str(value).strip()))
    EvaluationAnswer.objects.bulk_create(rows)
    return response


@transaction.atomic
def attestation_record(*, user, rules: CreditRules) -> Attestation:
    attestation, _created = Attestation.objects.get_or_create(
        user=user, rules=rules, defaults={"text": rules.attestation_text}
    )
    return attestation


# --- Certificate templates -----------------------------------------------------------------


def _default_source(name: str) -> str:
    return get_template(f"{DEFAULT_TEMPLATE_DIR}/{name}").template.source


def certificate_template_current(
    kind: str = CertificateTemplate.Kind.CERTIFICATE,
) -> CertificateTemplate:
    """The newest version; version 1 is made from the files in templates/ on first use."""
    current = CertificateTemplate.objects.current(kind)
    if current is None:
        current, _created = CertificateTemplate.objects.get_or_create(
            kind=kind,
            version=1,
            defaults={
                "css": _default_source("certificate.css"),
                "background_html": _default_source("background.html"),
                "learner_html": _default_source("learner.html"),
                "note": "Initial version",
            },
        )
    return current


@transaction.atomic
def certificate_template_revise(
    *, template: CertificateTemplate, data: dict, by=None
) -> CertificateTemplate:
    """Save an edit as the next version; the edited row stays as it was."""
    latest = (
        CertificateTemplate.objects.select_for_update()
        .filter(kind=template.kind)
        .order_by("-version")
        .first()
    )
    return CertificateTemplate.objects.create(
        kind=template.kind,
        version=(latest.version if latest else 0) + 1,
        css=data.get("css", template.css),
        background_html=data.get("background_html", template.background_html),
        learner_html=data.get("learner_html", template.learner_html),
        note=data.get("note", ""),
        created_by=by,
    )


# --- Claiming and issuing ------------------------------------------------------------------


@transaction.atomic
def certificate_claim(*, user, course, credit_type: str) -> Certificate:
    """Claim credit: a pending certificate, rendered by a task queued once this commits.
    Claiming again (double click, two tabs, 50 at once) answers the one certificate."""
    existing = Certificate.objects.filter(
        learner=user, course=course, credit_type=credit_type
    ).first()
    if existing:
        return existing
    rules = CreditRules.objects.filter(course=course, active=True).first()
    if rules is None:
        raise ValidationError(_("This course does not offer continuing-education credit."))
    offering = rules.offerings.filter(credit_type=credit_type).first()
    if offering is None:
        raise ValidationError(_("This course does not offer that kind of credit."))
    checklist = credit_checklist(user=user, rules=rules)
    if not checklist.ready:
        raise ValidationError(
            _("Not yet: %(missing)s.") % {"missing": "; ".join(checklist.missing).lower()}
        )
    issued_on = local_today(user)
    try:
        with transaction.atomic():
            certificate = Certificate.objects.create(
                learner=user,
                course=course,
                credit_type=credit_type,
                learner_name=user.full_name.strip(),
                course_title=course.title,
                hours=offering.hours,
                provider_number=offering.provider_number,
                activity_number=offering.activity_number,
                accreditation_statement=offering.accreditation_statement,
                issued_on=issued_on,
                expires_on=add_months(issued_on, offering.validity_months)
                if offering.validity_months
                else None,
            )
            enqueue_on_commit(RENDER_TASK, certificate.pk)
    except IntegrityError:
        return Certificate.objects.get(learner=user, course=course, credit_type=credit_type)
    return certificate


def certificate_context(certificate: Certificate) -> dict:
    verify_url = settings.SITE_URL + certificate.get_verify_url()
    return {
        "site_name": _setting("CERTIFICATE_ISSUER_NAME", "Roots"),
        "course_title": certificate.course_title,
        "credit_type": CreditType(certificate.credit_type),
        "hours": hours_display(certificate.hours),
        "provider_number": certificate.provider_number,
        "activity_number": certificate.activity_number,
        "accreditation_statement": certificate.accreditation_statement,
        "learner_name": certificate.learner_name,
        "issued_on": certificate.issued_on,
        "expires_on": certificate.expires_on,
        "code": certificate.code,
        "verify_url": verify_url,
        "qr_data_uri": rendering.qr_data_uri(verify_url),
    }


def certificate_pdf_bytes(certificate: Certificate, template: CertificateTemplate) -> bytes:
    with translation.override(settings.LANGUAGE_CODE):
        return rendering.render_certificate_pdf(
            template=template,
            context=certificate_context(certificate),
            title=_("Certificate %(code)s") % {"code": certificate.code},
            lang=settings.LANGUAGE_CODE,
        )


def store_file(name: str, content: bytes) -> str:
    """Save under exactly `name`, replacing a file a crashed earlier run may have left."""
    if default_storage.exists(name):
        default_storage.delete(name)
    return default_storage.save(name, ContentFile(content))


def certificate_render(*, certificate_id: int) -> Certificate | None:
    """Render and store the PDF of a pending certificate, then mark it issued. Safe to run
    twice or at once: the row is locked, and anything not pending is left alone."""
    Certificate.objects.filter(pk=certificate_id, status=Certificate.Status.PENDING).update(
        attempts=F("attempts") + 1
    )
    with transaction.atomic():
        certificate = (
            Certificate.objects.select_for_update(of=("self",))
            .select_related("course")
            .filter(pk=certificate_id)
            .first()
        )
        if certificate is None or certificate.status != Certificate.Status.PENDING:
            return certificate
        template = certificate.template or certificate_template_current()
        pdf = certificate_pdf_bytes(certificate, template)
        name = store_file(certificate_pdf_path(certificate, certificate.revision), pdf)
        now = timezone.now()
        CertificateRevision.objects.update_or_create(
            certificate=certificate,
            revision=certificate.revision,
            defaults={
                "code": certificate.code,
                "template": template,
                "learner_name": certificate.learner_name,
                "pdf": name,
                "rendered_at": now,
            },
        )
        certificate.status = Certificate.Status.ISSUED
        certificate.template = template
        certificate.pdf = name
        certificate.issued_at = now
        certificate.last_error = ""
        certificate.save(
            update_fields=["status", "template", "pdf", "issued_at", "last_error", "updated_at"]
        )
        enqueue_on_commit(EMAIL_TASK, certificate.pk)
    return certificate


def certificate_note_error(*, certificate_id: int, error: str, failed: bool) -> None:
    """Record a render error; `failed` gives up (an admin can re-run it)."""
    fields = {"last_error": error[:2000]}
    if failed:
        fields["status"] = Certificate.Status.FAILED
    updated = Certificate.objects.filter(
        pk=certificate_id, status=Certificate.Status.PENDING
    ).update(**fields, updated_at=timezone.now())
    if updated and failed:  # the status shows on the learner's and their groups' pages
        learner_id = Certificate.objects.filter(pk=certificate_id).values_list("learner_id")[0][0]
        pagecache.bump_user(learner_id)


@transaction.atomic
def certificate_retry(*, certificate: Certificate) -> Certificate:
    """Put a failed certificate back in the queue."""
    updated = Certificate.objects.filter(
        pk=certificate.pk, status=Certificate.Status.FAILED
    ).update(status=Certificate.Status.PENDING, queued_at=timezone.now(), updated_at=timezone.now())
    if updated:
        enqueue_on_commit(RENDER_TASK, certificate.pk)
        pagecache.bump_user(certificate.learner_id)
    certificate.refresh_from_db()
    return certificate


def certificate_requeue_stale(*, older_than_minutes: int | None = None) -> int:
    """Queue again the certificates left pending (broker down at claim time, message lost)."""
    minutes = older_than_minutes or _setting("CERTIFICATE_PENDING_REQUEUE_MINUTES", 5)
    cutoff = timezone.now() - timezone.timedelta(minutes=minutes)
    stale = list(
        Certificate.objects.filter(status=Certificate.Status.PENDING, queued_at__lt=cutoff)
        .order_by("queued_at")
        .values_list("pk", flat=True)[: _setting("CERTIFICATE_REQUEUE_BATCH", 500)]
    )
    queued = 0
    for pk in stale:
        if not enqueue(RENDER_TASK, pk):
            break
        Certificate.objects.filter(pk=pk).update(queued_at=timezone.now())
        queued += 1
    if queued:
        logger.info("Re-queued %s pending certificate(s)", queued)
    return queued


def _send(*, template: str, to: str, context: dict) -> None:
    subject = " ".join(render_to_string(f"emails/{template}_subject.txt", context).split())
    message = EmailMultiAlternatives(
        subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject,
        body=render_to_string(f"emails/{template}.txt", context),
        to=[to],
    )
    message.attach_alternative(render_to_string(f"emails/{template}.html", context), "text/html")
    message.send()


@transaction.atomic
def certificate_email(*, certificate_id: int) -> bool:
    """E-mail the learner a link to the issued certificate, once per revision."""
    certificate = (
        Certificate.objects.select_for_update(of=("self",))
        .select_related("learner")
        .filter(pk=certificate_id)
        .first()
    )
    if (
        certificate is None
        or certificate.status != Certificate.Status.ISSUED
        or certificate.emailed_revision == certificate.revision
    ):
        return False
    with translation.override(settings.LANGUAGE_CODE):
        _send(
            template="certificate_issued",
            to=certificate.learner.email,
            context={
                "certificate": certificate,
                "hours": hours_display(certificate.hours),
                "url": settings.SITE_URL + certificate.get_absolute_url(),
                "verify_url": settings.SITE_URL + certificate.get_verify_url(),
            },
        )
    certificate.emailed_revision = certificate.revision
    certificate.save(update_fields=["emailed_revision"])
    return True


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, by, reason: str) -> Certificate:
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Give the reason for revoking."))
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.status != Certificate.Status.ISSUED:
        raise ValidationError(_("Only an issued certificate can be revoked."))
    now = timezone.now()
    certificate.status = Certificate.Status.REVOKED
    certificate.revoked_at = now
    certificate.revoked_reason = reason
    certificate.save(update_fields=["status", "revoked_at", "revoked_reason", "updated_at"])
    CertificateRevision.objects.filter(
        certificate=certificate, revision=certificate.revision
    ).update(revoked_at=now, revoked_reason=reason, revoked_by=by)
    return certificate


@transaction.atomic
def certificate_reissue(*, certificate: Certificate, by) -> Certificate:
    """A new revision: new code, the learner's current name, the current template; the old
    revision and its PDF are kept, and its code verifies as revoked."""
    certificate = (
        Certificate.objects.select_for_update(of=("self",))
        .select_related("learner")
        .get(pk=certificate.pk)
    )
    if certificate.status not in (Certificate.Status.ISSUED, Certificate.Status.REVOKED):
        raise ValidationError(_("Only an issued or revoked certificate can be reissued."))
    now = timezone.now()
    CertificateRevision.objects.filter(
        certificate=certificate, revision=certificate.revision, revoked_at__isnull=True
    ).update(revoked_at=now, revoked_reason=_("Replaced by a reissued certificate."), revoked_by=by)
    certificate.revision += 1
    certificate.code = new_verification_code()
    certificate.learner_name = certificate.learner.full_name.strip() or certificate.learner_name
    certificate.status = Certificate.Status.PENDING
    certificate.template = None
    certificate.pdf = ""
    certificate.revoked_at = None
    certificate.revoked_reason = ""
    certificate.attempts = 0
    certificate.last_error = ""
    certificate.queued_at = now
    certificate.save()
    enqueue_on_commit(RENDER_TASK, certificate.pk)
    return certificate


def certificate_expiry_reminders_send(*, today: date | None = None) -> int:
    """One e-mail per certificate whose credit expires within the reminder window."""
    today = today or timezone.localdate()
    days = _setting("CERTIFICATE_EXPIRY_REMINDER_DAYS", 60)
    until = today + timezone.timedelta(days=days)
    sent = 0
    for pk in expiring_certificates(today=today, until=until).values_list("pk", flat=True):
        with transaction.atomic():
            certificate = (
                Certificate.objects.select_for_update(of=("self",), skip_locked=True)
                .select_related("learner")
                .filter(pk=pk, reminder_sent_at__isnull=True)
                .first()
            )
            if certificate is None:
                continue
            with translation.override(settings.LANGUAGE_CODE):
                _send(
                    template="certificate_expiring",
                    to=certificate.learner.email,
                    context={
                        "certificate": certificate,
                        "days": (certificate.expires_on - today).days,
                        "url": settings.SITE_URL + reverse("certificates:transcript"),
                    },
                )
            certificate.reminder_sent_at = timezone.now()
            certificate.save(update_fields=["reminder_sent_at"])
            sent += 1
    return sent


# --- Transcripts ---------------------------------------------------------------------------


@transaction.atomic
def transcript_request(*, user) -> Transcript:
    """Ask for a PDF transcript; a request still being prepared is answered instead."""
    pending = Transcript.objects.filter(learner=user, status=Transcript.Status.PENDING).first()
    if pending:
        return pending
    transcript = Transcript.objects.create(learner=user)
    enqueue_on_commit(TRANSCRIPT_TASK, transcript.pk)
    return transcript


def transcript_render(*, transcript_id: int) -> Transcript | None:
    Transcript.objects.filter(pk=transcript_id, status=Transcript.Status.PENDING).update(
        attempts=F("attempts") + 1
    )
    with transaction.atomic():
        transcript = (
            Transcript.objects.select_for_update(of=("self",))
            .select_related("learner")
            .filter(pk=transcript_id)
            .first()
        )
        if transcript is None or transcript.status != Transcript.Status.PENDING:
            return transcript
        learner = transcript.learner
        summary = transcript_summary(user=learner)
        with translation.override(settings.LANGUAGE_CODE), timezone.override(learner.time_zone):
            pdf = rendering.render_template_pdf(
                "certificates/print/transcript.html",
                {
                    "learner": learner,
                    "summary": summary,
                    "rows": [(c, hours_display(c.hours)) for c in summary.certificates],
                    "hours_by_type": [
                        (label, hours_display(h)) for label, h in summary.hours_by_type
                    ],
                    "total_hours": hours_display(summary.total_hours),
                    "generated_at": timezone.now(),
                    "site_name": _setting("CERTIFICATE_ISSUER_NAME", "Roots"),
                    "site_url": settings.SITE_URL,
                    "lang": settings.LANGUAGE_CODE,
                    "title": _("Continuing-education transcript"),
                },
                "certificates/print/transcript.css",
            )
        stamp = transcript.requested_at.strftime("%Y%m%dT%H%M%S%f")
        name = store_file(f"transcripts/{learner.pk}/transcript-{transcript.pk}-{stamp}.pdf", pdf)
        transcript.pdf = name
        transcript.status = Transcript.Status.READY
        transcript.ready_at = timezone.now()
        transcript.last_error = ""
        transcript.save(update_fields=["pdf", "status", "ready_at", "last_error"])
    return transcript


def transcript_note_error(*, transcript_id: int, error: str, failed: bool) -> None:
    fields = {"last_error": error[:2000]}
    if failed:
        fields["status"] = Transcript.Status.FAILED
    Transcript.objects.filter(pk=transcript_id, status=Transcript.Status.PENDING).update(**fields)
