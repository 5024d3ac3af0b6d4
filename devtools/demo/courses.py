"""Demo course (content/courses/) and the demo practitioner's progress. Idempotent: content is
keyed on the course slug, unit numbers, lesson slugs and positions; progress goes through the
services, which never make a second row (the knowledge-check attempt carries a fixed submission
key)."""

import uuid
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from courses import services
from courses.models import (
    CheckChoice,
    CheckQuestion,
    Course,
    Lesson,
    LessonReading,
    LessonTime,
    Unit,
)
from resources.models import Resource

from . import data

PRACTITIONER_EMAIL = "practitioner@example.org"
ATTEMPT_KEY_NAMESPACE = uuid.UUID("6f1e4a52-1d9b-4c65-9a53-1f4b0a6a8c11")


def course_content() -> dict:
    """content/courses/course.yaml: the course, its unit folders, the practitioner's journal."""
    return data.load("courses/course.yaml")


def _unit_content(folder: str) -> dict:
    unit = data.load(f"courses/{folder}/unit.yaml")
    for lesson in unit["lessons"]:
        lesson["body"] = data.text(f"courses/{folder}/{lesson['slug']}.md")
    return unit


def _seed_course(content: dict, resources: dict[str, Resource]) -> Course:
    fields = content["course"]
    course, _ = Course.objects.update_or_create(
        slug=fields["slug"],
        defaults={
            "title": fields["title"],
            "summary": fields["summary"],
            "learning_objectives": fields["learning_objectives"],
            "estimated_hours": Decimal(fields["estimated_hours"]),
            "published": True,
        },
    )
    for folder in content["units"]:
        unit_data = _unit_content(folder)
        unit, _ = Unit.objects.update_or_create(
            course=course,
            number=unit_data["number"],
            defaults={
                "title": unit_data["title"],
                "guiding_question": unit_data["guiding_question"],
                "overview": unit_data["overview"],
                "objectives": unit_data["objectives"],
                "estimated_minutes": unit_data["estimated_minutes"],
                "discussion_questions": unit_data["discussion_questions"],
            },
        )
        unit.resources.set([resources[n] for n in unit_data["resources"] if n in resources])
        _seed_lessons(unit, unit_data["lessons"], resources)
        _seed_questions(unit, unit_data["questions"])
    return course


def _seed_lessons(unit: Unit, lessons: list[dict], resources: dict[str, Resource]) -> None:
    slugs = [lesson["slug"] for lesson in lessons]
    # Move lessons out of the way first, so reordering never trips the unique position.
    unit.lessons.exclude(slug__in=slugs).delete()
    for offset, lesson in enumerate(unit.lessons.order_by("position"), start=1):
        Lesson.objects.filter(pk=lesson.pk).update(position=1000 + offset)
    for position, lesson_data in enumerate(lessons, start=1):
        lesson, _ = Lesson.objects.update_or_create(
            unit=unit,
            slug=lesson_data["slug"],
            defaults={
                "position": position,
                "title": lesson_data["title"],
                "estimated_minutes": lesson_data["minutes"],
                "body": lesson_data["body"],
                "reflection_prompt": lesson_data["prompt"],
            },
        )
        lesson.readings.all().delete()
        readings = [
            reading
            for entry in lesson_data["readings"]
            if (reading := _reading(lesson, entry, resources)) is not None
        ]
        for position_in_list, reading in enumerate(readings, start=1):
            reading.position = position_in_list
        LessonReading.objects.bulk_create(readings)


def _reading(lesson: Lesson, entry: dict, resources: dict[str, Resource]) -> LessonReading | None:
    """A web page (title and address), or a library resource when the library holds it."""
    note = entry["note"]
    if entry.get("url"):
        return LessonReading(lesson=lesson, title=entry["title"], url=entry["url"], note=note)
    if entry["resource"] in resources:
        return LessonReading(lesson=lesson, resource=resources[entry["resource"]], note=note)
    return None


def _seed_questions(unit: Unit, questions: list[dict]) -> None:
    unit.questions.filter(position__gt=len(questions)).delete()
    for position, question_data in enumerate(questions, start=1):
        question, _ = CheckQuestion.objects.update_or_create(
            unit=unit,
            position=position,
            defaults={"text": question_data["text"], "kind": question_data["kind"]},
        )
        choices = question_data["choices"]
        question.choices.filter(position__gt=len(choices)).delete()
        for choice_position, choice in enumerate(choices, start=1):
            CheckChoice.objects.update_or_create(
                question=question,
                position=choice_position,
                defaults={
                    "text": choice["text"],
                    "is_correct": choice["correct"],
                    "feedback": choice["feedback"],
                },
            )


def record_time(user, lessons, *, share: int = 100) -> None:
    """Engaged time on each lesson, as the page's heartbeats would have counted it: about
    `share` percent of the lesson's expected minutes, give or take a fifth (the same on every
    run), so demo grids and claims show plausible time. Time already counted is kept."""
    now = timezone.now()
    for lesson in lessons:
        spread = 80 + (user.pk * 7 + lesson.pk * 13) % 41  # 80-120 % of `share`
        seconds = lesson.estimated_minutes * 60 * share * spread // 10_000
        row, created = LessonTime.objects.get_or_create(
            user=user, lesson=lesson, defaults={"seconds": seconds, "last_beat_at": now}
        )
        if not created and row.seconds < seconds:
            LessonTime.objects.filter(pk=row.pk).update(seconds=seconds, last_beat_at=now)


def _seed_progress(course: Course, reflections: list[dict]) -> str:
    user = get_user_model().objects.filter(email=PRACTITIONER_EMAIL).first()
    if user is None:
        return "no demo practitioner"
    services.enrollment_create(user=user, course=course)
    unit_1, unit_2 = course.units.get(number=1), course.units.get(number=2)
    first, second, *_rest = unit_2.lessons.order_by("position")
    record_time(user, [*unit_1.lessons.all(), first])
    record_time(user, [second], share=40)  # being read: not yet time enough to complete it
    for lesson in unit_1.lessons.all():
        services.lesson_complete(user=user, lesson=lesson)
    services.lesson_complete(user=user, lesson=first)
    answers = {
        question.pk: [choice.pk for choice in question.choices.all() if choice.is_correct]
        for question in unit_1.questions.prefetch_related("choices")
    }
    services.check_attempt_submit(
        user=user,
        unit=unit_1,
        answers=answers,
        submission_key=uuid.uuid5(ATTEMPT_KEY_NAMESPACE, f"{user.pk}-{unit_1.pk}"),
    )
    for reflection in reflections:
        lesson = Lesson.objects.get(
            unit__course=course, unit__number=reflection["unit"], slug=reflection["lesson"]
        )
        services.reflection_save(user=user, lesson=lesson, text=reflection["text"])
    return f"{PRACTITIONER_EMAIL} enrolled, unit 1 complete, unit 2 in progress"


def seed(log=print):
    content = course_content()
    # The library is seeded just before us by another app; link what is there, skip the rest.
    resources = {
        r.catalog_number: r for r in Resource.objects.filter(catalog_number__startswith="NA")
    }
    course = _seed_course(content, resources)
    lessons = Lesson.objects.filter(unit__course=course).count()
    progress = _seed_progress(course, content["practitioner_reflections"])
    log(
        f"courses: “{course.title}” with {course.units.count()} units and {lessons} lessons"
        f" ({len(resources)} library resources linked); {progress}"
    )
