"""Knowledge checks teach without giving their answers away: the right answers and the choices'
explanations appear only once the check is passed or the course's attempts are used up, and a
submit past the limit is refused."""

import re
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse

from courses import selectors, services
from courses.models import CheckAttempt
from tests.courses.factories import CheckQuestionFactory, build_course, right_answers, wrong_answers

pytestmark = pytest.mark.django_db

# What only the revealed result says: the badge on the right choice, its text (the factory's
# right choice) and the explanations of both choices.
RIGHT_CHOICE = re.compile(r"The right answer\s*<")
REVEALED = ["Correct answer", "Yes: that is why.", "No: this is a consequence, not a cause."]


def _form(answers, key=None):
    data = {f"question_{qid}": choice_ids for qid, choice_ids in answers.items()}
    data["submission_key"] = key or str(uuid.uuid4())
    return data


def _submit(client, unit, answers, **kwargs):
    return client.post(unit.get_check_url(), _form(answers, **kwargs), follow=True)


def _attempt_url(attempt):
    unit = attempt.unit
    return reverse("courses:attempt", args=[unit.course.slug, unit.number, attempt.pk])


def _marked_wrong(text):
    return text.count(">not quite<")


def _hides_answers(text):
    return not RIGHT_CHOICE.search(text) and not any(words in text for words in REVEALED)


def _shows_answers(text):
    return bool(RIGHT_CHOICE.search(text)) and all(words in text for words in REVEALED)


# Services


def test_check_attempt_submit_past_the_course_limit_is_refused_and_records_nothing(learner, unit):
    for _ in range(3):
        services.check_attempt_submit(user=learner, unit=unit, answers=wrong_answers(unit))
    with pytest.raises(ValidationError) as error:
        services.check_attempt_submit(user=learner, unit=unit, answers=right_answers(unit))
    assert error.value.code == "no_attempts_left"
    assert "all 3 attempts" in error.value.messages[0]
    assert CheckAttempt.objects.filter(user=learner, unit=unit).count() == 3
    assert not CheckAttempt.objects.filter(user=learner, passed=True).exists()


def test_check_attempt_submit_last_allowed_attempt_is_recorded(learner, unit):
    unit.course.check_attempts = 2
    unit.course.save()
    services.check_attempt_submit(user=learner, unit=unit, answers=wrong_answers(unit))
    attempt, created = services.check_attempt_submit(
        user=learner, unit=unit, answers=right_answers(unit)
    )
    assert created
    assert attempt.passed
    standing = selectors.check_standing(user=learner, unit=unit)
    assert (standing.attempts_used, standing.attempts_left, standing.passed) == (2, 0, True)


def test_check_attempt_submit_resent_last_form_answers_its_attempt_not_a_refusal(learner, unit):
    unit.course.check_attempts = 1
    unit.course.save()
    key = uuid.uuid4()
    first, _ = services.check_attempt_submit(
        user=learner, unit=unit, answers=wrong_answers(unit), submission_key=key
    )
    again, created = services.check_attempt_submit(
        user=learner, unit=unit, answers=wrong_answers(unit), submission_key=key
    )
    assert (again, created) == (first, False)


def test_check_attempts_limit_counts_per_unit(learner, course):
    unit_1, unit_2 = course.units.order_by("number")
    course.check_attempts = 1
    course.save()
    services.check_attempt_submit(user=learner, unit=unit_1, answers=wrong_answers(unit_1))
    _attempt, created = services.check_attempt_submit(
        user=learner, unit=unit_2, answers=right_answers(unit_2)
    )
    assert created


def test_course_check_attempts_below_one_is_refused_by_the_database(course):
    course.check_attempts = 0
    with pytest.raises(IntegrityError):
        course.save()


@pytest.mark.parametrize(
    ("mark", "questions", "right", "score", "passed"),
    [
        # Two of three is 66.67%: the old rounding made it 67 and passed it at a 67% mark.
        pytest.param(67, 3, 2, 66, False, id="two-of-three-below-67"),
        pytest.param(66, 3, 2, 66, True, id="two-of-three-reaches-66"),
        pytest.param(75, 4, 3, 75, True, id="at-the-mark"),
        pytest.param(75, 4, 2, 50, False, id="one-below"),
    ],
)
def test_check_grade_passes_on_exact_numbers_not_the_rounded_score(
    db, mark, questions, right, score, passed
):
    course = build_course(units=1, lessons=0, questions=questions)
    unit = course.units.get()
    unit.pass_mark = mark
    unit.save()
    answers = wrong_answers(unit)
    for question_id in list(answers)[:right]:
        answers[question_id] = right_answers(unit)[question_id]
    grade = services.check_grade(unit=unit, answers=answers)
    assert (grade.score, grade.passed) == (score, passed)


@pytest.mark.parametrize(
    ("right", "total", "mark", "passed"),
    [
        pytest.param(159, 200, 80, False, id="79.5-is-not-80"),
        pytest.param(160, 200, 80, True, id="80-exactly"),
        pytest.param(0, 0, 0, False, id="nothing-asked-never-passes"),
    ],
)
def test_passes_compares_exact_numbers(right, total, mark, passed):
    assert services.passes(right=right, total=total, mark=mark) is passed


# Pages


def test_check_result_before_the_limit_names_wrong_questions_not_the_right_answers(
    client, learner, unit
):
    client.force_login(learner)
    answers = right_answers(unit)
    first_question = unit.questions.order_by("position").first()
    answers[first_question.pk] = wrong_answers(unit)[first_question.pk]
    response = _submit(client, unit, answers)
    text = response.text
    assert "Your result: 50%" in text
    assert "Not passed yet" in text
    assert _marked_wrong(text) == 1
    assert "A wrong answer" in text  # the learner's own answer
    assert "you have 2 attempts left" in text
    # The right choice of the question answered right is the learner's own answer, so it may
    # show; the question answered wrong must not give its right choice away.
    attempt = CheckAttempt.objects.get(user=learner)
    detail = client.get(_attempt_url(attempt)).text
    assert len(RIGHT_CHOICE.findall(detail)) == 1
    assert not any(words in detail for words in REVEALED)


