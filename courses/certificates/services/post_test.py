"""The post-test: a sitting drawn from the question bank, spread over the course's units, then
graded once, with the results kept unit by unit for the feedback after a fail."""

import random
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from courses.services import passes, percent_floor

from ..models import CreditRules, PostTestAttempt, PostTestQuestion
from ..selectors import local_moment, post_test_length, post_test_standing

_shuffler = random.SystemRandom()


def unit_quotas(sizes: dict, count: int, rng: random.Random) -> dict:
    """How many questions to draw from each unit ({unit: questions in the bank}): as evenly as
    the bank allows. Each unit with room takes an equal share, a unit with fewer questions gives
    what it lacks to the others, and what is left after equal shares goes to units at random,
    one each. So 10 from 3 units of 10 is 3, 3 and 4, and every unit is asked at least once
    when `count` reaches the number of units."""
    quotas = dict.fromkeys(sizes, 0)
    left = min(count, sum(sizes.values()))
    while left:
        open_units = [unit for unit in sizes if quotas[unit] < sizes[unit]]
        share = left // len(open_units)
        if not share:
            for unit in rng.sample(open_units, left):
                quotas[unit] += 1
            break
        for unit in open_units:
            taken = min(share, sizes[unit] - quotas[unit])
            quotas[unit] += taken
            left -= taken
    return quotas


def draw_questions(questions: list, count: int, rng: random.Random) -> list:
    """`count` of the questions, stratified by unit (see unit_quotas), in random order."""
    by_unit = defaultdict(list)
    for question in questions:
        by_unit[question.unit_id].append(question)
    quotas = unit_quotas({unit: len(group) for unit, group in by_unit.items()}, count, rng)
    chosen = [
        question for unit, group in by_unit.items() for question in rng.sample(group, quotas[unit])
    ]
    rng.shuffle(chosen)
    return chosen


@transaction.atomic
def post_test_start(*, user, rules: CreditRules) -> PostTestAttempt:
    """The learner's open sitting, or a new one drawn from the bank with choices shuffled.
    Refused once passed, and while the learner waits for the next round of attempts."""
    open_attempt = (
        PostTestAttempt.objects.select_for_update()
        .filter(user=user, rules=rules, submitted_at__isnull=True)
        .first()
    )
    if open_attempt:
        return open_attempt
    standing = post_test_standing(user=user, rules=rules)
    if standing.passed:
        raise ValidationError(_("You have already passed the post-test."))
    if standing.next_round_at is not None:
        raise ValidationError(
            ngettext(
                "You have used your %(count)s attempt at the post-test. A new round opens on "
                "%(when)s.",
                "You have used all %(count)s attempts at the post-test. A new round opens on "
                "%(when)s.",
                rules.max_attempts,
            )
            % {"count": rules.max_attempts, "when": local_moment(user, standing.next_round_at)}
        )
    questions = list(
        PostTestQuestion.objects.filter(rules=rules, active=True).prefetch_related("choices")
    )
    if not questions:
        raise ValidationError(_("This post-test has no questions yet."))
    count = post_test_length(rules=rules, bank_size=len(questions))
    layout = []
    for question in draw_questions(questions, count, _shuffler):
        choice_ids = [choice.pk for choice in question.choices.all()]
        _shuffler.shuffle(choice_ids)
        layout.append([question.pk, choice_ids])
    try:
        with transaction.atomic():
            return PostTestAttempt.objects.create(user=user, rules=rules, layout=layout)
    except IntegrityError:
        # Another tab opened a sitting at the same moment: continue that one.
        return PostTestAttempt.objects.get(user=user, rules=rules, submitted_at__isnull=True)


@transaction.atomic
def post_test_submit(*, attempt: PostTestAttempt, answers: dict[str, int]) -> PostTestAttempt:
    """Grade the sitting. `answers` maps question id (str) to the chosen choice id. Passing is
    decided on exact numbers (right x 100 >= pass mark x questions); the score shown is rounded
    down, so it never reads as a pass it is not."""
    attempt = PostTestAttempt.objects.select_for_update().select_related("rules").get(pk=attempt.pk)
    if attempt.submitted_at:
        raise ValidationError(_("This attempt was already submitted."))
    # Questions staff deleted after the attempt was laid out are left out of the score.
    laid_out = [question_id for question_id, _choices in attempt.layout]
    units = {
        pk: (unit_id, number)
        for pk, unit_id, number in PostTestQuestion.objects.filter(pk__in=laid_out).values_list(
            "pk", "unit", "unit__number"
        )
    }
    question_ids = [qid for qid in laid_out if qid in units]
    correct = dict(
        PostTestQuestion.objects.filter(pk__in=question_ids, choices__is_correct=True).values_list(
            "pk", "choices__pk"
        )
    )
    right_ids = {qid for qid in question_ids if answers.get(str(qid)) == correct.get(qid)}
    by_unit: dict = defaultdict(lambda: {"right": 0, "total": 0})
    for qid in question_ids:
        unit_id, number = units[qid]
        # In unit order, untagged questions last.
        counts = by_unit[(unit_id is None, number or 0, unit_id)]
        counts["total"] += 1
        counts["right"] += qid in right_ids
    attempt.unit_results = [{"unit": key[2], **by_unit[key]} for key in sorted(by_unit)]
    attempt.answers = {str(qid): answers.get(str(qid)) for qid in question_ids}
    total = len(question_ids)
    attempt.score = percent_floor(len(right_ids), total)
    attempt.passed = passes(right=len(right_ids), total=total, mark=attempt.rules.pass_mark)
    attempt.submitted_at = timezone.now()
    attempt.save(update_fields=["answers", "score", "passed", "unit_results", "submitted_at"])
    return attempt
