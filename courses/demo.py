"""Demo course and the demo practitioner's progress. Idempotent: content is keyed on the course
slug, unit numbers, lesson slugs and positions; progress goes through the services, which never
make a second row (the knowledge-check attempt carries a fixed submission key)."""

import uuid
from decimal import Decimal

from django.contrib.auth import get_user_model

from resources.models import Resource

from . import services
from .demo_content import COURSE, DEMO_REFLECTIONS, UNITS
from .models import CheckChoice, CheckQuestion, Course, Lesson, LessonReading, Unit

PRACTITIONER_EMAIL = "practitioner@example.org"
ATTEMPT_KEY_NAMESPACE = uuid.UUID("6f1e4a52-1d9b-4c65-9a53-1f4b0a6a8c11")


def _seed_course(resources: dict[str, Resource]) -> Course:
    course, _ = Course.objects.update_or_create(
        slug=COURSE["slug"],
        defaults={
            "title": COURSE["title"],
            "summary": COURSE["summary"],
            "learning_objectives": COURSE["learning_objectives"],
            "estimated_hours": Decimal(COURSE["estimated_hours"]),
            "published": True,
        },
    )
    for data in UNITS:
        unit, _ = Unit.objects.update_or_create(
            course=course,
            number=data["number"],
            defaults={
                "title": data["title"],
                "guiding_question": data["guiding_question"],
                "overview": data["overview"],
                "objectives": data["objectives"],
                "estimated_minutes": data["estimated_minutes"],
                "discussion_questions": data["discussion_questions"],
            },
        )
        unit.resources.set([resources[n] for n in data["resources"] if n in resources])
        _seed_lessons(unit, data["lessons"], resources)
        _seed_questions(unit, data["questions"])
    return course


def _seed_lessons(unit: Unit, lessons: list[dict], resources: dict[str, Resource]) -> None:
    slugs = [lesson["slug"] for lesson in lessons]
    # Move lessons out of the way first, so reordering never trips the unique position.
    unit.lessons.exclude(slug__in=slugs).delete()
    for offset, lesson in enumerate(unit.lessons.order_by("position"), start=1):
        Lesson.objects.filter(pk=lesson.pk).update(position=1000 + offset)
    for position, data in enumerate(lessons, start=1):
        lesson, _ = Lesson.objects.update_or_create(
            unit=unit,
            slug=data["slug"],
            defaults={
                "position": position,
                "title": data["title"],
                "estimated_minutes": data["minutes"],
                "body": data["body"],
                "reflection_prompt": data["prompt"],
            },
        )
        lesson.readings.all().delete()
        readings = []
        for catalog_or_title, url, note in data["readings"]:
            if url:
                readings.append(
                    LessonReading(lesson=lesson, title=catalog_or_title, url=url, note=note)
                )
            elif catalog_or_title in resources:
                readings.append(
                    LessonReading(lesson=lesson, resource=resources[catalog_or_title], note=note)
                )
        for position_in_list, reading in enumerate(readings, start=1):
            reading.position = position_in_list
        LessonReading.objects.bulk_create(readings)


def _seed_questions(unit: Unit, questions: list[dict]) -> None:
    unit.questions.filter(position__gt=len(questions)).delete()
    for position, data in enumerate(questions, start=1):
        question, _ = CheckQuestion.objects.update_or_create(
            unit=unit, position=position, defaults={"text": data["text"], "kind": data["kind"]}
        )
        question.choices.filter(position__gt=len(data["choices"])).delete()
        for choice_position, (text, correct, feedback) in enumerate(data["choices"], start=1):
            CheckChoice.objects.update_or_create(
                question=question,
                position=choice_position,
                defaults={"text": text, "is_correct": correct, "feedback": feedback},
            )


def _seed_progress(course: Course) -> str:
    user = get_user_model().objects.filter(email=PRACTITIONER_EMAIL).first()
    if user is None:
        return "no demo practitioner"
    services.enrollment_create(user=user, course=course)
    unit_1, unit_2 = course.units.get(number=1), course.units.get(number=2)
    for lesson in unit_1.lessons.all():
        services.lesson_complete(user=user, lesson=lesson)
    services.lesson_complete(user=user, lesson=unit_2.lessons.order_by("position").first())
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
    for (number, slug), text in DEMO_REFLECTIONS.items():
        lesson = Lesson.objects.get(unit__course=course, unit__number=number, slug=slug)
        services.reflection_save(user=user, lesson=lesson, text=text)
    return f"{PRACTITIONER_EMAIL} enrolled, unit 1 complete, unit 2 in progress"


def seed(log=print):
    # The library is seeded just before us by another app; link what is there, skip the rest.
    resources = {
        r.catalog_number: r for r in Resource.objects.filter(catalog_number__startswith="NA")
    }
    course = _seed_course(resources)
    lessons = Lesson.objects.filter(unit__course=course).count()
    log(
        f"courses: “{course.title}” with {course.units.count()} units and {lessons} lessons"
        f" ({len(resources)} library resources linked); {_seed_progress(course)}"
    )
