"""The Bitstring Status List: a bit per certificate revision, set once it is revoked or
replaced, in a list signed by the site and read back by the independent verifier."""

import pytest
from django.urls import reverse
from django.utils import timezone

from courses.certificates.credentials import keys, status
from courses.certificates.credentials.proof import proof_verify
from courses.certificates.models import CertificateRevision
from courses.certificates.services import certificate_render

from . import factories
from .independent import independent_verify

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued():
    return certificate_render(certificate_id=factories.CertificateFactory().pk)


@pytest.mark.parametrize("indexes", [[], [0], [7, 8, 131_071], [200_001]])
def test_bits_round_trip_at_the_minimum_size_or_more(indexes):
    bits = status.decode_bits(status.encode_bits(indexes))
    assert len(bits) * 8 >= status.MIN_BITS
    assert [i for i in range(len(bits) * 8) if status.bit_is_set(bits, i)] == indexes


def test_bit_zero_is_the_first_bytes_most_significant_bit():
    assert status.decode_bits(status.encode_bits([0]))[0] == 0x80


def test_status_list_is_signed_and_marks_revoked_revisions(client, settings, issued):
    settings.SITE_URL = "https://roots.example.org"
    keys.signing_keys.cache_clear()
    revision = CertificateRevision.objects.get(certificate=issued)
    response = client.get(reverse("certificates:status_list"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vc+ld+json"
    listed = response.json()
    proof_verify(listed, public_key_for=keys.public_key_for)
    bits = status.decode_bits(listed["credentialSubject"]["encodedList"])
    assert not status.bit_is_set(bits, revision.pk)

    CertificateRevision.objects.filter(pk=revision.pk).update(
        revoked_at=timezone.now(), revoked_reason="Attestation was false."
    )
    listed = client.get(reverse("certificates:status_list")).json()
    assert status.bit_is_set(
        status.decode_bits(listed["credentialSubject"]["encodedList"]), revision.pk
    )
    result = independent_verify(listed, {keys.site_did(): keys.did_document()})
    assert result["verified"], result
