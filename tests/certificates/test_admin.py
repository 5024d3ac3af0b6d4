import pytest
from django.urls import reverse

from courses.certificates import services
from courses.certificates.models import Certificate, CertificateTemplate

from .factories import (
    CertificateFactory,
    CreditOfferingFactory,
    PostTestQuestionFactory,
    ProviderFactory,
    seeded_profile,
)

pytestmark = pytest.mark.django_db

MODELS = [
    "creditrules",
    "creditoffering",
    "posttestquestion",
    "posttestchoice",
    "posttestattempt",
    "evaluationitem",
    "evaluationresponse",
    "evaluationanswer",
    "attestation",
    "certificatetemplate",
    "certificate",
    "certificaterevision",
    "transcript",
    "accreditorprofile",
    "provider",
]


@pytest.mark.parametrize("model", MODELS)
def test_admin_changelist_and_search_open_for_superuser(admin_client, model):
    CreditOfferingFactory()
    PostTestQuestionFactory()
    CertificateFactory()
    url = reverse(f"admin:certificates_{model}_changelist")
    assert admin_client.get(url).status_code == 200
    assert admin_client.get(url, {"q": "roots"}).status_code == 200


def test_admin_editing_template_saves_next_version_and_keeps_the_old(admin_client):
    v1 = services.certificate_template_current()
    url = reverse("admin:certificates_certificatetemplate_change", args=[v1.pk])
    response = admin_client.post(
        url,
        {
            "kind": v1.kind,
            "note": "Larger name",
            "css": v1.css + "\n.learner-name { font-size: 32pt; }",
            "background_html": v1.background_html,
            "learner_html": v1.learner_html,
        },
    )
    assert response.status_code == 302
    v1.refresh_from_db()
    assert "32pt" not in v1.css
    v2 = CertificateTemplate.objects.current("certificate")
    assert (v2.version, v2.note) == (2, "Larger name")
    assert "32pt" in v2.css


def test_admin_retry_action_requeues_failed(admin_client, monkeypatch):
    from courses.certificates import tasks

    monkeypatch.setattr(tasks.certificate_render_task, "apply_async", lambda **kw: None)
    failed = CertificateFactory(status=Certificate.Status.FAILED)
    response = admin_client.post(
        reverse("admin:certificates_certificate_changelist"),
        {"action": "retry_failed", "_selected_action": [failed.pk]},
        follow=True,
    )
    assert "1 certificate queued again." in response.content.decode()
    failed.refresh_from_db()
    assert failed.status == Certificate.Status.PENDING


def test_admin_edits_what_a_profile_requires_with_checkboxes(admin_client):
    profile = seeded_profile("completion")
    url = reverse("admin:certificates_accreditorprofile_change", args=[profile.pk])
    page = admin_client.get(url).content.decode()
    assert 'type="checkbox" name="certificate_elements" value="provider_address"' in page
    data = {
        "name": profile.name,
        "accreditor": profile.accreditor,
        "credit_type": profile.credit_type,
        "credit_unit": "hours",
        "certificate_elements": ["learner_name", "provider_address", "credential_number"],
        "learner_fields": [],
        "credential_label": "",
        "daily_cap_hours": "",
        "live_allowed": "on",
        "statement": "",
        "report_kind": "roster",
    }
    refused = admin_client.post(url, data)
    assert refused.status_code == 200  # prints a credential number it never asks for
    assert "must ask the learner for it" in refused.content.decode()
    data["certificate_elements"] = ["learner_name", "provider_address"]
    assert admin_client.post(url, data).status_code == 302
    profile.refresh_from_db()
    assert profile.certificate_elements == ["learner_name", "provider_address"]


def test_admin_provider_refuses_a_signature_that_is_not_an_image(admin_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    provider = ProviderFactory()
    url = reverse("admin:certificates_provider_change", args=[provider.pk])
    response = admin_client.post(
        url,
        {
            "name": provider.name,
            "address": provider.address,
            "signatory_name": "",
            "signatory_title": "",
            "signature": SimpleUploadedFile("sig.png", b"<script>alert(1)</script>"),
        },
    )
    assert response.status_code == 200
    assert "Upload a valid image." in response.content.decode()
    provider.refresh_from_db()
    assert not provider.signature
