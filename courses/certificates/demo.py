"""Demo CE rules for the demo course, and one issued certificate for the demo practitioner.
Idempotent: keyed on the course, the credit type and the question and item texts."""

from decimal import Decimal

from django.utils import timezone

from courses.demo_content import COURSE as DEMO_COURSE
from courses.models import Course
from roots.models import User

from . import services
from .models import (
    Certificate,
    CreditOffering,
    CreditRules,
    CreditType,
    EvaluationItem,
    PostTestChoice,
    PostTestQuestion,
)

STATEMENT_CHES = (
    "Roots Learning Collaborative is a designated provider of continuing education contact hours "
    "(CECH) in health education by the National Commission for Health Education Credentialing, "
    "Inc. This program is designated for Certified Health Education Specialists (CHES) and/or "
    "Master Certified Health Education Specialists (MCHES) to receive up to 5.0 total Category I "
    "continuing education contact hours."
)
STATEMENT_CNE = (
    "This activity has been approved for 5.0 nursing contact hours by the Roots Learning "
    "Collaborative, an approved provider of nursing continuing professional development."
)

OFFERINGS = [
    (CreditType.CHES, Decimal("5.0"), "PR-98765", "EV-2026-014", 60, STATEMENT_CHES),
    (CreditType.CNE, Decimal("5.0"), "CNE-4410", "ACT-2026-077", 24, STATEMENT_CNE),
    (CreditType.COMPLETION, Decimal("5.0"), "", "", None, ""),
]

QUESTIONS = [
    (
        "Which description fits a health inequity rather than a health disparity?",
        [
            ("A difference in health that is systematic, avoidable and unjust", True),
            ("Any measured gap in health between two groups", False),
            ("A difference explained only by individual behaviour", False),
            ("A gap that closes without any change in policy", False),
        ],
    ),
    (
        "Working 'upstream' on health equity mostly means acting on…",
        [
            ("the institutions and policies that shape living conditions", True),
            ("treatment of disease once it appears", False),
            ("individual lifestyle advice alone", False),
            ("hospital discharge planning", False),
        ],
    ),
    (
        "A frame, in the sense used in the course, is…",
        [
            ("a mental model of values and assumptions that shapes how a problem is seen", True),
            ("the border of a printed chart", False),
            ("a funding cycle of a health department", False),
            ("a statistical confidence interval", False),
        ],
    ),
    (
        "Which of these is named in the course as a root cause of health inequity?",
        [
            ("Structural racism", True),
            ("Seasonal influenza", False),
            ("Lack of hospital beds", False),
            ("Individual genetics alone", False),
        ],
    ),
    (
        "Authentic community engagement means that community members…",
        [
            ("share power in decisions that affect them", True),
            ("are informed after decisions are made", False),
            ("fill in a satisfaction survey once a year", False),
            ("are represented only by agency staff", False),
        ],
    ),
]

EVALUATION = [
    (EvaluationItem.Kind.LIKERT, "The course met its stated learning objectives.", True),
    (EvaluationItem.Kind.LIKERT, "The content is relevant to my daily practice.", True),
    (EvaluationItem.Kind.LIKERT, "The units were free of commercial bias.", True),
    (EvaluationItem.Kind.LIKERT, "I would recommend this course to a colleague.", True),
    (
        EvaluationItem.Kind.TEXT,
        "What will you do differently in your work after this course?",
        False,
    ),
    (EvaluationItem.Kind.TEXT, "What should we improve?", False),
]

DEMO_LEARNER = "practitioner@example.org"


def _demo_course():
    return Course.objects.filter(slug=DEMO_COURSE["slug"]).first()


def seed(log=print):
    course = _demo_course()
    if course is None:
        log("certificates: the demo course is missing, CE rules skipped")
        return
    rules, _ = CreditRules.objects.update_or_create(
        course=course,
        defaults={"active": True, "pass_mark": 80, "max_attempts": 3, "questions_per_attempt": 4},
    )
    for position, (kind, hours, provider, activity, months, statement) in enumerate(OFFERINGS, 1):
        CreditOffering.objects.update_or_create(
            rules=rules,
            credit_type=kind,
            defaults={
                "hours": hours,
                "provider_number": provider,
                "activity_number": activity,
                "validity_months": months,
                "accreditation_statement": statement,
                "position": position,
            },
        )
    for position, (text, choices) in enumerate(QUESTIONS, 1):
        question, _ = PostTestQuestion.objects.update_or_create(
            rules=rules, text=text, defaults={"position": position, "active": True}
        )
        for choice_position, (choice_text, correct) in enumerate(choices, 1):
            PostTestChoice.objects.update_or_create(
                question=question,
                text=choice_text,
                defaults={"position": choice_position, "is_correct": correct},
            )
    for position, (kind, prompt, required) in enumerate(EVALUATION, 1):
        EvaluationItem.objects.update_or_create(
            rules=rules,
            prompt=prompt,
            defaults={"kind": kind, "position": position, "required": required},
        )
    issued = _issued_certificate(course)
    log(
        f"certificates: CE rules for {course.title!r} ({len(OFFERINGS)} credit types, "
        f"{len(QUESTIONS)} post-test questions); certificate {issued or 'skipped'}"
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
