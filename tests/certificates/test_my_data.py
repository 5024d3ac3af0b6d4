"""A learner takes all their data away in one ZIP: profile, progress, reflections, transcript,
and each certificate's PDF with its signed credential."""

import io
import json
import zipfile

import pytest
from django.urls import reverse

from courses.certificates import services
from courses.certificates.credentials import keys
from courses.certificates.credentials.proof import proof_verify
from tests.factories import UserFactory

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def learner(settings):
    settings.SITE_URL = "https://roots.example.org"
    keys.signing_keys.cache_clear()
    return UserFactory(verified=True, full_name="Ana Ruiz", credential_number="CHES-27182")


def _archive(client, user):
    client.force_login(user)
    response = client.post(reverse("certificates:my_data"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(response.content))


def test_archive_holds_profile_progress_transcript_and_certificates(client, learner):
    certificate = services.certificate_render(
        certificate_id=factories.CertificateFactory(learner=learner, learner_name="Ana Ruiz").pk
    )
    archive = _archive(client, learner)
    names = set(archive.namelist())
    assert {
        "README.txt",
        "profile.json",
        "progress.json",
        "reflections.md",
        "transcript.csv",
        f"certificates/{certificate.code}.pdf",
        f"certificates/{certificate.code}.json",
    } == names
    profile = json.loads(archive.read("profile.json"))
    assert profile["full_name"] == "Ana Ruiz"
    assert profile["credential_number"] == "CHES-27182"
    assert certificate.code in archive.read("transcript.csv").decode()
    assert archive.read(f"certificates/{certificate.code}.pdf").startswith(b"%PDF")
    credential = json.loads(archive.read(f"certificates/{certificate.code}.json"))
    proof_verify(credential, public_key_for=keys.public_key_for)


def test_archive_of_a_new_learner_is_complete_and_empty(client, learner):
    archive = _archive(client, learner)
    progress = json.loads(archive.read("progress.json"))
    assert progress == {
        "enrolments": [],
        "lessons_completed": [],
        "time_on_lessons": [],
        "knowledge_checks": [],
        "post_tests": [],
    }
    assert "No reflections yet." in archive.read("reflections.md").decode()


def test_archive_holds_only_the_learners_own_certificates(client, learner):
    other = services.certificate_render(certificate_id=factories.CertificateFactory().pk)
    archive = _archive(client, learner)
    assert not any(other.code in name for name in archive.namelist())


def test_my_data_needs_sign_in_and_a_post(client, learner):
    url = reverse("certificates:my_data")
    assert client.post(url).status_code == 302
    client.force_login(learner)
    assert client.get(url).status_code == 405


@pytest.mark.parametrize("count", [1, 4])
def test_archive_queries_do_not_grow_with_certificates(
    client, learner, count, django_assert_max_num_queries
):
    for _ in range(count):
        services.certificate_render(certificate_id=factories.CertificateFactory(learner=learner).pk)
    client.force_login(learner)
    with django_assert_max_num_queries(20):
        response = client.post(reverse("certificates:my_data"))
    assert len(zipfile.ZipFile(io.BytesIO(response.content)).namelist()) == 5 + 2 * count
