"""The lesson clock on the page, the heartbeat endpoint, Mark complete refused with the time
left, and the page a learner lands on when the course is finished; each for the roles it admits
and refuses."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from courses.models import LessonCompletion, LessonTime
from tests.courses.factories import build_course, right_answers, spend_time

pytestmark = pytest.mark.django_db


def _url(lesson, name="courses:lesson"):
    unit = lesson.unit
    return reverse(name, args=[unit.course.slug, unit.number, lesson.slug])


def _beat(client, lesson, **data):
    return client.post(_url(lesson, "courses:lesson_beat"), {"visible": "1", "active": "1", **data})


# --- The lesson page's clock -------------------------------------------------------------


def test_lesson_page_shows_the_learners_minutes_of_the_expected_and_records_the_opening(
    client, newcomer, lesson
):
    client.force_login(newcomer)
    content = client.get(_url(lesson)).content.decode()
    assert "Your time on this lesson:" in content
    assert "0 of 15 minutes" in content
    assert f'data-beat-url="{_url(lesson, "courses:lesson_beat")}"' in content
    assert LessonTime.objects.get(user=newcomer, lesson=lesson).last_beat_at is None


def test_lesson_page_shows_the_time_already_counted(client, newcomer, lesson):
    spend_time(newcomer, [lesson], seconds=12 * 60 + 30)
    client.force_login(newcomer)
    assert "12 of 15 minutes" in client.get(_url(lesson)).content.decode()


def test_lesson_page_staff_preview_shows_no_clock_and_records_nothing(client, staff_user, lesson):
    client.force_login(staff_user)
    content = client.get(_url(lesson) + "?preview=1").content.decode()
    assert "About 15 minutes" in content
    assert "data-lesson-clock" not in content
    assert not LessonTime.objects.exists()


# --- The heartbeat -----------------------------------------------------------------------


def test_lesson_beat_anonymous_is_sent_to_sign_in(client, lesson):
    response = _beat(client, lesson)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_lesson_beat_get_is_not_allowed(client, newcomer, lesson):
    client.force_login(newcomer)
    assert client.get(_url(lesson, "courses:lesson_beat")).status_code == 405


def test_lesson_beat_counts_and_answers_the_clocks_text(client, newcomer, lesson):
    client.force_login(newcomer)
    assert _beat(client, lesson).json() == {
        "seconds": 0,
        "text": "0 of 15 minutes",
        "can_complete": False,
    }
    LessonTime.objects.filter(user=newcomer).update(
        last_beat_at=timezone.now() - timedelta(seconds=15), seconds=9 * 60
    )
    answer = _beat(client, lesson).json()
    assert answer["text"] == "9 of 15 minutes"
    assert 9 * 60 + 14 <= answer["seconds"] <= 9 * 60 + 16
    assert answer["can_complete"] is True


@pytest.mark.parametrize(
    "report", [{"visible": "0"}, {"active": "0"}, {"visible": "", "active": ""}], ids=str
)
def test_lesson_beat_hidden_or_idle_page_counts_nothing(client, newcomer, lesson, report):
    client.force_login(newcomer)
    _beat(client, lesson)
    LessonTime.objects.update(last_beat_at=timezone.now() - timedelta(seconds=15))
    assert _beat(client, lesson, **report).json()["seconds"] == 0


def test_lesson_beat_needs_the_csrf_token(newcomer, lesson):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(newcomer)
    assert _beat(client, lesson).status_code == 403
    assert not LessonTime.objects.exists()


def test_lesson_beat_not_enrolled_is_refused_and_records_nothing(client, practitioner, lesson):
    client.force_login(practitioner)
    response = _beat(client, lesson)
    assert response.status_code == 403
    assert response.json() == {"error": "Enrol in the course first."}
    assert not LessonTime.objects.exists()


def test_lesson_beat_lesson_of_a_draft_course_is_not_found(client, practitioner):
    course = build_course(units=1, lessons=1, questions=0, published=False)
    client.force_login(practitioner)
    assert _beat(client, course.units.get().lessons.get()).status_code == 404


@pytest.mark.parametrize("position", ["inf", "nan", "-1", "1e300", "abc", "9" * 400])
def test_lesson_beat_bad_video_position_is_refused_without_a_server_error(
    client, newcomer, lesson, position
):
    client.force_login(newcomer)
    response = _beat(client, lesson, video_position=position)
    assert response.status_code == 400
    assert "video_position" in json.loads(response.content)["errors"]
    assert not LessonTime.objects.exists()


def test_lesson_beat_thirty_first_in_a_minute_is_refused(client, newcomer, lesson):
    client.force_login(newcomer)
    for _ in range(30):
        assert _beat(client, lesson).status_code == 200
    response = _beat(client, lesson)
    assert response.status_code == 429
    assert "Retry-After" in response


# --- Mark complete, too soon --------------------------------------------------------------


def test_lesson_complete_too_soon_is_refused_with_the_time_left_on_the_lesson(
    client, newcomer, lesson
):
    client.force_login(newcomer)
    client.get(_url(lesson))
    spend_time(newcomer, [lesson], seconds=90)
    response = client.post(_url(lesson, "courses:lesson_complete"), follow=True)
    assert response.redirect_chain[-1][0] == _url(lesson)
    content = response.content.decode()
    assert "About 6 more minutes on this lesson before it can be marked complete." in content
    assert "1 of 15 minutes" in content
    assert not LessonCompletion.objects.exists()


def test_lesson_complete_too_soon_with_htmx_shows_the_time_left_in_the_form(
    client, newcomer, lesson
):
    client.force_login(newcomer)
    response = client.post(_url(lesson, "courses:lesson_complete"), headers={"HX-Request": "true"})
    content = response.content.decode()
    assert response.status_code == 200
    assert 'id="completion-error"' in content
    assert 'aria-describedby="completion-error"' in content
    assert "About 8 more minutes on this lesson" in content
    assert not LessonCompletion.objects.exists()


def test_lesson_complete_without_javascript_after_reading_passes(client, newcomer, lesson):
    client.force_login(newcomer)
    client.get(_url(lesson))
    LessonTime.objects.update(opened_at=timezone.now() - timedelta(minutes=9))
    response = client.post(_url(lesson, "courses:lesson_complete"), follow=True)
    assert "Lesson marked complete." in response.content.decode()
    assert LessonTime.objects.get().seconds >= 9 * 60


# --- Finishing the course -----------------------------------------------------------------


@pytest.fixture
def short_course(practitioner):
    """One unit, one lesson, one question; the practitioner enrolled with the lesson's time."""
    from courses import services

    course = build_course(units=1, lessons=1, questions=1, title="Short course")
    services.enrollment_create(user=practitioner, course=course)
    spend_time(practitioner, [course.units.get().lessons.get()])
    return course


