"""Factories for CE credit; courses, units and lessons come from the courses app's factories."""

import math
from decimal import Decimal

import factory
from django.db import connection
from django.utils import timezone

from courses.certificates.models import (
    AccreditorProfile,
    Certificate,
    CreditOffering,
    CreditRules,
    CreditType,
    EvaluationItem,
    PostTestChoice,
    PostTestQuestion,
    Provider,
)
from tests.courses.factories import CourseFactory, LessonFactory, UnitFactory, spend_time
from tests.factories import UserFactory

__all__ = ["CourseFactory", "LessonFactory", "UnitFactory"]


def seeded_profile(credit_type: str) -> AccreditorProfile:
    """The profile migration 0004 seeded for a credit type (tests/conftest.py puts the seeded
    rows back after a transactional test)."""
    return AccreditorProfile.objects.get(credit_type=credit_type)


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provider

    name = "Roots Learning Collaborative"
    address = "100 Main Street, Suite 4\nChicago, IL 60601"
    signatory_name = "Dr. Maya Alvarez"
    signatory_title = "Director of Continuing Education"

    class Params:
        # A real PNG, stored through the upload field (checked by content like any upload).
        signed = factory.Trait(
            signature=factory.django.ImageField(
                filename="signature.png", width=300, height=80, format="PNG"
            )
        )


class CreditRulesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CreditRules

    course = factory.SubFactory(CourseFactory)
    provider = factory.SubFactory(ProviderFactory)


class CreditOfferingFactory(factory.django.DjangoModelFactory):
    """An offering under a seeded profile, chosen by `credit_type` (CHES unless told)."""

    class Meta:
        model = CreditOffering

    class Params:
        credit_type = CreditType.CHES
        completion = factory.Trait(
            credit_type=CreditType.COMPLETION,
            provider_number="",
            activity_number="",
            accreditation_statement="",
        )

    rules = factory.SubFactory(CreditRulesFactory)
    profile = factory.LazyAttribute(lambda offering: seeded_profile(offering.credit_type))
    hours = Decimal("6.0")
    provider_number = "PR-98765"
    activity_number = "EV-123456"
    accreditation_statement = "Roots is a designated provider of CECH in health education."


class PostTestQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PostTestQuestion
        skip_postgeneration_save = True

    rules = factory.SubFactory(CreditRulesFactory)
    unit = None  # untagged unless told; question_bank() tags a bank unit by unit
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


def question_bank(rules, sizes) -> list:
    """A post-test bank tagged by unit: for each size, a unit of the course (the course's own
    units first, by number, then new ones) with that many questions. Returns the units."""
    existing = list(rules.course.units.order_by("number"))
    units = []
    for index, size in enumerate(sizes):
        if index < len(existing):
            unit = existing[index]
        else:
            number = index + 1
            unit = UnitFactory(course=rules.course, number=number, title=f"Unit {number} title")
        for _ in range(size):
            PostTestQuestionFactory(rules=rules, unit=unit)
        units.append(unit)
    return units


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

    class Params:
        # An issued or revoked certificate has a PDF (a database constraint); no file is written.
        issued = factory.Trait(
            status=Certificate.Status.ISSUED,
            pdf=factory.Sequence(lambda n: f"certificates/issued-{n}.pdf"),
        )
        revoked = factory.Trait(
            status=Certificate.Status.REVOKED,
            pdf=factory.Sequence(lambda n: f"certificates/revoked-{n}.pdf"),
            revoked_at=factory.LazyFunction(timezone.now),
            revoked_reason="Claimed by mistake.",
        )


def written_last_first(model, rows, *, make=None):
    """Rows of `model` (keyword arguments for `make`, by default `model.objects.create`) whose
    ids follow the order given but which are stored last first, as an import or a restore that
    keeps ids may store them. Rows that tie in a list's order then come out of the database in
    the order they are stored, unless the list breaks ties by id."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [model._meta.db_table, len(rows)],
        )
        ids = [row[0] for row in cursor.fetchall()]
    make = make or model.objects.create
    made = {pk: make(pk=pk, **kwargs) for pk, kwargs in reversed(list(zip(ids, rows, strict=True)))}
    return [made[pk] for pk in ids]


def spend_course_time(user, rules, *, seconds: int | None = None) -> None:
    """Engaged time on the course of `rules`, spread over its lessons as heartbeats would have
    counted it: `seconds` in all, or what its most demanding credit needs (so that any of its
    credits may be claimed)."""
    from courses.certificates.selectors import engaged_seconds_needed
    from courses.models import Lesson

    if seconds is None:
        seconds = max((engaged_seconds_needed(o) for o in rules.offerings.all()), default=0)
    lessons = list(Lesson.objects.filter(unit__course=rules.course).order_by("pk"))
    if lessons:
        spend_time(user, lessons, seconds=math.ceil(seconds / len(lessons)))


def learner_with_steps(
    rules,
    *,
    units=True,
    time=True,
    post_test="passed",
    evaluation=True,
    attestation=True,
    full_name="Jordan Okafor",
    credential_number="CHES-31415",
):
    """A verified learner of the course of `rules` with the steps before a claim done as told.
    `units=False` leaves one lesson unread; `time=False` records no time on the course (an
    attestation is then the one a learner made before the time was asked for); `post_test`
    is "passed", "failed" (one sitting, below the mark), "open" (a sitting started, never
    submitted) or None (never sat)."""
    from courses.certificates import services
    from courses.certificates.models import Attestation, PostTestAttempt
    from courses.models import Lesson, LessonCompletion

    learner = UserFactory(verified=True, full_name=full_name, credential_number=credential_number)
    if time:
        spend_course_time(learner, rules)
    lessons = list(Lesson.objects.filter(unit__course=rules.course).order_by("pk"))
    for lesson in lessons if units else lessons[:-1]:
        LessonCompletion.objects.create(user=learner, lesson=lesson)
    if post_test in ("passed", "failed"):
        passed = post_test == "passed"
        PostTestAttempt.objects.create(
            user=learner,
            rules=rules,
            score=100 if passed else rules.pass_mark - 1,
            passed=passed,
            submitted_at=timezone.now(),
        )
    elif post_test == "open":
        PostTestAttempt.objects.create(user=learner, rules=rules)
    if evaluation:
        services.evaluation_submit(user=learner, rules=rules, answers={})
    if attestation and time:
        services.attestation_record(user=learner, rules=rules)
    elif attestation:
        Attestation.objects.create(user=learner, rules=rules, text=rules.attestation_text)
    return learner
