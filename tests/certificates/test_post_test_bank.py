"""The post-test drawn from a question bank tagged by unit: each attempt stratified by unit, at
least a number of questions per credited hour, rounds of attempts with a waiting period between
them, and after a fail feedback unit by unit that never gives an answer away."""

import random
import zoneinfo
from collections import Counter
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse
from django.utils import dateformat, timezone

from courses.certificates import selectors, services
from courses.certificates.models import PostTestAttempt, PostTestChoice, PostTestQuestion
from courses.certificates.services.post_test import unit_quotas
from tests.factories import UserFactory

from .factories import (
    CreditOfferingFactory,
    CreditRulesFactory,
    PostTestQuestionFactory,
    UnitFactory,
    question_bank,
)

pytestmark = pytest.mark.django_db


def _units_asked(attempt) -> Counter:
    units = dict(
        PostTestQuestion.objects.filter(
            pk__in=[question_id for question_id, _choices in attempt.layout]
        ).values_list("pk", "unit")
    )
    return Counter(units[question_id] for question_id, _choices in attempt.layout)


def _answers(attempt, *, right_in=()) -> dict[str, int]:
    """The right choice for questions of the units in `right_in`, a wrong one elsewhere."""
    answers = {}
    for question_id, _choices in attempt.layout:
        question = PostTestQuestion.objects.get(pk=question_id)
        right = question.unit_id in {unit.pk for unit in right_in}
        answers[str(question_id)] = question.choices.filter(is_correct=right).first().pk
    return answers


def _fail(learner, rules, *, ago=timedelta(0)):
    """One failed attempt, submitted `ago` before now."""
    attempt = services.post_test_start(user=learner, rules=rules)
    services.post_test_submit(attempt=attempt, answers=_answers(attempt))
    PostTestAttempt.objects.filter(pk=attempt.pk).update(submitted_at=timezone.now() - ago)
    return attempt


@pytest.fixture
def bank(db):
    """A course with 3 units of 10 questions each, an attempt asking 10."""
    rules = CreditRulesFactory(questions_per_attempt=10, max_attempts=3, retry_wait_hours=24)
    CreditOfferingFactory(rules=rules, hours=Decimal("2.0"))
    question_bank(rules, [10, 10, 10])
    return rules


# How many from each unit


@pytest.mark.parametrize("seed", range(20))
def test_unit_quotas_even_bank_gives_each_unit_three_or_four_of_ten(seed):
    quotas = unit_quotas({"a": 10, "b": 10, "c": 10}, 10, random.Random(seed))
    assert sorted(quotas.values()) == [3, 3, 4]


@pytest.mark.parametrize("seed", range(20))
def test_unit_quotas_uneven_bank_asks_every_unit_and_gives_a_small_unit_what_it_has(seed):
    quotas = unit_quotas({"a": 20, "b": 1, "c": 2, "d": 9}, 10, random.Random(seed))
    assert quotas["b"] == 1
    assert quotas["c"] == 2
    assert sum(quotas.values()) == 10
    assert {quotas["a"], quotas["d"]} <= {3, 4}


@pytest.mark.parametrize(
    ("sizes", "count", "expected"),
    [
        pytest.param({"a": 3, "b": 2}, 10, {"a": 3, "b": 2}, id="more-than-the-bank-asks-all"),
        pytest.param({"a": 5, "b": 5}, 0, {"a": 0, "b": 0}, id="none"),
        pytest.param({"a": 4, "b": 4}, 8, {"a": 4, "b": 4}, id="the-whole-bank"),
        pytest.param({"a": 1, "b": 9}, 5, {"a": 1, "b": 4}, id="a-short-unit-gives-its-room"),
    ],
)
def test_unit_quotas_at_the_edges(sizes, count, expected):
    assert unit_quotas(sizes, count, random.Random(1)) == expected


def test_unit_quotas_fewer_questions_than_units_take_one_each_from_different_units():
    for seed in range(20):
        quotas = unit_quotas({"a": 5, "b": 5, "c": 5, "d": 5}, 3, random.Random(seed))
        assert sorted(quotas.values()) == [0, 1, 1, 1]


# Drawing an attempt


