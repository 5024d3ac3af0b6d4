"""Reads of what was issued: a learner's certificates and transcript, staff lists and exports,
verification, evaluations, expiring credit, completion dates and accreditor rosters."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Avg, Count, Min, Prefetch, Q
from django.utils.translation import gettext as _

from courses.models import Course
from courses.selectors import (
    unit_completions_sql,
)

from ..models import (
    Attestation,
    Certificate,
    CertificateRevision,
    CreditRules,
    CreditType,
    EvaluationAnswer,
    EvaluationItem,
    EvaluationResponse,
    PostTestAttempt,
    normalize_code,
)


def learner_certificates(*, user, course: Course | None = None):
    certificates = Certificate.objects.for_learner(user).select_related("course")
    if course is not None:
        certificates = certificates.filter(course=course)
    return certificates.order_by("-issued_on", "-pk")


@dataclass
class TranscriptSummary:
    certificates: list
    hours_by_type: list[tuple[str, Decimal]]
    total_hours: Decimal


def transcript_summary(*, user) -> TranscriptSummary:
    """Issued certificates (expired ones too: the hours were earned) with hours per credit
    type and in total. Revoked and unfinished certificates are left out."""
    certificates = list(
        Certificate.objects.for_learner(user)
        .issued()
        .select_related("course")
        .order_by("-issued_on", "-pk")
    )
    hours: dict[str, Decimal] = defaultdict(Decimal)
    for certificate in certificates:
        hours[certificate.credit_type] += certificate.hours
    labels = dict(CreditType.choices)
    by_type = [(labels[key], hours[key]) for key in CreditType.values if key in hours]
    return TranscriptSummary(certificates, by_type, sum(hours.values(), Decimal()))


def transcript_rows(summary: TranscriptSummary) -> list[list[str]]:
    """The transcript as spreadsheet rows, header first, totals last (CSV and the archive)."""
    from ..services.common import hours_display  # services import selectors: not at the top

    rows = [[_("Issued"), _("Course"), _("Credit type"), _("Hours"), _("Expires"), _("Code")]]
    for certificate in summary.certificates:
        rows.append(
            [
                certificate.issued_on.isoformat(),
                certificate.course_title,
                certificate.get_credit_type_display(),
                hours_display(certificate.hours),
                certificate.expires_on.isoformat() if certificate.expires_on else "",
                certificate.code,
            ]
        )
    for label, hours in summary.hours_by_type:
        rows.append(["", _("Total"), label, hours_display(hours), "", ""])
    rows.append(["", _("Total"), _("All credit"), hours_display(summary.total_hours)])
    return [[str(cell) for cell in row] for row in rows]


def certificates_issued_between(*, start: date, end: date, course: Course | None = None):
    """Certificates first issued on a date in [start, end], for the accreditor's audit."""
    certificates = (
        Certificate.objects.filter(
            issued_on__gte=start,
            issued_on__lte=end,
            status__in=[Certificate.Status.ISSUED, Certificate.Status.REVOKED],
        )
        .select_related("learner__organization", "course")
        .order_by("issued_on", "pk")
    )
    if course is not None:
        certificates = certificates.filter(course=course)
    return certificates


def staff_certificates(*, query: str = "", status: str = ""):
    certificates = Certificate.objects.select_related("learner", "course").order_by(
        "-created_at", "-pk"
    )
    if status:
        certificates = certificates.filter(status=status)
    if query:
        certificates = certificates.filter(
            Q(code__iexact=query.strip())
            | Q(learner_name__icontains=query)
            | Q(learner__email__icontains=query)
            | Q(course_title__icontains=query)
        )
    return certificates


def certificate_with_history(*, pk: int) -> Certificate | None:
    return (
        Certificate.objects.select_related("learner__organization", "course", "template")
        .prefetch_related(
            Prefetch(
                "revisions",
                queryset=CertificateRevision.objects.select_related("template", "revoked_by"),
            )
        )
        .filter(pk=pk)
        .first()
    )


@dataclass
class Verification:
    revision: CertificateRevision
    certificate: Certificate
    state: str  # "valid", "expired", "revoked", "replaced"
    # For a replaced revision: the code of the certificate that replaced it, once issued.
    replaced_by: str = ""


