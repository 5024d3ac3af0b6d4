import pytest
from django.urls import reverse

from courses.models import CheckAttempt, Enrollment, LessonCompletion, Reflection
from tests.courses.factories import CheckAttemptFactory, ReflectionFactory

pytestmark = pytest.mark.django_db

MODELS = [
    "course",
    "unit",
    "lesson",
    "checkquestion",
    "enrollment",
    "lessoncompletion",
    "reflection",
    "checkattempt",
]


@pytest.mark.parametrize("model", MODELS)
def test_admin_changelist_and_search_answer_for_staff(client, superuser, course, model):
    client.force_login(superuser)
    url = reverse(f"admin:courses_{model}_changelist")
    assert client.get(url).status_code == 200
    assert client.get(url, {"q": "roots"}).status_code == 200


def test_admin_unit_page_shows_lessons_and_questions_inline(client, superuser, unit):
    client.force_login(superuser)
    response = client.get(reverse("admin:courses_unit_change", args=[unit.pk]))
    assert "Lesson 1.1" in response.text
    assert "Question 1.1?" in response.text


def test_admin_reflection_never_shows_the_text(client, superuser, lesson):
    reflection = ReflectionFactory(lesson=lesson, text="Very private words")
    client.force_login(superuser)
    response = client.get(reverse("admin:courses_reflection_change", args=[reflection.pk]))
    assert response.status_code == 200
    assert "Very private words" not in response.text


def _lesson_post_data(lesson, **changes):
    data = {
        "unit": lesson.unit_id,
        "position": lesson.position,
        "title": lesson.title,
        "slug": lesson.slug,
        "estimated_minutes": lesson.estimated_minutes,
        "body": lesson.body,
        "video_url": "",
        "transcript": "",
        "reflection_prompt": lesson.reflection_prompt,
        "readings-TOTAL_FORMS": "0",
        "readings-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return data


def test_admin_lesson_video_without_transcript_is_refused_inline(client, superuser, lesson):
    client.force_login(superuser)
    response = client.post(
        reverse("admin:courses_lesson_change", args=[lesson.pk]),
        _lesson_post_data(lesson, video_url="https://player.vimeo.com/video/42"),
    )
    assert response.status_code == 200
    assert "needs its text transcript" in response.text
    lesson.refresh_from_db()
    assert lesson.video_url == ""


def test_admin_lesson_video_with_transcript_is_saved(client, superuser, lesson):
    client.force_login(superuser)
    response = client.post(
        reverse("admin:courses_lesson_change", args=[lesson.pk]),
        _lesson_post_data(
            lesson, video_url="https://player.vimeo.com/video/42", transcript="Spoken words."
        ),
    )
    assert response.status_code == 302
    lesson.refresh_from_db()
    assert lesson.transcript == "Spoken words."


def test_admin_reading_with_both_url_and_nothing_is_refused(client, superuser, lesson):
    client.force_login(superuser)
    data = _lesson_post_data(lesson)
    data.update(
        {
            "readings-TOTAL_FORMS": "1",
            "readings-0-position": "1",
            "readings-0-title": "Nothing to read",
            "readings-0-url": "",
        }
    )
    response = client.post(reverse("admin:courses_lesson_change", args=[lesson.pk]), data)
    assert response.status_code == 200
    assert "either a web address or a library resource" in response.text


def test_admin_single_answer_question_with_two_correct_choices_is_refused(client, superuser, unit):
    question = unit.questions.first()
    choices = list(question.choices.all())
    data = {"unit": unit.pk, "position": 1, "text": question.text, "kind": "single"}
    data.update(
        {
            "choices-TOTAL_FORMS": "2",
            "choices-INITIAL_FORMS": "2",
        }
    )
    for index, choice in enumerate(choices):
        data.update(
            {
                f"choices-{index}-id": choice.pk,
                f"choices-{index}-question": question.pk,
                f"choices-{index}-position": index + 1,
                f"choices-{index}-text": choice.text,
                f"choices-{index}-is_correct": "on",
                f"choices-{index}-feedback": "",
            }
        )
    client.force_login(superuser)
    response = client.post(reverse("admin:courses_checkquestion_change", args=[question.pk]), data)
    assert response.status_code == 200
    assert "exactly one correct choice" in response.text


def test_admin_is_refused_to_learners(client, practitioner):
    client.force_login(practitioner)
    response = client.get(reverse("admin:courses_course_changelist"))
    assert response.status_code == 302
    assert Enrollment.objects.count() == LessonCompletion.objects.count() == 0
    assert Reflection.objects.count() == CheckAttempt.objects.count() == 0


def test_admin_attempt_change_page_answers(client, superuser, unit):
    attempt = CheckAttemptFactory(unit=unit)
    client.force_login(superuser)
    url = reverse("admin:courses_checkattempt_change", args=[attempt.pk])
    assert client.get(url).status_code == 200