def test_check_result_once_passed_shows_right_answers_and_explanations(client, learner, unit):
    client.force_login(learner)
    _submit(client, unit, wrong_answers(unit))
    response = _submit(client, unit, right_answers(unit))
    assert "passed this unit" in response.text
    assert "Correct answer" in response.text
    assert "Yes: that is why." in response.text
    # The earlier, failed attempt now shows its answers too: the check is passed.
    failed = CheckAttempt.objects.get(user=learner, passed=False)
    assert _shows_answers(client.get(_attempt_url(failed)).text)


def test_check_result_of_the_last_attempt_shows_answers_and_the_form_is_gone(client, learner, unit):
    client.force_login(learner)
    first = _submit(client, unit, wrong_answers(unit))
    assert _hides_answers(first.text)
    second = _submit(client, unit, wrong_answers(unit))
    assert "you have 1 attempt left" in second.text
    assert _hides_answers(second.text)
    last = _submit(client, unit, wrong_answers(unit))
    assert "You have used every attempt" in last.text
    assert _shows_answers(last.text)
    assert "Take the check again" not in last.text

    page = client.get(unit.get_check_url())
    assert page.status_code == 200
    assert "You have used all 3 attempts at this check" in page.text
    assert 'type="radio"' not in page.text
    assert "Submit answers" not in page.text


def test_check_submit_past_the_limit_is_refused_with_a_message(client, learner, unit):
    unit.course.check_attempts = 1
    unit.course.save()
    client.force_login(learner)
    _submit(client, unit, wrong_answers(unit))
    response = _submit(client, unit, right_answers(unit))
    assert response.redirect_chain[-1][0] == unit.get_check_url()
    assert "You have used your 1 attempt at this knowledge check" in response.text
    assert CheckAttempt.objects.filter(user=learner).count() == 1
    assert not CheckAttempt.objects.filter(passed=True).exists()


def test_check_submit_past_the_limit_with_unanswered_questions_is_refused_too(
    client, learner, unit
):
    unit.course.check_attempts = 1
    unit.course.save()
    client.force_login(learner)
    _submit(client, unit, wrong_answers(unit))
    response = client.post(unit.get_check_url(), {"submission_key": str(uuid.uuid4())})
    assert response.status_code == 302
    assert response["Location"] == unit.get_check_url()
    assert CheckAttempt.objects.filter(user=learner).count() == 1


def test_check_page_states_the_attempts_allowed_and_left(client, learner, unit):
    unit.course.check_attempts = 4
    unit.course.save()
    client.force_login(learner)
    assert "You have 4 attempts;" in client.get(unit.get_check_url()).text
    _submit(client, unit, wrong_answers(unit))
    assert "You have 3 attempts left." in client.get(unit.get_check_url()).text


@pytest.mark.parametrize("state", ["no-attempt", "failed-once", "failed-twice"])
def test_no_page_shows_right_answers_before_pass_or_limit(client, learner, course, unit, state):
    """The pages a learner reaches around a check (the check itself, with and without a failed
    form, the unit, the course, the dashboard, each attempt) never mark the right answer or
    show an explanation while the check is neither passed nor out of attempts."""
    client.force_login(learner)
    for _ in range({"no-attempt": 0, "failed-once": 1, "failed-twice": 2}[state]):
        _submit(client, unit, wrong_answers(unit))
    pages = [
        client.get(unit.get_check_url()).text,
        client.post(unit.get_check_url(), {"submission_key": str(uuid.uuid4())}).text,
        client.get(unit.get_absolute_url()).text,
        client.get(course.get_absolute_url()).text,
        client.get(reverse("learn:dashboard")).text,
    ]
    pages += [client.get(_attempt_url(a)).text for a in CheckAttempt.objects.filter(user=learner)]
    for text in pages:
        assert not any(words in text for words in REVEALED)


def test_check_staff_preview_shows_answers_and_is_never_limited(client, staff_user, unit):
    unit.course.check_attempts = 1
    unit.course.save()
    client.force_login(staff_user)
    for _ in range(2):
        response = client.post(
            unit.get_check_url() + "?preview=1", _form(wrong_answers(unit)), follow=True
        )
        assert "Preview result: 0%" in response.text
        assert "Correct answer" in response.text
    assert not CheckAttempt.objects.exists()


def test_attempt_detail_owner_sees_it_under_another_course_it_is_404(client, learner, unit):
    attempt, _ = services.check_attempt_submit(user=learner, unit=unit, answers=wrong_answers(unit))
    other = build_course(units=1).units.get()  # an attempt URL under another course is 404 too
    client.force_login(learner)
    assert client.get(_attempt_url(attempt)).status_code == 200
    wrong_course = reverse("courses:attempt", args=[other.course.slug, other.number, attempt.pk])
    assert client.get(wrong_course).status_code == 404


def test_check_multiple_answer_question_hides_which_chosen_choice_was_wrong(client, learner):
    course = build_course(units=1, lessons=0, questions=0)
    unit = course.units.get()
    question = CheckQuestionFactory(unit=unit, kind="multiple", text="Which are causes?")
    services.enrollment_create(user=learner, course=course)
    client.force_login(learner)
    both = [choice.pk for choice in question.choices.all()]
    response = _submit(client, unit, {question.pk: both})
    assert "not quite" in response.text
    assert "Incorrect" not in response.text
    assert "Correct answer" not in response.text
