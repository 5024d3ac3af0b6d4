"""Writes of learner progress. Each service runs in one transaction, takes keyword arguments and
raises `ValidationError` for what the learner can fix.

Public API:

- `enrollment_create(user=, course=) -> (Enrollment, created)`
- `lesson_complete(user=, lesson=) -> (LessonCompletion, created)`: refused until the learner
  spent the course's share of the lesson's expected time on it (`selectors.engaged`)
- `lesson_time_open(user=, lesson=) -> LessonTime`: the first opening of a lesson
- `lesson_time_beat(user=, lesson=, visible=, active=, video_position=None) -> LessonTime`
- `reflection_save(user=, lesson=, text=) -> Reflection`
- `check_grade(unit=, answers=, questions=None) -> Grade` (pure: scores without saving)
- `check_attempt_submit(user=, unit=, answers=, submission_key=None) -> (CheckAttempt, created)`,
  refused once the course's `check_attempts` are used
- `passes(right=, total=, mark=)`, `percent_floor(right, total)`: the pass rule on exact numbers
  and the score shown, shared with the post-test
- `journal_pdf_request(user=) -> JournalPdf`, `journal_pdf_render(journal_pdf_id=)` (the task's),
  `journal_pdf_note_error(journal_pdf_id=, error=, failed=)`

Every write is race-safe: the tables carry unique constraints (enrolment per learner x course,
completion and reflection per learner x lesson, attempt per learner x submission key) and the
services use get_or_create / update_or_create, which fall back to reading the row another request
committed first. A double click, a resent form or two tabs therefore make one row.
"""

import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from roots.files import delete_files_on_commit, store_file
from roots.permissions import has_verified_email
from roots.tasks import enqueue_on_commit

from . import journal
from .models import (
    CheckAttempt,
    CheckQuestion,
    Course,
    Enrollment,
    JournalPdf,
    Lesson,
    LessonCompletion,
    LessonTime,
    Reflection,
    Unit,
)
from .selectors import check_questions, check_standing, course_is_complete
from .selectors.engaged import lesson_clock, lesson_time_cap

REFLECTION_MAX_LENGTH = 20_000
# Queued by name: courses.tasks imports these services, never the other way round.
JOURNAL_PDF_TASK = "courses.tasks.journal_pdf_render_task"
# A PDF still pending this long after it was asked for lost its message: asking again queues it.
JOURNAL_PDF_REQUEUE_AFTER = timedelta(minutes=5)
# The lesson page beats every BEAT_SECONDS while it is visible and in use; a beat counts the
# time since the one before, never more than this (the interval and some slack), so beats sent
# faster add no time and a long gap (a closed laptop) adds at most this.
BEAT_SECONDS = 15
BEAT_MAX_SECONDS = BEAT_SECONDS + 5
# A video played faster than this is not watched: the position reported counts no faster.
VIDEO_MAX_RATE = 2


def _enrollment_for(*, user, course: Course) -> Enrollment:
    enrollment = Enrollment.objects.filter(user=user, course=course).first()
    if enrollment is None:
        raise ValidationError(_("Enrol in the course first."), code="not_enrolled")
    return enrollment


def _record_activity(*, enrollment: Enrollment, user, course: Course) -> None:
    """Note the learner's last activity and, the first time every unit is complete, the
    course's completion time."""
    now = timezone.now()
    fields = {"last_activity_at": now}
    if enrollment.completed_at is None and course_is_complete(user, course):
        fields["completed_at"] = now
    Enrollment.objects.filter(pk=enrollment.pk).update(**fields)
    for name, value in fields.items():
        setattr(enrollment, name, value)


