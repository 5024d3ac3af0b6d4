"""The post-test: a sitting laid out at random, then graded once."""

import random

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import CreditRules, PostTestAttempt, PostTestQuestion

_shuffler = random.SystemRandom()


@transaction.atomic
def post_test_start(*, user, rules: CreditRules) -> PostTestAttempt:
    """The learner's open sitting, or a new one with questions and choices shuffled."""
    open_attempt = (
        PostTestAttempt.objects.select_for_update()
        .filter(user=user, rules=rules, submitted_at__isnull=True)
        .first()
    )
    if open_attempt:
        return open_attempt
    done = PostTestAttempt.objects.filter(user=user, rules=rules, submitted_at__isnull=False)
    if done.filter(passed=True).exists():
        raise ValidationError(_("You have already passed the post-test."))
    if done.count() >= rules.max_attempts:
        raise ValidationError(
            _("You have used all %(count)s attempts at the post-test.")
            % {"count": rules.max_attempts}
        )
    questions = list(
        PostTestQuestion.objects.filter(rules=rules, active=True).prefetch_related("choices")
    )
    if not questions:
        raise ValidationError(_("This post-test has no questions yet."))
    count = rules.questions_per_attempt or len(questions)
    chosen = _shuffler.sample(questions, min(count, len(questions)))
    layout = []
    for question in chosen:
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
    """Grade the sitting. `answers` maps question id (str) to the chosen choice id."""
    attempt = PostTestAttempt.objects.select_for_update().select_related("rules").get(pk=attempt.pk)
    if attempt.submitted_at:
        raise ValidationError(_("This attempt was already submitted."))
    # Questions staff deleted after the attempt was laid out are left out of the score.
    still_there = set(
        PostTestQuestion.objects.filter(
            pk__in=[question_id for question_id, _choices in attempt.layout]
        ).values_list("pk", flat=True)
    )
    question_ids = [qid for qid, _choices in attempt.layout if qid in still_there]
    correct = dict(
        PostTestQuestion.objects.filter(pk__in=question_ids, choices__is_correct=True).values_list(
            "pk", "choices__pk"
        )
    )
    right = sum(1 for qid in question_ids if answers.get(str(qid)) == correct.get(qid))
    attempt.answers = {str(qid): answers.get(str(qid)) for qid in question_ids}
    attempt.score = round(100 * right / len(question_ids)) if question_ids else 0
    attempt.passed = attempt.score >= attempt.rules.pass_mark
    attempt.submitted_at = timezone.now()
    attempt.save(update_fields=["answers", "score", "passed", "submitted_at"])
    return attempt