def test_post_test_start_draws_ten_spread_three_or_four_per_unit(bank):
    for _ in range(10):
        attempt = services.post_test_start(user=UserFactory(verified=True), rules=bank)
        question_ids = [question_id for question_id, _choices in attempt.layout]
        assert len(question_ids) == len(set(question_ids)) == 10
        assert sorted(_units_asked(attempt).values()) == [3, 3, 4]
        for question_id, choice_ids in attempt.layout:
            own = set(PostTestChoice.objects.filter(question_id=question_id).values_list("pk"))
            assert {(pk,) for pk in choice_ids} == own


def test_post_test_start_uneven_bank_asks_every_unit(db):
    rules = CreditRulesFactory(questions_per_attempt=5)
    units = question_bank(rules, [20, 1, 3, 1])
    for _ in range(10):
        attempt = services.post_test_start(user=UserFactory(verified=True), rules=rules)
        asked = _units_asked(attempt)
        assert set(asked) == {unit.pk for unit in units}
        assert sum(asked.values()) == 5


def test_post_test_start_draws_new_papers(bank):
    papers = {
        frozenset(
            question_id
            for question_id, _choices in services.post_test_start(
                user=UserFactory(verified=True), rules=bank
            ).layout
        )
        for _ in range(5)
    }
    assert len(papers) > 1


def test_post_test_start_leaves_inactive_questions_out(bank):
    inactive = set(bank.questions.filter(unit__number=1).values_list("pk", flat=True)[:8])
    bank.questions.filter(pk__in=inactive).update(active=False)
    for _ in range(5):
        attempt = services.post_test_start(user=UserFactory(verified=True), rules=bank)
        asked = {question_id for question_id, _choices in attempt.layout}
        assert not asked & inactive
        assert len(asked) == 10


# Questions per credited hour