@transaction.atomic
def enrollment_create(
    *, user, course: Course, from_course_page: bool = False
) -> tuple[Enrollment, bool]:
    """Enrol the learner. `from_course_page`: they enrolled with the course page's terms and
    disclosures in front of them, which the claim records for the accreditor."""
    if not course.published:
        raise ValidationError(_("This course is not open for enrolment."), code="unpublished")
    if not has_verified_email(user):
        raise ValidationError(
            _("Verify your e-mail address before you enrol."), code="unverified_email"
        )
    enrollment, created = Enrollment.objects.get_or_create(
        user=user,
        course=course,
        defaults={"terms_seen_at": timezone.now() if from_course_page else None},
    )
    if from_course_page and not enrollment.terms_seen_at:
        enrollment.terms_seen_at = timezone.now()
        enrollment.save(update_fields=["terms_seen_at"])
    return enrollment, created


def _locked_enrollment(*, user, course: Course) -> Enrollment:
    """The enrolment, locked: a learner's time in a course is counted one request at a time."""
    enrollment = Enrollment.objects.select_for_update().filter(user=user, course=course).first()
    if enrollment is None:
        raise ValidationError(_("Enrol in the course first."), code="not_enrolled")
    return enrollment


def _locked_time(*, user, lesson: Lesson) -> LessonTime:
    row = LessonTime.objects.select_for_update().filter(user=user, lesson=lesson).first()
    if row is None:
        row, _created = LessonTime.objects.get_or_create(user=user, lesson=lesson)
    return row


def _count_time(
    *, row: LessonTime, lesson: Lesson, enrollment: Enrollment, seconds: float, now
) -> None:
    """Add engaged seconds to the lesson (up to its cap); the course has counted up to now."""
    row.seconds = min(row.seconds + max(round(seconds), 0), lesson_time_cap(lesson))
    enrollment.engaged_until = now
    enrollment.save(update_fields=["engaged_until"])


def lesson_time_open(*, user, lesson: Lesson) -> LessonTime:
    """The learner opened the lesson: its row, made the first time (when the no-JavaScript
    count starts). One statement each way, so no transaction of its own: two first openings at
    once make one row (the unique constraint; the later insert does nothing)."""
    row = LessonTime.objects.filter(user=user, lesson=lesson).first()
    if row is None:
        row = LessonTime(user=user, lesson=lesson)
        LessonTime.objects.bulk_create([row], ignore_conflicts=True)
    return row


@transaction.atomic
def lesson_time_beat(
    *, user, lesson: Lesson, visible: bool, active: bool, video_position: float | None = None
) -> LessonTime:
    """One heartbeat of the lesson page. A page that is visible and was in use counts the time
    since its previous beat (at most BEAT_MAX_SECONDS, and never time the course counted on
    another lesson meanwhile); a hidden or idle page counts nothing, and its beat starts the
    next interval. The first beat starts the clock. `video_position`: seconds of the lesson's
    own video played, counted no faster than VIDEO_MAX_RATE times real time."""
    enrollment = _locked_enrollment(user=user, course=lesson.unit.course)
    row = _locked_time(user=user, lesson=lesson)
    now = timezone.now()
    if visible and row.last_beat_at is not None:
        since = max(row.last_beat_at, enrollment.engaged_until or row.last_beat_at)
        elapsed = min(max((now - since).total_seconds(), 0), BEAT_MAX_SECONDS)
        if active:
            _count_time(row=row, lesson=lesson, enrollment=enrollment, seconds=elapsed, now=now)
        video = lesson.native_video_seconds
        if video and video_position is not None:
            furthest = row.video_watched + elapsed * VIDEO_MAX_RATE
            row.video_watched = max(row.video_watched, int(min(video_position, furthest, video)))
    row.last_beat_at = now
    row.save(update_fields=["seconds", "video_watched", "last_beat_at"])
    return row


