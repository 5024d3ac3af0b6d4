"""A learner's journey from the claim page (giving the CHES number the accreditor asks for) to
the downloaded PDF, with a real Celery worker; the public verification form; staff pages."""

import io

import pypdf
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from courses.certificates.models import Certificate
from tests.certificates.conftest import celery_worker_process, make_ready, rules  # noqa: F401
from tests.certificates.test_views import issued
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_learner_claims_credit_sees_status_change_and_downloads_pdf(
    page,
    sign_in,
    rules,  # noqa: F811 - the fixture imported above
    celery_worker_process,  # noqa: F811 - the fixture imported above
    assert_accessible,
):
    learner = make_ready(UserFactory(verified=True, full_name="Amara Okafor"), rules)
    sign_in(page, learner)
    page.goto(f"/courses/{rules.course.slug}/credit/")
    expect(page.get_by_role("heading", name="Continuing-education credit")).to_be_visible()
    assert_accessible(page)
    page.get_by_label(
        "CHES (Certified Health Education Specialist): 6.0 Category I continuing education "
        "contact hours"
    ).check()
    # The NCHEC profile prints the CHES number: the page asks for it, and says so when missing.
    page.get_by_role("button", name="Claim credit").click()
    expect(page.get_by_text("Give your CHES/MCHES number before claiming")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Your CHES/MCHES number").fill("CH-5150")
    page.get_by_role("button", name="Claim credit").click()

    expect(page.get_by_role("status").first).to_contain_text("being prepared")
    # No reload: htmx polls the status until the worker has issued the certificate.
    download_link = page.get_by_role("link", name="Download the PDF")
    expect(download_link).to_be_visible(timeout=60_000)
    with page.expect_download() as download_info:
        download_link.click()
    pdf = download_info.value.path().read_bytes()
    text = pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    certificate = Certificate.objects.get(learner=learner)
    text = " ".join(text.split())
    assert "Amara Okafor" in text
    assert rules.course.title in text
    assert "6.0 Category I continuing education contact hours" in text
    assert "CHES/MCHES number CH-5150" in text
    assert "Completed " in text
    assert "Provided by Roots Learning Collaborative" in text
    assert certificate.code in text
    learner.refresh_from_db()
    assert learner.credential_number == "CH-5150"


def test_visitor_types_a_code_into_the_verification_form(media, page, assert_accessible):
    certificate = issued(learner_name="Noor Haddad")
    page.goto("/certificates/verify/")
    assert_accessible(page)
    page.get_by_label("Verification code").fill(certificate.code.replace("-", "").lower())
    page.get_by_role("button", name="Check this code").click()
    expect(page.get_by_text("This certificate is genuine and in force.")).to_be_visible()
    expect(page.get_by_text("Noor Haddad")).to_be_visible()
    page.get_by_role("link", name="Check another code").click()
    page.get_by_label("Verification code").fill("ABCD EFGH JKMN PQRS")
    page.get_by_role("button", name="Check this code").click()
    expect(page.get_by_role("heading", name="No certificate has this code")).to_be_visible()
    expect(page.get_by_label("Verification code")).to_have_value("ABCD EFGH JKMN PQRS")
    assert_accessible(page)


def test_staff_download_an_accreditor_roster(media, page, sign_in, assert_accessible, staff_user):
    certificate = issued(completed_on=timezone.localdate())
    sign_in(page, staff_user)
    page.goto("/staff/certificates/rosters/")
    page.get_by_label("Accreditor profile").select_option(label="NCHEC: CHES/MCHES")
    page.get_by_label("Completed from").fill("3000-01-01")
    page.get_by_label("Completed until").fill(certificate.completed_on.isoformat())
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_text("Enter a date from 1 January 1900 to 31 December 2999")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Completed from").fill(certificate.completed_on.isoformat())
    page.get_by_role("button", name="Show").click()
    link = page.get_by_role("link", name="Download the roster (CSV, 1 certificate)")
    expect(link).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as download_info:
        link.click()
    rows = download_info.value.path().read_text().splitlines()
    assert rows[0].startswith("Name,CHES/MCHES number,E-mail")
    assert rows[1].startswith(certificate.learner_name)


def test_verification_transcript_and_staff_export_are_accessible(
    media, page, sign_in, assert_accessible, staff_user
):
    certificate = issued()
    page.goto(f"/certificates/verify/{certificate.code}/")
    expect(page.get_by_text("This certificate is genuine and in force.")).to_be_visible()
    assert_accessible(page)
    sign_in(page, certificate.learner)
    page.goto("/learn/transcript/")
    expect(page.get_by_role("heading", name="Hours by credit type")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, staff_user)
    page.goto("/staff/certificates/export/")
    page.get_by_label("Issued from").fill(certificate.issued_on.isoformat())
    page.get_by_label("Issued until").fill(certificate.issued_on.isoformat())
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("link", name="Download CSV (1 certificate)")).to_be_visible()
    assert_accessible(page)


def test_post_test_evaluation_and_staff_certificate_pages_are_accessible(
    media,
    page,
    sign_in,
    assert_accessible,
    staff_user,
    rules,  # noqa: F811 - the fixture imported above
):
    learner = UserFactory(verified=True)
    sign_in(page, learner)
    page.goto(f"/courses/{rules.course.slug}/credit/post-test/")
    page.get_by_role("button", name="Start the post-test").click()
    expect(page.get_by_role("button", name="Submit my answers")).to_be_visible()
    assert_accessible(page)
    page.goto(f"/courses/{rules.course.slug}/credit/evaluation/")
    expect(page.get_by_role("button", name="Submit the evaluation")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()
    certificate = issued()
    sign_in(page, staff_user)
    page.goto("/staff/certificates/")
    page.get_by_role("link", name=certificate.code).click()
    expect(page.get_by_role("heading", name="History")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Revoke…").click()
    page.get_by_label("Reason for revoking").fill("Issued in error")
    page.get_by_role("button", name="Revoke the certificate").click()
    expect(page.get_by_role("status")).to_contain_text("is revoked")


def test_visitor_pastes_a_downloaded_credential_and_sees_the_verdict(
    media, page, sign_in, assert_accessible
):
    from courses.certificates import services
    from tests.certificates.factories import CertificateFactory

    certificate = services.certificate_render(
        certificate_id=CertificateFactory(learner_name="Noor Haddad").pk
    )
    sign_in(page, certificate.learner)
    page.goto(f"/learn/certificates/{certificate.pk}/")
    expect(page.get_by_role("img", name="QR code of the verification address")).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download as a verifiable credential").click()
    text = download_info.value.path().read_text()
    page.get_by_role("button", name="Sign out").click()
    page.goto(f"/certificates/verify/{certificate.code}/")
    expect(page.get_by_text("Signature valid")).to_be_visible()
    page.get_by_role("link", name="Check a credential file").click()
    page.get_by_label("Paste the credential (JSON)").fill(text.replace("Noor Haddad", "Noor Hadad"))
    page.get_by_role("button", name="Check the credential").click()
    expect(page.get_by_text("the credential was changed")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Paste the credential (JSON)").fill(text)
    page.get_by_role("button", name="Check the credential").click()
    expect(page.get_by_role("status")).to_contain_text("Signature valid")
    assert_accessible(page)
