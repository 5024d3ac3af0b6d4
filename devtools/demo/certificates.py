"""Demo CE rules for the demo course (content/certificates.yaml, the post-test bank in
content/post-test.yaml), and one issued certificate for the demo practitioner. Idempotent: keyed
on the course, the credit type and the question and item texts; bank questions no longer in the
file are taken out of the bank (kept for the attempts that asked them)."""

from decimal import Decimal

from django.utils import timezone

from courses.certificates import services
from courses.certificates.models import (
    Certificate,
    CreditOffering,
    CreditRules,
    CreditType,
    EvaluationItem,
    PostTestChoice,
    PostTestQuestion,
)
from courses.models import Course
from roots.models import User

from . import data
from .courses import course_content

DEMO_LEARNER = "practitioner@example.org"


def _demo_course():
    return Course.objects.filter(slug=course_content()["course"]["slug"]).first()


def seed(log=print):
    course = _demo_course()
    if course is None:
        log("certificates: the demo course is missing, CE rules skipped")
        return
    content = data.load("certificates.yaml")
    bank = data.load("post-test.yaml")["questions"]
    rules, _ = CreditRules.objects.update_or_create(
        course=course, defaults={"active": True, **content["rules"]}
    )
    for position, offering in enumerate(content["offerings"], 1):
        CreditOffering.objects.update_or_create(
            rules=rules,
            credit_type=CreditType(offering["credit_type"]),
            defaults={
                "hours": Decimal(offering["hours"]),
                "provider_number": offering["provider_number"],
                "activity_number": offering["activity_number"],
                "validity_months": offering["validity_months"],
                "accreditation_statement": offering["accreditation_statement"],
                "position": position,
            },
        )
    _seed_bank(rules, bank)
    for position, item in enumerate(content["evaluation"], 1):
        EvaluationItem.objects.update_or_create(
            rules=rules,
            prompt=item["prompt"],
            defaults={
                "kind": EvaluationItem.Kind(item["kind"]),
                "position": position,
                "required": item["required"],
            },
        )
    issued = _issued_certificate(course)
    log(
        f"certificates: CE rules for {course.title!r} ({len(content['offerings'])} credit types, "
        f"{len(bank)} post-test questions); certificate {issued or 'skipped'}"
    )


def _seed_bank(rules: CreditRules, bank: list[dict]) -> None:
    units = {unit.number: unit for unit in rules.course.units.all()}
    rules.questions.exclude(text__in=[entry["text"] for entry in bank]).update(active=False)
    for position, entry in enumerate(bank, 1):
        question, _ = PostTestQuestion.objects.update_or_create(
            rules=rules,
            text=entry["text"],
            defaults={"position": position, "active": True, "unit": units[entry["unit"]]},
        )
        choices = entry["choices"]
        question.choices.exclude(text__in=[choice["text"] for choice in choices]).delete()
        # Unmarked first, so that the one correct choice (a unique constraint) can move.
        question.choices.update(is_correct=False)
        for choice_position, choice in enumerate(choices, 1):
            PostTestChoice.objects.update_or_create(
                question=question,
                text=choice["text"],
                defaults={"position": choice_position, "is_correct": choice["correct"]},
            )


def _issued_certificate(course) -> str:
    learner = User.objects.filter(email=DEMO_LEARNER).first()
    if learner is None:
        return ""
    offering = CreditOffering.objects.get(rules__course=course, credit_type=CreditType.CHES)
    issued_on = timezone.localdate() - timezone.timedelta(days=30)
    certificate, _ = Certificate.objects.get_or_create(
        learner=learner,
        course=course,
        credit_type=CreditType.CHES,
        defaults={
            "learner_name": learner.full_name or learner.email,
            "course_title": course.title,
            "hours": offering.hours,
            "provider_number": offering.provider_number,
            "activity_number": offering.activity_number,
            "accreditation_statement": offering.accreditation_statement,
            "issued_on": issued_on,
            "expires_on": services.add_months(issued_on, offering.validity_months),
            # The demo learner is not e-mailed about the demo certificate.
            "emailed_revision": 1,
        },
    )
    if certificate.status == Certificate.Status.PENDING:
        services.certificate_render(certificate_id=certificate.pk)
        certificate.refresh_from_db()
    return certificate.code
