import pytest
from django.urls import reverse

from courses.certificates import services
from courses.certificates.models import Certificate, CertificateTemplate, PostTestQuestion

from .factories import (
    CertificateFactory,
    CreditOfferingFactory,
    CreditRulesFactory,
    PostTestQuestionFactory,
    ProviderFactory,
    UnitFactory,
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


def _question_post(rules, unit, text="Which frame puts conditions first?"):
    data = {
        "rules": rules.pk,
        "unit": unit.pk,
        "position": 1,
        "text": text,
        "active": "on",
        "choices-TOTAL_FORMS": "2",
        "choices-INITIAL_FORMS": "0",
    }
    for index, (answer, correct) in enumerate([("Upstream", True), ("Downstream", False)]):
        data[f"choices-{index}-position"] = index + 1
        data[f"choices-{index}-text"] = answer
        if correct:
            data[f"choices-{index}-is_correct"] = "on"
    return data


def test_admin_question_tagged_with_a_unit_of_another_course_is_refused_inline(admin_client):
    rules = CreditRulesFactory()
    own, other = UnitFactory(course=rules.course), UnitFactory()
    url = reverse("admin:certificates_posttestquestion_add")
    response = admin_client.post(url, _question_post(rules, other))
    assert response.status_code == 200
    assert "Choose a unit of this course." in response.content.decode()
    assert not PostTestQuestion.objects.exists()
    assert admin_client.post(url, _question_post(rules, own)).status_code == 302
    assert PostTestQuestion.objects.get().unit == own


def test_admin_question_list_shows_and_filters_by_unit(admin_client):
    rules = CreditRulesFactory()
    unit = UnitFactory(course=rules.course, title="Perspectives on framing")
    PostTestQuestionFactory(rules=rules, unit=unit, text="Tagged question?")
    PostTestQuestionFactory(rules=rules, text="Untagged question?")
    url = reverse("admin:certificates_posttestquestion_changelist")
    assert "Perspectives on framing" in admin_client.get(url).content.decode()
    filtered = admin_client.get(url, {"unit__id__exact": unit.pk}).content.decode()
    assert "Tagged question?" in filtered
    assert "Untagged question?" not in filtered


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
