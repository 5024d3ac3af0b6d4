"""The course evaluation a learner fills in once before claiming credit."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ..models import CreditRules, EvaluationAnswer, EvaluationItem, EvaluationResponse


@transaction.atomic
def evaluation_submit(*, user, rules: CreditRules, answers: dict[int, object]):
    """Save the course evaluation once. `answers` maps item id to a rating (1-5) or text."""
    items = {item.pk: item for item in EvaluationItem.objects.filter(rules=rules)}
    try:
        with transaction.atomic():
            response = EvaluationResponse.objects.create(user=user, rules=rules)
    except IntegrityError as exc:
        raise ValidationError(_("You have already submitted the evaluation.")) from exc
    rows = []
    for item_id, value in answers.items():
        item = items.get(item_id)
        if item is None or value in (None, ""):
            continue
        if item.kind == EvaluationItem.Kind.LIKERT:
            rows.append(EvaluationAnswer(response=response, item=item, rating=int(value)))
        else:
            rows.append(EvaluationAnswer(response=response, item=item, text=str(value).strip()))
    EvaluationAnswer.objects.bulk_create(rows)
    return response