@transaction.atomic
def lesson_complete(*, user, lesson: Lesson) -> tuple[LessonCompletion, bool]:
    """Mark the lesson complete, once the learner spent the time it needs on it (or watched
    its own video). A lesson never open with JavaScript counts the time since it was opened."""
    course = lesson.unit.course
    enrollment = _locked_enrollment(user=user, course=course)
    existing = LessonCompletion.objects.filter(user=user, lesson=lesson).first()
    if existing is not None:
        return existing, False
    row = _locked_time(user=user, lesson=lesson)
    now = timezone.now()
    clock = lesson_clock(lesson=lesson, row=row, enrollment=enrollment, now=now)
    if not clock.can_complete:
        raise ValidationError(clock.time_left_text, code="too_soon")
    if row.last_beat_at is None:
        # Without heartbeats, the time the lesson was open is counted now, once.
        extra = clock.seconds - row.seconds
        _count_time(row=row, lesson=lesson, enrollment=enrollment, seconds=extra, now=now)
        row.save(update_fields=["seconds"])
    completion, created = LessonCompletion.objects.get_or_create(user=user, lesson=lesson)
    if created:
        _record_activity(enrollment=enrollment, user=user, course=course)
    return completion, created


@transaction.atomic
def reflection_save(*, user, lesson: Lesson, text: str) -> Reflection:
    if not lesson.reflection_prompt:
        raise ValidationError(_("This lesson has no reflection prompt."), code="no_prompt")
    if len(text) > REFLECTION_MAX_LENGTH:
        raise ValidationError(
            _("A reflection can be at most %(max)d characters long."),
            code="too_long",
            params={"max": REFLECTION_MAX_LENGTH},
        )
    course = lesson.unit.course
    enrollment = _enrollment_for(user=user, course=course)
    reflection, _created = Reflection.objects.update_or_create(
        user=user, lesson=lesson, defaults={"text": text}
    )
    _record_activity(enrollment=enrollment, user=user, course=course)
    return reflection


def passes(*, right: int, total: int, mark: int) -> bool:
    """Whether `right` answers of `total` reach a pass mark in percent, on exact numbers: 79.5%
    does not reach 80%."""
    return total > 0 and right * 100 >= mark * total


def percent_floor(right: int, total: int) -> int:
    """The score to show, rounded down, so that it never reads as a pass it is not."""
    return 100 * right // total if total else 0


@dataclass(frozen=True)
class QuestionResult:
    question: CheckQuestion
    chosen_ids: frozenset[int]
    correct: bool


@dataclass(frozen=True)
class Grade:
    score: int
    passed: bool
    results: list[QuestionResult]


def check_grade(
    *, unit: Unit, answers: dict, questions: list[CheckQuestion] | None = None
) -> Grade:
    """Score answers ({question id: [choice ids]}) against the unit's questions. A question
    counts as right when exactly its correct choices were chosen."""
    if questions is None:
        questions = check_questions(unit)
    if not questions:
        raise ValidationError(_("This unit has no knowledge check."), code="no_questions")
    results = []
    for question in questions:
        valid_ids = {choice.pk for choice in question.choices.all()}
        chosen = {int(pk) for pk in answers.get(question.pk, answers.get(str(question.pk), []))}
        if not chosen:
            raise ValidationError(
                _("Answer every question: “%(question)s” has no answer."),
                code="unanswered",
                params={"question": question.text},
            )
        if not chosen <= valid_ids or (
            question.kind == CheckQuestion.Kind.SINGLE and len(chosen) > 1
        ):
            raise ValidationError(_("That answer is not one of the choices."), code="bad_choice")
        correct_ids = {choice.pk for choice in question.choices.all() if choice.is_correct}
        results.append(QuestionResult(question, frozenset(chosen), chosen == correct_ids))
    right = sum(result.correct for result in results)
    return Grade(
        score=percent_floor(right, len(results)),
        passed=passes(right=right, total=len(results), mark=unit.pass_mark),
        results=results,
    )