@pytest.mark.parametrize(
    ("per_attempt", "per_hour", "hours", "bank_size", "length"),
    [
        pytest.param(4, 3, ["5.0", "2.0"], 30, 15, id="the-largest-credit-sets-the-minimum"),
        pytest.param(4, 1, ["2.5"], 30, 4, id="questions-per-attempt-when-larger"),
        pytest.param(2, 1, ["2.5"], 30, 3, id="rounded-up"),
        pytest.param(4, 3, ["5.0"], 12, 12, id="never-more-than-the-bank"),
        pytest.param(0, 3, ["2.0"], 12, 12, id="zero-per-attempt-asks-the-whole-bank"),
        pytest.param(4, 2, [], 30, 4, id="no-credit-offered-no-minimum"),
        pytest.param(4, 0, ["5.0"], 30, 4, id="no-minimum-set"),
    ],
)
def test_post_test_length_is_at_least_the_minimum_per_credited_hour(
    db, per_attempt, per_hour, hours, bank_size, length
):
    rules = CreditRulesFactory(questions_per_attempt=per_attempt, min_questions_per_hour=per_hour)
    for credit_type, credit_hours in zip(["ches", "completion"], hours, strict=False):
        CreditOfferingFactory(rules=rules, credit_type=credit_type, hours=Decimal(credit_hours))
    question_bank(rules, [bank_size // 3] * 3)
    assert selectors.post_test_length(rules=rules) == length
    attempt = services.post_test_start(user=UserFactory(verified=True), rules=rules)
    assert len(attempt.layout) == length


# Rounds of attempts and the waiting period


def test_post_test_after_max_attempts_waits_then_opens_a_new_round(bank):
    learner = UserFactory(verified=True)
    for _ in range(3):
        _fail(learner, bank, ago=timedelta(hours=1))
    standing = selectors.post_test_standing(user=learner, rules=bank)
    assert standing.attempts_left == 0
    last = PostTestAttempt.objects.filter(user=learner).latest("submitted_at")
    assert standing.next_round_at == last.submitted_at + timedelta(hours=24)
    with pytest.raises(ValidationError, match=r"all 3 attempts at the post-test\. A new round"):
        services.post_test_start(user=learner, rules=bank)
    assert not PostTestAttempt.objects.filter(user=learner, submitted_at__isnull=True).exists()

    PostTestAttempt.objects.filter(user=learner).update(
        submitted_at=timezone.now() - timedelta(hours=24, seconds=1)
    )
    standing = selectors.post_test_standing(user=learner, rules=bank)
    assert (standing.next_round_at, standing.attempts_left) == (None, 3)
    _fail(learner, bank)
    assert selectors.post_test_standing(user=learner, rules=bank).attempts_left == 2
    _fail(learner, bank)
    _fail(learner, bank)
    assert selectors.post_test_standing(user=learner, rules=bank).next_round_at is not None
    with pytest.raises(ValidationError):
        services.post_test_start(user=learner, rules=bank)


def test_post_test_next_round_opens_at_the_last_second_of_the_wait(bank):
    learner = UserFactory(verified=True)
    for _ in range(3):
        _fail(learner, bank)
    opens = PostTestAttempt.objects.filter(user=learner).latest("submitted_at").submitted_at
    opens += timedelta(hours=24)
    before = selectors.post_test_standing(
        user=learner, rules=bank, now=opens - timedelta(microseconds=1)
    )
    at = selectors.post_test_standing(user=learner, rules=bank, now=opens)
    assert (before.attempts_left, before.next_round_at) == (0, opens)
    assert (at.attempts_left, at.next_round_at) == (3, None)


def test_post_test_attempts_below_the_limit_never_wait(bank):
    learner = UserFactory(verified=True)
    for _ in range(2):
        _fail(learner, bank)
    standing = selectors.post_test_standing(user=learner, rules=bank)
    assert (standing.attempts_left, standing.next_round_at) == (1, None)
    services.post_test_start(user=learner, rules=bank)


def test_post_test_waiting_message_tells_the_learner_their_own_time(bank):
    learner = UserFactory(verified=True, time_zone="America/Chicago")
    for _ in range(3):
        _fail(learner, bank, ago=timedelta(hours=2))
    opens = selectors.post_test_standing(user=learner, rules=bank).next_round_at
    local = opens.astimezone(zoneinfo.ZoneInfo("America/Chicago"))
    expected = dateformat.format(local, "j M Y, H:i T")
    assert local.tzname() in {"CST", "CDT"}
    with pytest.raises(ValidationError) as error:
        services.post_test_start(user=learner, rules=bank)
    assert expected in error.value.messages[0]
    item = next(
        item
        for item in selectors.credit_checklist(user=learner, rules=bank).items
        if item.key == "post_test"
    )
    assert f"All 3 attempts are used; a new round opens on {expected}." in str(item.detail)


def test_credit_rules_waiting_period_below_one_hour_is_refused_by_the_database(bank):
    bank.retry_wait_hours = 0
    with pytest.raises(IntegrityError):
        bank.save()


# Results by unit


def test_post_test_submit_keeps_right_answers_per_unit_in_unit_order(bank):
    learner = UserFactory(verified=True)
    units = list(bank.course.units.order_by("number"))
    attempt = services.post_test_start(user=learner, rules=bank)
    graded = services.post_test_submit(
        attempt=attempt, answers=_answers(attempt, right_in=units[:1])
    )
    asked = _units_asked(attempt)
    assert graded.unit_results == [
        {"unit": units[0].pk, "right": asked[units[0].pk], "total": asked[units[0].pk]},
        {"unit": units[1].pk, "right": 0, "total": asked[units[1].pk]},
        {"unit": units[2].pk, "right": 0, "total": asked[units[2].pk]},
    ]
    feedback = selectors.post_test_feedback(attempt=graded, rules=bank)
    assert [(row.unit, row.review) for row in feedback] == [
        (units[0], False),
        (units[1], True),
        (units[2], True),
    ]


def test_post_test_feedback_untagged_questions_come_last_as_their_own_group(db):
    rules = CreditRulesFactory()
    (unit,) = question_bank(rules, [2])
    PostTestQuestionFactory(rules=rules)
    attempt = services.post_test_start(user=UserFactory(verified=True), rules=rules)
    graded = services.post_test_submit(attempt=attempt, answers=_answers(attempt, right_in=[unit]))
    assert graded.unit_results == [
        {"unit": unit.pk, "right": 2, "total": 2},
        {"unit": None, "right": 0, "total": 1},
    ]
    assert (graded.score, graded.passed) == (66, False)


def test_post_test_question_with_a_unit_of_another_course_fails_validation(bank):
    question = bank.questions.first()
    question.unit = UnitFactory()
    with pytest.raises(ValidationError) as error:
        question.full_clean()
    assert "unit" in error.value.message_dict
    question.unit = bank.course.units.first()
    question.full_clean()


# Pages


def _url(rules, name="certificates:post_test"):
    return reverse(name, args=[rules.course.slug])


def _take(client, rules, *, right_in=()):
    client.post(_url(rules), {"action": "start"})
    attempt = PostTestAttempt.objects.get(submitted_at__isnull=True)
    data = {"action": "submit"}
    data.update({f"q{qid}": str(pk) for qid, pk in _answers(attempt, right_in=right_in).items()})
    return attempt, client.post(_url(rules), data, follow=True)


def test_post_test_fail_shows_what_to_review_by_unit_without_any_answer(client, bank):
    learner = UserFactory(verified=True)
    client.force_login(learner)
    units = list(bank.course.units.order_by("number"))
    attempt, response = _take(client, bank, right_in=units[:1])
    text = response.content.decode()
    asked = _units_asked(attempt)
    assert "What to review" in text
    first, third = asked[units[0].pk], asked[units[2].pk]
    assert f"<strong>Unit 1</strong>: {first} of {first} right" in text
    assert f"<strong>Unit 3</strong>: 0 of {third} right" in text
    assert f'<a href="{units[2].get_absolute_url()}">review Unit 3</a>' in text
    assert "review Unit 1" not in text
    # No choice of the paper shows: neither the right ones nor the learner's wrong ones.
    for question_id, _choices in attempt.layout:
        for choice in PostTestChoice.objects.filter(question_id=question_id):
            assert choice.text not in text


def test_post_test_page_while_waiting_says_when_and_offers_no_start(client, bank):
    learner = UserFactory(verified=True, time_zone="Europe/Berlin")
    for _ in range(3):
        _fail(learner, bank, ago=timedelta(hours=3))
    opens = selectors.post_test_standing(user=learner, rules=bank).next_round_at
    when = dateformat.format(opens.astimezone(zoneinfo.ZoneInfo("Europe/Berlin")), "j M Y, H:i T")
    client.force_login(learner)
    text = client.get(_url(bank)).content.decode()
    assert "You have used all 3 attempts. A new round opens on <time datetime=" in text
    assert when in text
    assert "Start the post-test" not in text
    assert "Try again" not in text
    assert "What to review" in text

    response = client.post(_url(bank), {"action": "start"}, follow=True)
    assert "A new round opens on" in response.content.decode()
    assert not PostTestAttempt.objects.filter(user=learner, submitted_at__isnull=True).exists()

    claim = client.get(_url(bank, "certificates:claim")).content.decode()
    assert f"All 3 attempts are used; a new round opens on {when}." in claim


def test_post_test_page_after_the_wait_offers_a_new_round(client, bank):
    learner = UserFactory(verified=True)
    for _ in range(3):
        _fail(learner, bank, ago=timedelta(hours=25))
    client.force_login(learner)
    text = client.get(_url(bank)).content.decode()
    assert "You have 3 attempts left." in text
    assert "Try again" in text
    client.post(_url(bank), {"action": "start"})
    assert PostTestAttempt.objects.filter(user=learner, submitted_at__isnull=True).exists()


def test_post_test_page_states_the_length_and_the_wait(client, bank):
    client.force_login(UserFactory(verified=True))
    text = client.get(_url(bank)).content.decode()
    assert "Each attempt asks 10 questions drawn from the question bank" in text
    assert "a new round of attempts opens 24 hours after the last one" in text


def test_post_test_page_refuses_unverified_and_anonymous_and_hides_drafts(client, bank):
    url = _url(bank)
    assert client.get(url).status_code == 302
    client.force_login(UserFactory(unverified=True))
    assert client.get(url).status_code == 404
    client.force_login(UserFactory(verified=True))
    draft = CreditRulesFactory(course__published=False)
    assert client.get(_url(draft)).status_code == 404
