"""Every issued certificate is also a signed Open Badges 3.0 credential: in the PDF as an
attached file, downloadable as JSON, accepted by a verifier we did not write, refused by it
after one character changes, and revoked through the status list."""

import hashlib
import io
import json

import pypdf
import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from courses.certificates import services
from courses.certificates.credentials import keys, status
from courses.certificates.credentials.issue import ATTACHMENT_NAME
from courses.certificates.models import CertificateRevision
from tests.factories import UserFactory

from . import factories
from .independent import independent_verify

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued(settings):
    settings.SITE_URL = "https://roots.example.org"
    keys.signing_keys.cache_clear()
    learner = UserFactory(verified=True, full_name="Ana Ruiz", email="Ana.Ruiz@example.org")
    certificate = factories.CertificateFactory(
        learner=learner, learner_name="Ana Ruiz", credential_number="CHES-27182"
    )
    return services.certificate_render(certificate_id=certificate.pk)


def _credential(certificate):
    return CertificateRevision.objects.get(certificate=certificate).credential


def _documents(client):
    return {
        keys.site_did(): keys.did_document(),
        status.list_url(): client.get(reverse("certificates:status_list")).json(),
    }


def test_issued_certificate_carries_an_open_badge_with_its_fields(issued):
    credential = _credential(issued)
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["issuer"]["id"] == "did:web:roots.example.org"
    subject = credential["credentialSubject"]
    achievement = subject["achievement"]
    assert achievement["name"] == issued.course_title
    assert achievement["creditsAvailable"] == 6.0
    assert {i["identifier"] for i in achievement["otherIdentifier"]} == {"PR-98765", "EV-123456"}
    assert subject["licenseNumber"] == "CHES-27182"
    name, email = subject["identifier"]
    assert name["identityHash"] == "Ana Ruiz"
    digest = hashlib.sha256(("ana.ruiz@example.org" + email["salt"]).encode()).hexdigest()
    assert email["identityHash"] == f"sha256${digest}"
    assert "example.org" not in json.dumps(email)  # the address is never in clear
    assert credential["id"].endswith(f"/certificates/verify/{issued.code}/")
    assert credential["proof"]["cryptosuite"] == "eddsa-rdfc-2022"


def test_independent_verifier_accepts_it_refuses_a_change_and_sees_a_revocation(client, issued):
    credential = _credential(issued)
    fresh = independent_verify(credential, _documents(client))
    assert fresh["verified"]
    # The verifier reads our status list: the credential's revocation bit is clear.
    assert [r["status"] for r in fresh["status"]["results"]] == [False]

    changed = json.loads(json.dumps(credential))
    changed["credentialSubject"]["achievement"]["creditsAvailable"] = 7.0
    result = independent_verify(changed, _documents(client))
    assert not result["verified"]

    services.certificate_revoke(certificate=issued, by=None, reason="Attestation was false.")
    result = independent_verify(credential, _documents(client))
    assert [r["status"] for r in result["status"]["results"]] == [True]  # now revoked


def test_the_pdf_carries_the_credential_as_an_attached_file(issued):
    with default_storage.open(issued.pdf.name, "rb") as handle:
        reader = pypdf.PdfReader(io.BytesIO(handle.read()))
    (attached,) = reader.attachments[ATTACHMENT_NAME]
    assert json.loads(attached) == _credential(issued)


def test_learner_downloads_the_credential_as_json_and_others_cannot(client, issued):
    url = reverse("certificates:credential", args=[issued.pk])
    client.force_login(issued.learner)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vc+ld+json"
    assert "attachment" in response["Content-Disposition"]
    assert json.loads(response.content) == _credential(issued)
    client.force_login(UserFactory(verified=True))
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302