@transaction.atomic
def check_attempt_submit(
    *, user, unit: Unit, answers: dict, submission_key: uuid.UUID | None = None
) -> tuple[CheckAttempt, bool]:
    """Grade and record an attempt. The same submission_key twice records one attempt; past
    the course's `check_attempts` nothing is recorded."""
    course = unit.course
    enrollment = _enrollment_for(user=user, course=course)
    if submission_key is not None:
        existing = CheckAttempt.objects.filter(user=user, submission_key=submission_key).first()
        if existing is not None:
            return existing, False
    # The learner's enrolment is locked while attempts are counted, so two tabs submitting the
    # last attempt at once record one.
    Enrollment.objects.select_for_update().filter(pk=enrollment.pk).first()
    if check_standing(user=user, unit=unit).attempts_left == 0:
        raise ValidationError(
            ngettext(
                "You have used your %(count)d attempt at this knowledge check.",
                "You have used all %(count)d attempts at this knowledge check.",
                course.check_attempts,
            ),
            code="no_attempts_left",
            params={"count": course.check_attempts},
        )
    grade = check_grade(unit=unit, answers=answers)
    stored = {str(result.question.pk): sorted(result.chosen_ids) for result in grade.results}
    values = {"unit": unit, "score": grade.score, "passed": grade.passed, "answers": stored}
    if submission_key is None:
        attempt, created = CheckAttempt.objects.create(user=user, **values), True
    else:
        attempt, created = CheckAttempt.objects.get_or_create(
            user=user, submission_key=submission_key, defaults=values
        )
    if created:
        _record_activity(enrollment=enrollment, user=user, course=course)
    return attempt, created


@transaction.atomic
def journal_pdf_request(*, user) -> JournalPdf:
    """Ask for the journal as a PDF, made by the worker. A ready PDF of the journal as it is now
    is answered at once (an unchanged journal is never rendered twice), and so is one being
    prepared: a learner has one row, so parallel requests queue one render."""
    version = journal.journal_version(user, journal.journal_sections(user))
    row, created = JournalPdf.objects.get_or_create(user=user, defaults={"version": version})
    if created:
        enqueue_on_commit(JOURNAL_PDF_TASK, row.pk)
        return row
    # The worker holds the row while it renders: that one is being prepared, no need to wait.
    locked = JournalPdf.objects.select_for_update(skip_locked=True).filter(pk=row.pk).first()
    if locked is None:
        return row
    if locked.status == JournalPdf.Status.READY and locked.version == version and locked.pdf:
        return locked
    if (
        locked.status == JournalPdf.Status.PENDING
        and locked.requested_at > timezone.now() - JOURNAL_PDF_REQUEUE_AFTER
    ):
        return locked
    locked.status = JournalPdf.Status.PENDING
    locked.version = version
    locked.requested_at = timezone.now()
    locked.attempts = 0
    locked.last_error = ""
    locked.save(update_fields=["status", "version", "requested_at", "attempts", "last_error"])
    enqueue_on_commit(JOURNAL_PDF_TASK, locked.pk)
    return locked


def journal_pdf_render(*, journal_pdf_id: int) -> JournalPdf | None:
    """Render a pending journal PDF (the task's work; running it twice renders once). The file
    is named by the version it shows and replaces the learner's previous one."""
    JournalPdf.objects.filter(pk=journal_pdf_id, status=JournalPdf.Status.PENDING).update(
        attempts=F("attempts") + 1
    )
    with transaction.atomic():
        row = (
            JournalPdf.objects.select_for_update(of=("self",))
            .select_related("user")
            .filter(pk=journal_pdf_id)
            .first()
        )
        if row is None or row.status != JournalPdf.Status.PENDING:
            return row
        user = row.user
        with translation.override(settings.LANGUAGE_CODE), timezone.override(user.time_zone):
            sections = journal.journal_sections(user)
            version = journal.journal_version(user, sections)
            pdf = journal.journal_pdf(user, sections)
        previous = row.pdf.name
        row.pdf = store_file(f"journals/{user.pk}/journal-{version[:16]}.pdf", pdf)
        row.version = version
        row.status = JournalPdf.Status.READY
        row.ready_at = timezone.now()
        row.last_error = ""
        row.save(update_fields=["pdf", "version", "status", "ready_at", "last_error"])
        if previous != row.pdf.name:
            delete_files_on_commit([previous])
    return row


def journal_pdf_note_error(*, journal_pdf_id: int, error: str, failed: bool) -> None:
    fields = {"last_error": error[:2000]}
    if failed:
        fields["status"] = JournalPdf.Status.FAILED
    JournalPdf.objects.filter(pk=journal_pdf_id, status=JournalPdf.Status.PENDING).update(**fields)
