"""Continuing-education (CE) credit: the rules of a course, its post-test and evaluation, and the
certificates issued to learners.

    Course ─1 CreditRules ─< CreditOffering >─ AccreditorProfile  (hours and numbers; what the
                          │                                        accreditor requires, by
                          │                                        credit type)
                          ├─ Provider                  (name, address, signature printed)
                          ├─< PostTestQuestion ─< PostTestChoice   (each tagged with a courses.Unit)
                          └─< EvaluationItem
    learner x course:   PostTestAttempt (rounds of max_attempts, a wait between rounds),
                        EvaluationResponse ─< EvaluationAnswer (one),
                        Attestation (one)
    learner x course x credit type:  Certificate (one) ─< CertificateRevision (one per PDF)
    CertificateTemplate: versioned HTML; a certificate records the version it was rendered with.

A certificate keeps a copy of everything it prints (name, course title, hours, numbers,
statement, provider, signature, credential number, completion date), so editing the rules, the
course, the provider or the template never changes an issued certificate; a reissue makes a new
revision with a new verification code and PDF.
"""

from .certificates import (
    CODE_ALPHABET,
    CODE_GROUP_LENGTH,
    CODE_GROUPS,
    Certificate,
    CertificateQuerySet,
    CertificateRevision,
    CertificateTemplate,
    CertificateTemplateQuerySet,
    Transcript,
    certificate_pdf_path,
    new_verification_code,
    normalize_code,
)
from .profiles import (
    AccreditorProfile,
    CertificateElement,
    LearnerField,
    Provider,
    ReportKind,
)
from .rules import (
    CreditOffering,
    CreditRules,
    CreditType,
)
from .steps import (
    Attestation,
    EvaluationAnswer,
    EvaluationItem,
    EvaluationResponse,
    PostTestAttempt,
    PostTestChoice,
    PostTestQuestion,
)

__all__ = [
    "CODE_ALPHABET",
    "CODE_GROUPS",
    "CODE_GROUP_LENGTH",
    "AccreditorProfile",
    "Attestation",
    "Certificate",
    "CertificateElement",
    "CertificateQuerySet",
    "CertificateRevision",
    "CertificateTemplate",
    "CertificateTemplateQuerySet",
    "CreditOffering",
    "CreditRules",
    "CreditType",
    "EvaluationAnswer",
    "EvaluationItem",
    "EvaluationResponse",
    "LearnerField",
    "PostTestAttempt",
    "PostTestChoice",
    "PostTestQuestion",
    "Provider",
    "ReportKind",
    "Transcript",
    "certificate_pdf_path",
    "new_verification_code",
    "normalize_code",
]
