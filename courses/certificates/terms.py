"""What a course's credit offers and asks, shown to anyone before they enrol: accreditors want
the credit, the requirements and the disclosures known before the activity, not after it."""

from django.db.models import Count, Prefetch, Q

from .models import CreditOffering, CreditRules


def credit_terms(course) -> CreditRules | None:
    """The course's active CE rules with their provider, their offerings (each with its
    accreditor's profile) and what the claim asks, in two queries; None when the course offers
    no credit."""
    return (
        CreditRules.objects.filter(course=course, active=True)
        .select_related("provider")
        .annotate(
            evaluation_items_count=Count("evaluation_items", distinct=True),
            questions_count=Count("questions", filter=Q(questions__active=True), distinct=True),
        )
        .prefetch_related(
            Prefetch("offerings", queryset=CreditOffering.objects.select_related("profile"))
        )
        .first()
    )