def test_last_check_passed_lands_on_you_have_finished(client, practitioner, short_course):
    unit = short_course.units.get()
    lesson = unit.lessons.get()
    client.force_login(practitioner)
    client.post(_url(lesson, "courses:lesson_complete"))
    answers = {f"question_{q}": c for q, c in right_answers(unit).items()}
    response = client.post(unit.get_check_url(), {"submission_key": _key(), **answers})
    finished = reverse("courses:finished", args=[short_course.slug])
    assert response.status_code == 302
    assert response["Location"] == finished
    content = client.get(finished).content.decode()
    assert "<h1>You have finished</h1>" in content
    assert "claim your CE credit" not in content  # this course offers none
    assert reverse("certificates:transcript") in content
    assert reverse("learn:dashboard") in content


def _key():
    import uuid

    return str(uuid.uuid4())


def test_last_lesson_completed_lands_on_you_have_finished(client, practitioner):
    from courses import services

    course = build_course(units=1, lessons=2, questions=0)
    services.enrollment_create(user=practitioner, course=course)
    first, last = course.units.get().lessons.order_by("position")
    spend_time(practitioner, [first, last])
    client.force_login(practitioner)
    first_answer = client.post(_url(first, "courses:lesson_complete"))
    assert first_answer["Location"] == _url(first)  # not finished yet
    response = client.post(_url(last, "courses:lesson_complete"))
    assert response["Location"] == reverse("courses:finished", args=[course.slug])


def test_last_lesson_completed_with_htmx_is_sent_to_the_finished_page(client, practitioner):
    from courses import services

    course = build_course(units=1, lessons=1, questions=0)
    services.enrollment_create(user=practitioner, course=course)
    lesson = course.units.get().lessons.get()
    spend_time(practitioner, [lesson])
    client.force_login(practitioner)
    response = client.post(_url(lesson, "courses:lesson_complete"), headers={"HX-Request": "true"})
    assert response["HX-Redirect"] == reverse("courses:finished", args=[course.slug])


def test_check_passed_again_after_finishing_shows_the_attempt(client, practitioner, short_course):
    unit = short_course.units.get()
    client.force_login(practitioner)
    client.post(_url(unit.lessons.get(), "courses:lesson_complete"))
    answers = {f"question_{q}": c for q, c in right_answers(unit).items()}
    client.post(unit.get_check_url(), {"submission_key": _key(), **answers})
    again = client.post(unit.get_check_url(), {"submission_key": _key(), **answers})
    assert "/check/attempts/" in again["Location"]
    content = client.get(again["Location"]).content.decode()
    assert "You have finished: what comes next" in content
    assert "See your progress" not in content


def test_finished_page_before_the_end_says_not_yet_with_the_next_step(
    client, practitioner, short_course
):
    client.force_login(practitioner)
    content = client.get(reverse("courses:finished", args=[short_course.slug])).content.decode()
    assert "<h1>Not finished yet</h1>" in content
    assert "Continue: Lesson 1.1" in content


def test_finished_page_anonymous_is_sent_to_sign_in(client, short_course):
    url = reverse("courses:finished", args=[short_course.slug])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={url}"


def test_finished_page_not_enrolled_is_sent_to_enrol(client, short_course):
    from tests.factories import UserFactory

    client.force_login(UserFactory(verified=True))
    response = client.get(reverse("courses:finished", args=[short_course.slug]))
    assert response["Location"] == short_course.get_absolute_url()


def test_finished_page_of_a_draft_course_is_not_found(client, practitioner):
    course = build_course(units=1, lessons=1, questions=0, published=False)
    client.force_login(practitioner)
    assert client.get(reverse("courses:finished", args=[course.slug])).status_code == 404


def test_dashboard_finished_course_without_credit_has_no_claim_button(
    client, practitioner, short_course
):
    from tests.courses.factories import complete_unit

    complete_unit(practitioner, short_course.units.get())
    client.force_login(practitioner)
    content = client.get(reverse("learn:dashboard")).content.decode()
    assert "Course complete." in content
    assert "Claim credit" not in content
    assert "Download certificate" not in content
