"""Demo CE rules for the demo course (content/certificates.yaml, the post-test bank in
content/post-test.yaml): its provider with a signature, credit under the seeded accreditor
profiles, and one issued certificate for the demo practitioner. Idempotent: keyed on the
provider's name, the course, the profile and the question and item texts; bank questions no
longer in the file are taken out of the bank (kept for the attempts that asked them)."""

from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from courses.certificates import services
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
from courses.certificates.services.printed import certificate_draft
from courses.models import Course
from roots.models import User

from . import data, files
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
    provider = _provider(content["provider"])
    rules, _ = CreditRules.objects.update_or_create(
        course=course, defaults={"active": True, "provider": provider, **content["rules"]}
    )
    for position, offering in enumerate(content["offerings"], 1):
        CreditOffering.objects.update_or_create(
            rules=rules,
            profile=AccreditorProfile.objects.get(credit_type=CreditType(offering["credit_type"])),
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


def _provider(record) -> Provider:
    provider, _ = Provider.objects.update_or_create(
        name=record["name"],
        defaults={
            "address": record["address"],
            "signatory_name": record["signatory_name"],
            "signatory_title": record["signatory_title"],
        },
    )
    if not provider.signature:
        provider.signature.save("signature.png", ContentFile(files.signature_png()))
    return provider


def _issued_certificate(course) -> str:
    learner = User.objects.filter(email=DEMO_LEARNER).first()
    if learner is None:
        return ""
    offering = CreditOffering.objects.select_related("profile", "rules__provider").get(
        rules__course=course, profile__credit_type=CreditType.CHES
    )
    existing = Certificate.objects.filter(
        learner=learner, course=course, credit_type=CreditType.CHES
    ).first()
    if existing is None:
        issued_on = timezone.localdate() - timezone.timedelta(days=30)
        # What a claim would print, as if the course had been finished the day before.
        existing = certificate_draft(
            user=learner,
            rules=offering.rules,
            offering=offering,
            issued_on=issued_on,
            completed_on=issued_on - timezone.timedelta(days=1),
        )
        existing.learner_name = existing.learner_name or learner.email
        existing.expires_on = services.add_months(issued_on, offering.validity_months)
        # The demo learner is not e-mailed about the demo certificate.
        existing.emailed_revision = 1
        existing.save()
    certificate = existing
    if certificate.status == Certificate.Status.PENDING:
        services.certificate_render(certificate_id=certificate.pk)
        certificate.refresh_from_db()
    return certificate.code
