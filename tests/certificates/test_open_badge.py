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


def test_verification_page_checks_the_credential_server_side(client, issued):
    page = client.get(reverse("certificates:verify", args=[issued.code])).content.decode()
    assert "Signature valid" in page
    services.certificate_revoke(certificate=issued, by=None, reason="Attestation was false.")
    page = client.get(reverse("certificates:verify", args=[issued.code])).content.decode()
    assert "revoked or replaced this credential" in page
    public = client.get(reverse("certificates:verify_credential", args=[issued.code]))
    assert public["Content-Type"] == "application/vc+ld+json"
    assert json.loads(public.content) == _credential(issued)


def test_anyone_pastes_or_uploads_a_credential_and_sees_the_verdict(client, issued):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("certificates:credential_check")
    credential = _credential(issued)
    pasted = client.post(url, {"text": json.dumps(credential)}).content.decode()
    assert "Signature valid" in pasted
    changed = json.loads(json.dumps(credential))
    changed["credentialSubject"]["creditsEarned"] = 60.0
    upload = SimpleUploadedFile("c.json", json.dumps(changed).encode(), "application/json")
    refused = client.post(url, {"upload": upload}).content.decode()
    assert "Not valid" in refused
    assert "the credential was changed" in refused


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Paste a credential or choose its file."),
        ("{not json", "This is not valid JSON (line 1)"),
        ('{"@context": [], "issuer": "did:web:elsewhere.example"}', "not issued by this site"),
        ("[1, 2]", "not a verifiable credential"),
    ],
)
def test_credential_check_explains_what_is_wrong(client, text, message):
    response = client.post(reverse("certificates:credential_check"), {"text": text})
    assert response.status_code == 200
    assert message in response.content.decode()


def test_an_expired_credential_is_called_expired(settings):
    from datetime import UTC, datetime, timedelta

    from django.utils import timezone

    from courses.certificates.credentials.check import credential_check

    settings.SITE_URL = "https://roots.example.org"
    certificate = factories.CertificateFactory(expires_on=timezone.localdate() + timedelta(days=30))
    credential = _credential(services.certificate_render(certificate_id=certificate.pk))
    assert credential["validUntil"].endswith("T23:59:59Z")
    assert credential_check(credential).ok
    verdict = credential_check(credential, now=datetime(2200, 1, 1, tzinfo=UTC))
    assert verdict.state == "expired"
    assert "expired" in verdict.reason


def test_certificate_page_shows_the_qr_code_and_an_add_to_linkedin_link(client, issued):
    from urllib.parse import parse_qs, urlsplit

    client.force_login(issued.learner)
    response = client.get(reverse("certificates:detail", args=[issued.pk]))
    page = response.content.decode()
    assert 'src="data:image/' in page
    assert "QR code of the verification address" in page
    link = response.context["linkedin_url"]
    parts = urlsplit(link)
    assert parts.netloc == "www.linkedin.com"
    query = parse_qs(parts.query)
    assert query["certId"] == [issued.code]
    assert query["certUrl"] == [f"https://roots.example.org/certificates/verify/{issued.code}/"]
    assert query["issueYear"] == [str(issued.issued_on.year)]
    assert issued.course_title in query["name"][0]
