"""Reads for continuing-education credit: progress checklists, transcripts, exports, summaries."""

import math
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Avg, Count, Max, Min, Prefetch, Q
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from courses.models import Course, Unit
from courses.selectors import (
    AfterCourse,
    NextStep,
    UnitState,
    course_engaged_seconds,
    duration_display,
    progress_grid,
    unit_completions_sql,
)
from courses.services import passes

from .models import (
    Attestation,
    Certificate,
    CertificateRevision,
    CreditOffering,
    CreditRules,
    CreditType,
    EvaluationAnswer,
    EvaluationItem,
    EvaluationResponse,
    PostTestAttempt,
    PostTestQuestion,
    normalize_code,
)


def lesson_time_share_of(course_id: int) -> int | None:
    """The share of a lesson's expected minutes the course's CE rules ask for, if it has
    rules (the courses app reads it through `register_lesson_time_share`)."""
    return (
        CreditRules.objects.filter(course_id=course_id)
        .values_list("lesson_time_share", flat=True)
        .first()
    )


def engaged_seconds_needed(offering: CreditOffering) -> int:
    """The time on the course a claim of this credit needs: its share of the credited hours."""
    return math.ceil(offering.hours * 3600 * offering.engaged_share / 100)


def course_seconds_needed(rules: CreditRules, *, credit_type: str | None = None) -> int:
    """The time on the course a claim of `credit_type` needs or, without one, the least any
    credit of the course needs."""
    return min(
        (
            engaged_seconds_needed(offering)
            for offering in rules.offerings.all()
            if credit_type is None or offering.credit_type == credit_type
        ),
        default=0,
    )


def course_units_progress(*, user, course: Course) -> tuple[int, int]:
    """(units complete, units in the course), by the courses app's own rules."""
    cells = progress_grid([user], course).by_user.get(user.pk, [])
    return sum(cell.state == UnitState.COMPLETE for cell in cells), len(cells)


