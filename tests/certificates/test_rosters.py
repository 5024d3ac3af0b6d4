"""The roster files for accreditors: staff pick an accreditor profile and a range of completion
dates and download the CSV that accreditor expects. Each file is compared whole with its golden
file under golden/ (line endings aside: the csv module writes CRLF)."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse

from courses.certificates.models import Certificate
from tests.factories import UserFactory

from .factories import CertificateFactory, ProviderFactory, seeded_profile
from .test_views import login_redirect

pytestmark = pytest.mark.django_db

GOLDEN = Path(__file__).parent / "golden"
URL = "certificates:staff_roster"


def certificate(credit_type, *, completed_on, status="issued", **learner):
    person = UserFactory(**learner)
    return CertificateFactory(
        learner=person,
        learner_name=person.full_name,
        credit_type=credit_type,
        course_title="Roots of Health Inequity",
        hours=Decimal("6.0"),
        activity_number="EV-1",
        credential_number=person.credential_number,
        completed_on=completed_on,
        status=status,
        pdf=f"certificates/{person.email}.pdf",
    )


def world(credit_type):
    """Two certificates in February 2026, and every kind that must be left out."""
    ana = {"full_name": "Ana Lima", "credential_number": "CH-100", "dob_month": 3, "dob_day": 9}
    certificate(credit_type, completed_on=date(2026, 2, 1), email="ana@example.org", **ana)
    hostile = certificate(
        credit_type,
        completed_on=date(2026, 2, 28),
        email="b@example.org",
        full_name='=HYPERLINK("http://x")',
        credential_number="-5",
    )
    Certificate.objects.filter(pk=hostile.pk).update(hours=Decimal("1.25"))
    revoked = certificate(credit_type, completed_on=date(2026, 2, 10), full_name="Revoked Rita")
    Certificate.objects.filter(pk=revoked.pk).update(status=Certificate.Status.REVOKED)
    certificate(credit_type, completed_on=date(2026, 1, 31), full_name="Too Early")
    certificate(credit_type, completed_on=date(2026, 3, 1), full_name="Too Late")
    certificate(credit_type, completed_on=None, full_name="Before Profiles")
    CertificateFactory(
        credit_type=credit_type, completed_on=date(2026, 2, 5), learner_name="Still Pending"
    )
    other = "completion" if credit_type != "completion" else "ches"
    certificate(other, completed_on=date(2026, 2, 2), full_name="Other Credit")


def page(client, credit_type, **extra):
    query = {"profile": seeded_profile(credit_type).pk, "start": "2026-02-01", "end": "2026-02-28"}
    return client.get(reverse(URL), {**query, **extra})


def download(client, credit_type):
    return page(client, credit_type, format="csv")


@pytest.mark.parametrize(
    ("credit_type", "golden"),
    [
        ("ches", "nchec.csv"),
        ("cme", "accme_moc.csv"),
        ("cph", "cph.csv"),
        ("cne", "roster.csv"),
        ("completion", "roster.csv"),
    ],
)
def test_roster_file_is_what_the_accreditor_expects(client, staff_user, credit_type, golden):
    world(credit_type)
    client.force_login(staff_user)
    response = download(client, credit_type)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    profile = seeded_profile(credit_type)
    assert response["Content-Disposition"] == (
        f'attachment; filename="{credit_type}-{profile.report_kind}-2026-02-01-2026-02-28.csv"'
    )
    written = response.content.decode().replace("\r\n", "\n")
    assert written == (GOLDEN / golden).read_text(encoding="utf-8")


def test_roster_page_counts_the_certificates_before_the_download(client, staff_user):
    world("ches")
    client.force_login(staff_user)
    response = client.get(
        reverse(URL),
        {"profile": seeded_profile("ches").pk, "start": "2026-02-01", "end": "2026-02-28"},
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "Download the roster (CSV, 2 certificates)" in content
    assert "format=csv" in content


def test_roster_page_with_nothing_in_range_says_so(client, staff_user):
    client.force_login(staff_user)
    response = client.get(
        reverse(URL),
        {"profile": seeded_profile("cph").pk, "start": "2026-02-01", "end": "2026-02-28"},
    )
    assert (
        "No certificate of this profile was completed in that range." in response.content.decode()
    )


def test_roster_page_shows_the_form_with_labelled_fields(client, staff_user):
    client.force_login(staff_user)
    response = client.get(reverse(URL))
    content = response.content.decode()
    assert response.status_code == 200
    for field in ("profile", "start", "end"):
        assert f'for="id_{field}"' in content
    assert "NCHEC: CHES/MCHES" in content  # the seeded profiles to choose from


@pytest.mark.parametrize(
    ("params", "field", "error"),
    [
        ({"start": "2026-13-01", "end": "2026-02-28"}, "start", "Enter a valid date."),
        ({"start": "2026-03-01", "end": "2026-02-28"}, "end", "The end date is before the start"),
        ({"start": "0001-01-01", "end": "2026-02-28"}, "start", "1900"),
        ({"start": "2026-01-01", "end": "9999-12-31"}, "end", "2999"),
        ({"start": "2026-01-01", "end": "99999-12-31"}, "end", "Enter a valid date."),
        ({"start": "", "end": ""}, "start", "This field is required."),
        ({"profile": "junk", "start": "2026-01-01", "end": "2026-02-28"}, "profile", "valid"),
        ({"profile": "987654321", "start": "2026-01-01", "end": "2026-02-28"}, "profile", "valid"),
    ],
)
def test_roster_form_answers_bad_input_inline_never_a_500(client, staff_user, params, field, error):
    client.force_login(staff_user)
    query = {"profile": seeded_profile("ches").pk, "format": "csv", **params}
    response = client.get(reverse(URL), query)
    content = response.content.decode()
    assert response.status_code == 200  # the page with its errors, not a file
    assert response["Content-Type"].startswith("text/html")
    assert f'id="error_1_id_{field}"' in content  # the message on the field it is about
    assert error in content
    assert "is-invalid" in content


def test_roster_refuses_anonymous_visitors_and_learners(client, practitioner):
    query = {"profile": seeded_profile("ches").pk, "start": "2026-02-01", "end": "2026-02-28"}
    assert login_redirect(client.get(reverse(URL), query))
    assert login_redirect(client.get(reverse(URL), {**query, "format": "csv"}))
    client.force_login(practitioner)
    assert client.get(reverse(URL)).status_code == 404
    assert client.get(reverse(URL), {**query, "format": "csv"}).status_code == 404


def test_roster_downloads_count_against_the_export_limit(client, staff_user, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "export": "1/h/user"}
    client.force_login(staff_user)
    assert download(client, "ches").status_code == 200
    refused = download(client, "ches")
    assert refused.status_code == 429
    assert reverse(URL) in refused.content.decode()


# --- The provider's signature, shown to staff in the admin ------------------------------------


def test_signature_image_is_served_to_staff_only(client, practitioner, staff_user):
    provider = ProviderFactory(signed=True)
    url = reverse("certificates:staff_signature", args=[provider.pk])
    assert login_redirect(client.get(url))
    client.force_login(practitioner)
    assert client.get(url).status_code == 404
    client.force_login(staff_user)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")


def test_signature_of_a_provider_without_one_is_404(client, staff_user):
    client.force_login(staff_user)
    provider = ProviderFactory()
    assert (
        client.get(reverse("certificates:staff_signature", args=[provider.pk])).status_code == 404
    )
    assert client.get(reverse("certificates:staff_signature", args=[987654321])).status_code == 404
