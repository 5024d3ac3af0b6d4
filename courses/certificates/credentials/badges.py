"""A certificate as an Open Badges 3.0 OpenBadgeCredential (W3C VC Data Model 2.0), unsigned:
`issue.py` adds the proof. Every field comes from what the certificate prints, copied at claim."""

import hashlib
import hmac
from datetime import UTC, datetime, time

from django.conf import settings
from django.urls import reverse

from .keys import site_did
from .loader import CREDENTIALS_V2, OPEN_BADGES_V3
from .proof import xsd_datetime
from .status import status_entry


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def _instant(day, end_of_day: bool = False) -> str:
    return xsd_datetime(datetime.combine(day, time.max if end_of_day else time.min, tzinfo=UTC))


def email_identity(email: str, salt: str) -> dict:
    """OB3's hashed identifier: sha256 of the address and a salt; the address never in clear."""
    digest = hashlib.sha256((email.strip().lower() + salt).encode()).hexdigest()
    return {
        "type": "IdentityObject",
        "identityType": "emailAddress",
        "hashed": True,
        "identityHash": f"sha256${digest}",
        "salt": salt,
    }


def _salt(revision) -> str:
    # Per credential, derived so that a re-render signs the same document.
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"salt:{revision.code}".encode(), hashlib.sha256).hexdigest()[:16]


def issuer_profile() -> dict:
    return {
        "id": site_did(),
        "type": ["Profile"],
        "name": settings.CERTIFICATE_ISSUER_NAME,
        "url": settings.SITE_URL + "/",
    }


def open_badge(certificate, revision, *, issued_at: datetime) -> dict:
    """The credential for one revision of a certificate (its code, its status-list index)."""
    course_url = absolute(certificate.course.get_absolute_url())
    provider = {
        "id": absolute(reverse("certificates:did")) + "#provider",
        "type": ["Profile"],
        "name": certificate.provider_name or settings.CERTIFICATE_ISSUER_NAME,
    }
    if certificate.provider_address:
        provider["address"] = {
            "type": ["Address"],
            "streetAddress": ", ".join(certificate.provider_address.splitlines()),
        }
    identifiers = [
        {"type": "IdentifierEntry", "identifierType": "identifier", "identifier": value}
        for value in (certificate.provider_number, certificate.activity_number)
        if value
    ]
    achievement = {
        "id": f"{course_url}#credit-{certificate.credit_type}",
        "type": ["Achievement"],
        "achievementType": "Course",
        "name": certificate.course_title,
        "description": certificate.get_credit_type_display(),
        "criteria": {
            "id": course_url,
            "narrative": "Every unit of the course, the post-test, the evaluation and the "
            "attestation, as the course page lists them.",
        },
        "creditsAvailable": float(certificate.hours),
        "creator": provider,
        "fieldOfStudy": "Public health",
    }
    if identifiers:
        achievement["otherIdentifier"] = identifiers
    if certificate.accreditation_statement:
        achievement["resultDescription"] = [
            {
                "id": f"{course_url}#statement",
                "type": ["ResultDescription"],
                "name": certificate.accreditation_statement,
                "resultType": "Status",
            }
        ]
    subject = {
        "type": ["AchievementSubject"],
        "identifier": [
            {
                "type": "IdentityObject",
                "identityType": "name",
                "hashed": False,
                "identityHash": certificate.learner_name,
            },
            email_identity(certificate.learner.email, _salt(revision)),
        ],
        "achievement": achievement,
        "creditsEarned": float(certificate.hours),
    }
    if certificate.completed_on:
        subject["activityEndDate"] = _instant(certificate.completed_on)
    if certificate.credential_number:
        subject["licenseNumber"] = certificate.credential_number
    credential = {
        "@context": [CREDENTIALS_V2, OPEN_BADGES_V3],
        "id": absolute(reverse("certificates:verify", args=[revision.code])),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": certificate.course_title,
        "issuer": issuer_profile(),
        "validFrom": issued_at.astimezone(UTC)
        .replace(microsecond=0)
        .isoformat()
        .replace("+00:00", "Z"),
        "credentialSubject": subject,
        "credentialStatus": status_entry(revision.pk),
    }
    if certificate.expires_on:
        credential["validUntil"] = _instant(certificate.expires_on, end_of_day=True)
    return credential
