"""Factories for CE credit; courses, units and lessons come from the courses app's factories."""

from decimal import Decimal

import factory
from django.utils import timezone

from courses.certificates.models import (
    Certificate,
    CreditOffering,
    CreditRules,
    CreditType,
    EvaluationItem,
    PostTestChoice,
    PostTestQuestion,
)
from tests.courses.factories import CourseFactory, LessonFactory, UnitFactory
from tests.factories import UserFactory

__all__ = ["CourseFactory", "LessonFactory", "UnitFactory"]


class CreditRulesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CreditRules

    course = factory.SubFactory(CourseFactory)


class CreditOfferingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CreditOffering

    rules = factory.SubFactory(CreditRulesFactory)
    credit_type = CreditType.CHES
    hours = Decimal("6.0")
    provider_number = "PR-98765"
    activity_number = "EV-123456"
    accreditation_statement = "Roots is a designated provider of CECH in health education."

    class Params:
        completion = factory.Trait(
            credit_type=CreditType.COMPLETION,
            provider_number="",
            activity_number="",
            accreditation_statement="",
        )


class PostTestQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PostTestQuestion
        skip_postgeneration_save = True

    rules = factory.SubFactory(CreditRulesFactory)
    position = factory.Sequence(lambda n: n)
    text = factory.Sequence(lambda n: f"Question {n}?")

    @factory.post_generation
    def choices(self, create, extracted, **kwargs):
        if create:
            for position, correct in enumerate([True, False, False], 1):
                PostTestChoice.objects.create(
                    question=self,
                    position=position,
                    text=f"{'Right' if correct else 'Wrong'} answer {position}",
                    is_correct=correct,
                )


class EvaluationItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EvaluationItem

    rules = factory.SubFactory(CreditRulesFactory)
    position = factory.Sequence(lambda n: n)
    prompt = factory.Sequence(lambda n: f"The course was useful ({n}).")


class CertificateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Certificate

    learner = factory.SubFactory(UserFactory, verified=True)
    course = factory.SubFactory(CourseFactory)
    credit_type = CreditType.CHES
    learner_name = factory.SelfAttribute("learner.full_name")
    course_title = factory.SelfAttribute("course.title")
    hours = Decimal("6.0")
    provider_number = "PR-98765"
    activity_number = "EV-123456"
    accreditation_statement = "Roots is a designated provider of CECH in health education."
    issued_on = factory.LazyFunction(timezone.localdate)