def certificate_verification(*, code: str) -> Verification | None:
    """The revision a code names, however it was typed (`normalize_code`). A revision that a
    reissue replaced says so, and names its successor once that one has a PDF."""
    revision = (
        CertificateRevision.objects.select_related("certificate")
        .filter(code=normalize_code(code))
        .first()
    )
    if revision is None:
        return None
    certificate = revision.certificate
    if revision.revision < certificate.revision:
        has_successor = certificate.status in (
            Certificate.Status.ISSUED,
            Certificate.Status.REVOKED,
        )
        return Verification(
            revision, certificate, "replaced", certificate.code if has_successor else ""
        )
    if revision.revoked_at or certificate.status == Certificate.Status.REVOKED:
        state = "revoked"
    elif certificate.is_expired:
        state = "expired"
    else:
        state = "valid"
    return Verification(revision, certificate, state)


def courses_with_evaluations():
    return (
        CreditRules.objects.select_related("course")
        .annotate(response_count=Count("responses", distinct=True))
        .order_by("course__title")
    )


@dataclass
class ItemSummary:
    item: EvaluationItem
    mean: float | None = None
    count: int = 0
    texts: list[str] = field(default_factory=list)


def evaluation_summary(*, rules: CreditRules) -> tuple[int, list[ItemSummary]]:
    """(response count, one summary per item): mean and count for Likert items, every answer
    for free-text items. Three queries whatever the number of responses."""
    responses = EvaluationResponse.objects.filter(rules=rules).count()
    items = list(EvaluationItem.objects.filter(rules=rules).order_by("position", "pk"))
    stats = {
        row["item"]: row
        for row in EvaluationAnswer.objects.filter(item__rules=rules, rating__isnull=False)
        .values("item")
        .annotate(mean=Avg("rating"), count=Count("pk"))
    }
    texts: dict[int, list[str]] = defaultdict(list)
    for item_id, text in (
        EvaluationAnswer.objects.filter(item__rules=rules, item__kind=EvaluationItem.Kind.TEXT)
        .exclude(text="")
        .order_by("-response__submitted_at", "pk")
        .values_list("item", "text")
    ):
        texts[item_id].append(text)
    summaries = []
    for item in items:
        row = stats.get(item.pk, {})
        summaries.append(
            ItemSummary(item, row.get("mean"), row.get("count", 0), texts.get(item.pk, []))
        )
    return responses, summaries


def expiring_certificates(*, today: date, until: date):
    return (
        Certificate.objects.issued()
        .filter(
            expires_on__isnull=False,
            expires_on__gte=today,
            expires_on__lte=until,
            reminder_sent_at__isnull=True,
        )
        .select_related("learner", "course")
    )


def credit_completed_at(*, user, rules: CreditRules) -> datetime | None:
    """When the learner met the last requirement before a claim: the latest of the moment their
    last unit of the course was complete (by the courses app's rule), their first passing
    post-test, their evaluation and their attestation; None while one is missing."""
    learners = get_user_model().objects.filter(pk=user.pk).values("pk")
    units_sql, params = unit_completions_sql(learners=learners)
    unit_ids = list(rules.course.units.values_list("pk", flat=True))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*), MAX(completed_at) FROM ({units_sql}) AS done "  # noqa: S608
            "WHERE unit_id = ANY(%s)",
            [*params, unit_ids],
        )
        units_done, units_at = cursor.fetchone()
    moments = [
        units_at if unit_ids and units_done == len(unit_ids) else None,
        PostTestAttempt.objects.filter(user=user, rules=rules, passed=True).aggregate(
            at=Min("submitted_at")
        )["at"],
        EvaluationResponse.objects.filter(user=user, rules=rules).aggregate(at=Min("submitted_at"))[
            "at"
        ],
        Attestation.objects.filter(user=user, rules=rules).aggregate(at=Min("attested_at"))["at"],
    ]
    if any(moment is None for moment in moments):
        return None
    return max(moments)


def roster_certificates(*, profile, start: date, end: date):
    """The issued certificates of a profile's credit type completed on a day in [start, end],
    for its accreditor's roster. Revoked ones are no credit and are left out; certificates from
    before completion dates were kept have none and appear only in the audit export."""
    return (
        Certificate.objects.issued()
        .filter(credit_type=profile.credit_type, completed_on__gte=start, completed_on__lte=end)
        .select_related("learner")
        .order_by("completed_on", "learner_name", "pk")
    )