def user_zone(user) -> zoneinfo.ZoneInfo:
    """The learner's time zone (the site's when theirs is unknown), for times told to them."""
    try:
        return zoneinfo.ZoneInfo(user.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def post_test_length(*, rules: CreditRules, bank_size: int | None = None) -> int:
    """How many questions an attempt draws: `questions_per_attempt` (0: the whole bank), raised
    to `min_questions_per_hour` for each contact hour of the largest credit offered, rounded
    up, and never more than the active questions in the bank."""
    if bank_size is None:
        bank_size = PostTestQuestion.objects.filter(rules=rules, active=True).count()
    hours = rules.offerings.aggregate(hours=Max("hours"))["hours"] or Decimal(0)
    wanted = max(
        rules.questions_per_attempt or bank_size,
        math.ceil(rules.min_questions_per_hour * hours),
    )
    return min(wanted, bank_size)


@dataclass(frozen=True)
class PostTestStanding:
    """Where a learner stands with the post-test. Attempts come in rounds of `max_attempts`:
    once a round has failed, the next opens `retry_wait_hours` after its last attempt."""

    passed: bool
    best_score: int | None
    attempts_used: int  # in the current round
    attempts_allowed: int
    latest: PostTestAttempt | None  # the last submitted attempt
    next_round_at: datetime | None = None  # set while the learner waits for the next round

    @property
    def attempts_left(self) -> int:
        if self.passed or self.next_round_at is not None:
            return 0
        return max(self.attempts_allowed - self.attempts_used, 0)


def post_test_standing(*, user, rules: CreditRules, now: datetime | None = None):
    """The learner's submitted attempts, read in one query, counted into rounds."""
    attempts = list(
        PostTestAttempt.objects.filter(user=user, rules=rules, submitted_at__isnull=False)
        .order_by("submitted_at", "pk")
        .only("passed", "score", "submitted_at", "unit_results")
    )
    # A sitting after a full round opened the next one (the service let it start only then).
    used = (len(attempts) - 1) % rules.max_attempts + 1 if attempts else 0
    passed = any(attempt.passed for attempt in attempts)
    next_round_at = None
    if attempts and not passed and used >= rules.max_attempts:
        opens = attempts[-1].submitted_at + timedelta(hours=rules.retry_wait_hours)
        if (now or timezone.now()) < opens:
            next_round_at = opens
        else:
            used = 0
    return PostTestStanding(
        passed=passed,
        best_score=max((attempt.score or 0 for attempt in attempts), default=None),
        attempts_used=used,
        attempts_allowed=rules.max_attempts,
        latest=attempts[-1] if attempts else None,
        next_round_at=next_round_at,
    )


def local_moment(user, moment: datetime) -> str:
    """A time as the learner reads it: "8 Dec 2026, 09:00 CST" in their time zone."""
    return dateformat.format(timezone.localtime(moment, user_zone(user)), "j M Y, H:i T")


@dataclass(frozen=True)
class UnitFeedback:
    unit: Unit | None  # None: questions tagged with no unit (or with a unit since deleted)
    right: int
    total: int
    review: bool  # below the pass mark in this unit


def post_test_feedback(*, attempt: PostTestAttempt, rules: CreditRules) -> list[UnitFeedback]:
    """An attempt's results unit by unit, from the counts stored when it was graded: which
    units to review, never which answer was right."""
    rows = attempt.unit_results or []
    units = Unit.objects.select_related("course").in_bulk(
        [row["unit"] for row in rows if row["unit"] is not None]
    )
    return [
        UnitFeedback(
            unit=units.get(row["unit"]),
            right=row["right"],
            total=row["total"],
            review=not passes(right=row["right"], total=row["total"], mark=rules.pass_mark),
        )
        for row in rows
    ]


@dataclass
class ChecklistItem:
    key: str
    label: str
    done: bool
    detail: str = ""
    url: str = ""


@dataclass
class CreditChecklist:
    items: list[ChecklistItem]
    attempts_used: int = 0  # in the current round of post-test attempts
    attempts_left: int = 0
    next_round_at: datetime | None = None  # while the learner waits for the next round
    post_test_passed: bool = False
    evaluation_submitted: bool = False
    attested: bool = False
    missing: list[str] = field(default_factory=list)
    engaged_seconds: int = 0
    engaged_needed: int = 0

    @property
    def ready(self) -> bool:
        return all(item.done for item in self.items)

    @property
    def time_done(self) -> bool:
        return self.engaged_seconds >= self.engaged_needed


def _time_item(course: Course, seconds: int, needed: int) -> ChecklistItem:
    return ChecklistItem(
        "time",
        _("Spend the time on the course"),
        seconds >= needed,
        _("Time on the course: %(spent)s of %(needed)s needed.")
        % {"spent": duration_display(seconds), "needed": duration_display(needed)},
        course.get_absolute_url(),
    )


def credit_checklist(
    *, user, rules: CreditRules, credit_type: str | None = None
) -> CreditChecklist:
    """What the learner has done and still has to do before claiming credit. The time on the
    course is measured against what `credit_type` needs or, without one, the credit that needs
    least (what the claim page offers first)."""
    course = rules.course
    complete, total = course_units_progress(user=user, course=course)
    needed = course_seconds_needed(rules, credit_type=credit_type)
    seconds = course_engaged_seconds(user=user, course=course)
    standing = post_test_standing(user=user, rules=rules)
    passed, best, attempts_left = standing.passed, standing.best_score, standing.attempts_left
    evaluated = EvaluationResponse.objects.filter(user=user, rules=rules).exists()
    attested = Attestation.objects.filter(user=user, rules=rules).exists()
    if passed:
        post_test_detail = _("Passed with %(score)s%%.") % {"score": best}
    elif standing.next_round_at is not None:
        post_test_detail = ngettext(
            "Best score %(score)s%%; %(mark)s%% passes. Your %(count)s attempt is used; a new "
            "round opens on %(when)s.",
            "Best score %(score)s%%; %(mark)s%% passes. All %(count)s attempts are used; a new "
            "round opens on %(when)s.",
            rules.max_attempts,
        ) % {
            "score": best,
            "mark": rules.pass_mark,
            "count": rules.max_attempts,
            "when": local_moment(user, standing.next_round_at),
        }
    elif standing.latest is not None:
        post_test_detail = ngettext(
            "Best score %(score)s%%; %(mark)s%% passes. %(left)s attempt left.",
            "Best score %(score)s%%; %(mark)s%% passes. %(left)s attempts left.",
            attempts_left,
        ) % {"score": best, "mark": rules.pass_mark, "left": attempts_left}
    else:
        post_test_detail = ngettext(
            "%(mark)s%% passes; %(left)s attempt allowed.",
            "%(mark)s%% passes; %(left)s attempts allowed.",
            attempts_left,
        ) % {"mark": rules.pass_mark, "left": attempts_left}
    items = [
        ChecklistItem(
            "units",
            _("Complete every unit"),
            total > 0 and complete == total,
            _("%(done)s of %(total)s units complete.") % {"done": complete, "total": total},
            course.get_absolute_url(),
        ),
        _time_item(course, seconds, needed),
        ChecklistItem(
            "post_test",
            _("Pass the post-test"),
            passed,
            post_test_detail,
            reverse("certificates:post_test", args=[course.slug]),
        ),
        ChecklistItem(
            "evaluation",
            _("Submit the course evaluation"),
            evaluated,
            _("Thank you for your feedback.") if evaluated else _("About five minutes."),
            reverse("certificates:evaluation", args=[course.slug]),
        ),
        ChecklistItem(
            "attestation",
            _("Attest to your time"),
            attested,
            _("Attested.")
            if attested
            else _("Tick the statement below.")
            if seconds >= needed
            else _("Once your time on the course is recorded."),
            reverse("certificates:claim", args=[course.slug]) + "#attest-heading",
        ),
        ChecklistItem(
            "name",
            _("Give the name to print on your certificate"),
            bool(user.full_name.strip()),
            user.full_name.strip() or _("Add your full name to your profile."),
            reverse("profile"),
        ),
    ]
    return CreditChecklist(
        items=items,
        attempts_used=standing.attempts_used,
        attempts_left=attempts_left,
        next_round_at=standing.next_round_at,
        post_test_passed=passed,
        evaluation_submitted=evaluated,
        attested=attested,
        # The time step says how much is recorded and needed: the refusal shows the numbers.
        missing=[
            str(item.detail).rstrip(".") if item.key == "time" else str(item.label)
            for item in items
            if not item.done
        ],
        engaged_seconds=seconds,
        engaged_needed=needed,
    )


def after_course(*, user, courses: list[Course], with_steps: bool = False) -> dict:
    """What finished courses offer (`courses.selectors.after_course` reads it): the claim
    page, whether credit is left to claim, the steps before a claim (`with_steps`) and the
    first issued certificate's PDF. Three queries for any number of courses, plus each
    course's checklist with `with_steps`."""
    rules_list = list(
        CreditRules.objects.filter(course__in=courses, active=True, course__published=True)
        .select_related("course")
        .prefetch_related("offerings")
    )
    if not rules_list:
        return {}
    certificates = defaultdict(list)
    for certificate in (
        Certificate.objects.for_courses()
        .filter(learner=user, course_id__in=[rules.course_id for rules in rules_list])
        .order_by("issued_on", "pk")
    ):
        certificates[certificate.course_id].append(certificate)
    found = {}
    for rules in rules_list:
        mine = certificates[rules.course_id]
        claimed = {certificate.credit_type for certificate in mine}
        claimable = any(o.credit_type not in claimed for o in rules.offerings.all())
        claim_url = reverse("certificates:claim", args=[rules.course.slug])
        steps = ()
        if with_steps and claimable:
            steps = tuple(
                NextStep(str(item.label), str(item.detail), item.url or claim_url)
                for item in credit_checklist(user=user, rules=rules).items
                if not item.done
            )
        issued = next((c for c in mine if c.status == Certificate.Status.ISSUED and c.pdf), None)
        found[rules.course_id] = AfterCourse(
            title=str(_("Claim your CE credit")),
            url=claim_url,
            claimable=claimable,
            steps=steps,
            certificate_url=reverse("certificates:download", args=[issued.pk]) if issued else "",
        )
    return found


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
