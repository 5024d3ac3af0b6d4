"""Live sessions as CE: credit offered for a session under an offering whose accreditor allows
live activities, granted on the minutes recorded (a threshold share, partial credit where the
profile allows), one certificate per learner and session."""

import io
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pypdf
import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from courses.certificates.models import Certificate
from groups import services
from tests.certificates.factories import (
    CreditOfferingFactory,
    CreditRulesFactory,
    ProviderFactory,
    seeded_profile,
)

from .factories import MembershipFactory, SessionFactory

pytestmark = pytest.mark.django_db

START = datetime(2026, 12, 1, 18, 0, tzinfo=UTC)  # 12:00 in Chicago


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SITE_URL = "https://roots.example.org"


@pytest.fixture
def rules(group):
    return CreditRulesFactory(course=group.course, provider=ProviderFactory(signed=True))


@pytest.fixture
def ches(rules):
    return CreditOfferingFactory(rules=rules, credit_type="ches", hours=Decimal("5.0"))


@pytest.fixture
def cme(rules):
    return CreditOfferingFactory(
        rules=rules, credit_type="cme", hours=Decimal("5.0"), accreditation_statement=""
    )


@pytest.fixture
def session(group):
    return SessionFactory(
        group=group, title="Unit 2 brown-bag", starts_at=START, duration=timedelta(minutes=7)
    )


def _member(group, name, email, number="CHES-1"):
    return MembershipFactory(
        group=group, user__full_name=name, user__email=email, user__credential_number=number
    ).user


def _record(session, by, **seconds):
    entries = {
        user.pk: services.AttendanceEntry(attended=bool(s), seconds_present=s or None)
        for user, s in seconds.values()
    }
    services.attendance_record(session=session, entries=entries, recorded_by=by)


def test_four_minutes_fifty_of_seven_at_sixty_percent_earns_the_credit(
    session, ches, facilitator, group, django_capture_on_commit_callbacks
):
    ana = _member(group, "Ana Ruiz", "ana@example.org")
    ben = _member(group, "Ben Okafor", "ben@example.org")
    services.session_credit_set(session=session, offering=ches, hours=Decimal("0.1"), threshold=60)
    # 60% of 420 s is 252 s: 290 s passes, 250 s does not.
    _record(session, facilitator, a=(ana, 290), b=(ben, 250))
    with django_capture_on_commit_callbacks(execute=True):
        result = services.live_credit_grant(session=session)
    assert result.granted == ["Ana Ruiz"]
    assert result.below == ["Ben Okafor"]
    assert result.absent == ["Farah Facilitator"]
    certificate = Certificate.objects.get(learner=ana)
    assert certificate.source == f"session:{session.pk}"
    assert certificate.hours == Decimal("0.1")
    assert certificate.completed_on.isoformat() == "2026-12-01"
    assert certificate.course_title.endswith("Unit 2 brown-bag (live session)")
    assert certificate.status == Certificate.Status.ISSUED  # rendered by the eager task
    with default_storage.open(certificate.pdf.name, "rb") as handle:
        text = pypdf.PdfReader(io.BytesIO(handle.read())).pages[0].extract_text()
    assert "Unit 2 brown-bag (live session)" in text
    assert "Ana Ruiz" in text


def test_partial_credit_where_the_profile_allows_it_in_quarter_hours(
    session, cme, facilitator, group
):
    session.duration = timedelta(hours=2)
    session.save()
    ana = _member(group, "Ana Ruiz", "ana@example.org")
    ana.dob_month, ana.dob_day = 4, 17  # reported to the accreditor for MOC
    ana.save()
    services.session_credit_set(session=session, offering=cme, hours=Decimal("2.0"), threshold=90)
    _record(session, facilitator, a=(ana, 50 * 60))  # 50 of 120 minutes: 0.83 h -> 0.75 h
    result = services.live_credit_grant(session=session)
    assert result.partial == ["Ana Ruiz"]
    assert Certificate.objects.get(learner=ana).hours == Decimal("0.75")


def test_an_absence_with_a_reason_gets_no_certificate(session, ches, facilitator, group):
    ana = _member(group, "Ana Ruiz", "ana@example.org")
    services.session_credit_set(session=session, offering=ches, hours=Decimal("0.1"), threshold=60)
    services.attendance_record(
        session=session,
        entries={ana.pk: services.AttendanceEntry(attended=False, absence_reason="On call")},
        recorded_by=facilitator,
    )
    result = services.live_credit_grant(session=session)
    assert "Ana Ruiz" in result.absent
    assert not Certificate.objects.exists()


def test_granting_twice_gives_one_certificate_and_does_not_touch_course_credit(
    session, ches, facilitator, group
):
    ana = _member(group, "Ana Ruiz", "ana@example.org")
    services.session_credit_set(session=session, offering=ches, hours=Decimal("0.1"), threshold=60)
    _record(session, facilitator, a=(ana, 400))
    services.live_credit_grant(session=session)
    again = services.live_credit_grant(session=session)
    assert again.already == 1
    assert Certificate.objects.filter(learner=ana).count() == 1
    assert not Certificate.objects.for_courses().exists()


