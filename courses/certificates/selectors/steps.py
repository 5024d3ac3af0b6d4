"""Reads on the way to credit: the time a claim needs, the post-test standing and feedback, the
claim checklist and what follows a finished course."""

import math
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import Max
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
)
from courses.services import passes

from ..models import (
    Attestation,
    Certificate,
    CreditOffering,
    CreditRules,
    EvaluationResponse,
    PostTestAttempt,
    PostTestQuestion,
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
        .prefetch_related("offerings__profile")
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
