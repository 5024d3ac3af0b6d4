"""The site's DID document (did:web) and its signing keys from the environment, with rotation."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from courses.certificates.credentials import keys
from courses.certificates.credentials.multikey import public_key_from_multibase
from courses.certificates.credentials.proof import proof_add, proof_verify

CURRENT = "key-2026=z3u2fNRf5KqVmWePVb9Vk1vPAvQxhB5kDJNY54FVGzodLgcU"
RETIRED = "key-2025=z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq"


@pytest.fixture(autouse=True)
def _fresh_keys():
    keys.signing_keys.cache_clear()
    yield
    keys.signing_keys.cache_clear()


@pytest.mark.parametrize(
    ("site_url", "did"),
    [
        ("https://roots.example.org", "did:web:roots.example.org"),
        ("http://127.0.0.1:8000", "did:web:127.0.0.1%3A8000"),
        ("https://example.org/roots/", "did:web:example.org:roots"),
    ],
)
def test_site_did_follows_did_web(site_url, did):
    assert keys.site_did(site_url) == did


def test_did_document_lists_current_and_retired_keys_as_multikeys(client, settings):
    settings.SITE_URL = "https://roots.example.org"
    settings.CREDENTIAL_SIGNING_KEYS = f"{CURRENT},\n{RETIRED}"
    response = client.get(reverse("certificates:did"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    document = response.json()
    assert document["id"] == "did:web:roots.example.org"
    methods = {m["id"]: m for m in document["verificationMethod"]}
    assert list(methods) == [
        "did:web:roots.example.org#key-2026",
        "did:web:roots.example.org#key-2025",
    ]
    assert methods["did:web:roots.example.org#key-2025"] == {
        "id": "did:web:roots.example.org#key-2025",
        "type": "Multikey",
        "controller": "did:web:roots.example.org",
        "publicKeyMultibase": "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2",
    }
    assert document["assertionMethod"] == list(methods)
    assert "3u2" not in response.content.decode()  # no secret key ever leaves the server
    for method in methods.values():
        public_key_from_multibase(method["publicKeyMultibase"])


def test_the_current_key_signs_and_a_retired_one_still_verifies(settings):
    settings.SITE_URL = "https://roots.example.org"
    settings.CREDENTIAL_SIGNING_KEYS = RETIRED
    document = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential"],
        "issuer": "did:web:roots.example.org",
        "credentialSubject": {"id": "urn:uuid:2f7c1b2e-0000-4000-8000-000000000001"},
    }
    old = keys.current_key()
    signed = proof_add(
        document,
        key=old.private_key,
        verification_method=old.verification_method,
        created="2026-01-05T10:00:00Z",
    )
    keys.signing_keys.cache_clear()
    settings.CREDENTIAL_SIGNING_KEYS = f"{CURRENT},{RETIRED}"
    assert keys.current_key().key_id == "key-2026"
    assert proof_verify(signed, public_key_for=keys.public_key_for).verification_method == (
        "did:web:roots.example.org#key-2025"
    )
    keys.signing_keys.cache_clear()
    settings.CREDENTIAL_SIGNING_KEYS = CURRENT  # the old key dropped: its credentials fail
    with pytest.raises(Exception, match="does not publish"):
        proof_verify(signed, public_key_for=keys.public_key_for)


def test_keys_can_come_from_a_file(settings, tmp_path):
    path = tmp_path / "keys"
    path.write_text(CURRENT + "\n")
    settings.CREDENTIAL_SIGNING_KEYS = ""
    settings.CREDENTIAL_SIGNING_KEYS_FILE = str(path)
    assert keys.current_key().key_id == "key-2026"


@pytest.mark.parametrize(
    "configured",
    ["key-2026", "key 2026=z3u2fNRf", "key-2026=zNotAKey", f"{CURRENT},{CURRENT}"],
)
def test_badly_written_keys_are_refused_with_a_reason(settings, configured):
    settings.CREDENTIAL_SIGNING_KEYS = configured
    with pytest.raises(ImproperlyConfigured):
        keys.signing_keys()


def test_development_falls_back_to_a_key_derived_from_the_secret(settings):
    settings.CREDENTIAL_SIGNING_KEYS = ""
    settings.CREDENTIAL_SIGNING_KEYS_FILE = ""
    first = keys.current_key().public_multibase
    keys.signing_keys.cache_clear()
    settings.SECRET_KEY = "another development secret"
    assert keys.current_key().public_multibase != first