def test_a_member_without_the_credential_number_is_refused_alone(session, ches, facilitator, group):
    ana = _member(group, "Ana Ruiz", "ana@example.org")
    ben = _member(group, "Ben Okafor", "ben@example.org", number="")
    services.session_credit_set(session=session, offering=ches, hours=Decimal("0.1"), threshold=60)
    _record(session, facilitator, a=(ana, 400), b=(ben, 400))
    result = services.live_credit_grant(session=session)
    assert result.granted == ["Ana Ruiz"]
    ((name, reason),) = result.refused
    assert name == "Ben Okafor"
    assert "CHES" in reason


def test_credit_must_be_an_offering_of_the_course_that_allows_live_sessions(session, ches):
    profile = seeded_profile("ches")
    profile.live_allowed = False
    profile.save()
    with pytest.raises(Exception, match="offers for live sessions"):
        services.session_credit_set(
            session=session, offering=ches, hours=Decimal("0.1"), threshold=60
        )
    other = CreditOfferingFactory(credit_type="cne")
    with pytest.raises(Exception, match="offers for live sessions"):
        services.session_credit_set(
            session=session, offering=other, hours=Decimal("0.1"), threshold=60
        )


@pytest.mark.parametrize("hours", [Decimal(0), Decimal("0.5")])
def test_credit_hours_are_more_than_nothing_and_at_most_the_session(session, ches, hours):
    with pytest.raises(Exception, match="at most the session's length"):
        services.session_credit_set(session=session, offering=ches, hours=hours, threshold=60)


def test_facilitator_offers_imports_saves_and_grants_in_the_browser_flow(
    client, session, ches, facilitator, group
):
    ana = _member(group, "Ana Ruiz", "ana@example.org")
    client.force_login(facilitator)
    attendance_url = reverse("groups:session_attendance", args=[group.slug, session.pk])
    page = client.get(attendance_url).content.decode()
    assert "Live CE credit" in page
    response = client.post(
        reverse("groups:session_credit", args=[group.slug, session.pk]),
        {"offering": ches.pk, "hours": "0.1", "threshold": "60", "activity_number": "EV-LIVE-7"},
        follow=True,
    )
    assert "now offers CE credit" in response.content.decode()
    report = (
        "Email,Join Time,Leave Time\n"
        "ana@example.org,12/01/2026 12:00:00 PM,12/01/2026 12:03:00 PM\n"
        "ana@example.org,12/01/2026 12:02:10 PM,12/01/2026 12:04:50 PM\n"
    )
    filled = client.post(
        attendance_url, {"report": SimpleUploadedFile("p.csv", report.encode(), "text/csv")}
    )
    row = next(r for r in filled.context["sheet"] if r.membership.user_id == ana.pk)
    assert row.time_value == "4:50"  # two connections merged
    client.post(attendance_url, {f"time_{ana.pk}": row.time_value})
    granted = client.post(
        reverse("groups:session_credit_grant", args=[group.slug, session.pk]), follow=True
    )
    assert "Certificates are being prepared for 1 members" in granted.content.decode()
    assert Certificate.objects.get(learner=ana).activity_number == "EV-LIVE-7"


def test_granting_before_any_attendance_says_what_to_do(client, session, ches, facilitator, group):
    services.session_credit_set(session=session, offering=ches, hours=Decimal("0.1"), threshold=60)
    client.force_login(facilitator)
    response = client.post(
        reverse("groups:session_credit_grant", args=[group.slug, session.pk]), follow=True
    )
    assert "Record who came" in response.content.decode()


@pytest.mark.parametrize("who", ["member", "outsider"])
@pytest.mark.parametrize("name", ["groups:session_credit", "groups:session_credit_grant"])
def test_only_facilitators_offer_or_grant_live_credit(client, session, ches, request, who, name):
    client.force_login(request.getfixturevalue(who))
    response = client.post(
        reverse(name, args=[session.group.slug, session.pk]),
        {"offering": ches.pk, "hours": "0.1", "threshold": "60"},
    )
    assert response.status_code in (403, 404)
    session.refresh_from_db()
    assert session.credit_offering is None
    assert not Certificate.objects.exists()


@pytest.mark.parametrize("name", ["groups:session_credit", "groups:session_credit_grant"])
def test_live_credit_urls_send_anonymous_visitors_to_sign_in(client, session, name):
    response = client.post(reverse(name, args=[session.group.slug, session.pk]))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_wrong_credit_settings_are_shown_beside_their_fields_and_kept(
    client, session, ches, facilitator, group
):
    client.force_login(facilitator)
    url = reverse("groups:session_credit", args=[group.slug, session.pk])
    page = client.post(
        url, {"offering": ches.pk, "hours": "3", "threshold": "60", "activity_number": "EV-9"}
    )
    assert page.status_code == 200
    content = page.content.decode()
    assert 'id="hours-errors"' in content
    assert "at most the session" in content
    assert 'value="EV-9"' in content
    page = client.post(url, {"offering": ches.pk, "hours": "0.1", "threshold": "101"})
    assert 'id="threshold-errors"' in page.content.decode()
    session.refresh_from_db()
    assert session.credit_offering is None
