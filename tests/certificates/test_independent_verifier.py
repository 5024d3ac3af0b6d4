"""Credentials signed by Roots are accepted by a verifier we did not write, and refused by it
once a single character changes."""

import pytest

from courses.certificates.credentials import keys
from courses.certificates.credentials.loader import CREDENTIALS_V2, OPEN_BADGES_V3
from courses.certificates.credentials.proof import proof_add

from .independent import independent_verify


@pytest.fixture
def badge(settings):
    settings.SITE_URL = "https://roots.example.org"
    keys.signing_keys.cache_clear()
    key = keys.current_key()
    credential = {
        "@context": [CREDENTIALS_V2, OPEN_BADGES_V3],
        "id": "urn:uuid:7d3e8d1c-5c1e-4c55-9a39-1f0a5d7f2b11",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": keys.site_did(), "type": ["Profile"], "name": "Roots"},
        "validFrom": "2026-12-01T15:00:00Z",
        "name": "Roots of Health Inequity",
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "achievement": {
                "id": "https://roots.example.org/courses/roots-of-health-inequity/",
                "type": ["Achievement"],
                "name": "Roots of Health Inequity",
                "description": "Five units on the social roots of health inequity.",
                "criteria": {"narrative": "Every unit, the post-test and the evaluation."},
            },
        },
    }
    yield proof_add(
        credential,
        key=key.private_key,
        verification_method=key.verification_method,
        created="2026-12-01T15:00:00Z",
    )
    keys.signing_keys.cache_clear()


def test_independent_verifier_accepts_our_credential(badge):
    result = independent_verify(badge, {keys.site_did(): keys.did_document()})
    assert result == {"verified": True, "errors": [], "status": None}


def test_independent_verifier_refuses_it_after_one_character_changes(badge):
    badge["credentialSubject"]["achievement"]["name"] = "Roots of Health Inequitz"
    result = independent_verify(badge, {keys.site_did(): keys.did_document()})
    assert not result["verified"]
    assert "Invalid signature." in result["errors"]


def test_independent_verifier_refuses_a_key_missing_from_our_did_document(badge, settings):
    document = keys.did_document()
    document["verificationMethod"] = []
    document["assertionMethod"] = []
    result = independent_verify(badge, {keys.site_did(): document})
    assert not result["verified"]
