"""Attendance in minutes: entered by the facilitator or read from a meeting tool's participant
report (rejoins merged, clipped to the session), with reasons for absences."""

import zoneinfo
from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from groups import services
from groups.attendance_report import participant_report_read, seconds_present
from groups.models import Attendance

from .factories import MembershipFactory, SessionFactory

pytestmark = pytest.mark.django_db

CHICAGO = zoneinfo.ZoneInfo("America/Chicago")
# 12:00-12:07 in Chicago on 1 December 2026 (CST, UTC-6).
START = datetime(2026, 12, 1, 18, 0, tzinfo=UTC)

ZOOM = """Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants
812 3344 5566,Unit 2 brown-bag,12/01/2026 11:58:00 AM,12/01/2026 12:09:00 PM,host@example.org,11,3

Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest
Ana Ruiz,ana@example.org,12/01/2026 12:00:00 PM,12/01/2026 12:04:50 PM,5,No
Ben Okafor,BEN@example.org,12/01/2026 11:58:00 AM,12/01/2026 12:03:00 PM,5,No
Ben Okafor,ben@example.org,12/01/2026 12:02:00 PM,12/01/2026 12:04:00 PM,2,No
Ben Okafor,ben@example.org,12/01/2026 12:05:00 PM,12/01/2026 12:20:00 PM,15,No
Guest caller,,12/01/2026 12:01:00 PM,12/01/2026 12:06:00 PM,5,Yes
Stranger,stranger@example.org,12/01/2026 12:00:00 PM,12/01/2026 12:07:00 PM,7,Yes
"""


def _seconds(report, email, duration=timedelta(minutes=7)):
    return seconds_present(report.participants[email].intervals, starts_at=START, duration=duration)


def test_report_reads_zoom_after_its_meeting_summary_in_the_sessions_zone():
    report = participant_report_read(ZOOM.encode(), zone=CHICAGO)
    assert set(report.participants) == {
        "ana@example.org",
        "ben@example.org",
        "stranger@example.org",
    }
    assert report.participants["ana@example.org"].intervals == [
        (
            datetime(2026, 12, 1, 12, 0, tzinfo=CHICAGO),
            datetime(2026, 12, 1, 12, 4, 50, tzinfo=CHICAGO),
        )
    ]
    # The guest without an e-mail address cannot be matched to anyone.
    assert report.skipped == [9]


def test_four_minutes_fifty_of_a_seven_minute_session_is_290_seconds():
    report = participant_report_read(ZOOM.encode(), zone=CHICAGO)
    assert _seconds(report, "ana@example.org") == 290


def test_rejoins_are_merged_and_clipped_to_the_session():
    report = participant_report_read(ZOOM.encode(), zone=CHICAGO)
    # 11:58-12:03 and 12:02-12:04 overlap: 12:00-12:04 inside the session; 12:05-12:20 gives
    # 12:05-12:07. Six minutes, not the 22 the tool adds up.
    assert _seconds(report, "ben@example.org") == 6 * 60


def test_report_reads_teams_utf16_tab_separated_and_prefers_each_connection_to_the_summary():
    teams = (
        "1. Summary\n"
        "Meeting title\tUnit 2 brown-bag\n\n"
        "2. Participants\n"
        "Name\tFirst Join\tLast Leave\tIn-Meeting Duration\tEmail\tRole\n"
        "Ana Ruiz\t12/1/26, 12:00:00 PM\t12/1/26, 12:07:00 PM\t5m\tana@example.org\tAttendee\n\n"
        "3. In-Meeting Activities\n"
        "Name\tJoin Time\tLeave Time\tDuration\tEmail\tRole\n"
        "Ana Ruiz\t12/1/26, 12:00:00 PM\t12/1/26, 12:02:00 PM\t2m\tana@example.org\tAttendee\n"
        "Ana Ruiz\t12/1/26, 12:04:00 PM\t12/1/26, 12:07:00 PM\t3m\tana@example.org\tAttendee\n"
    )
    report = participant_report_read(teams.encode("utf-16"), zone=CHICAGO)
    assert _seconds(report, "ana@example.org") == 5 * 60


def test_report_with_offsets_ignores_the_sessions_zone():
    iso = "Email,Join Time,Leave Time\nana@example.org,2026-12-01T18:01:00Z,2026-12-01T18:03:00Z\n"
    report = participant_report_read(iso.encode(), zone=CHICAGO)
    assert _seconds(report, "ana@example.org") == 120


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a participant report"),
        (b"", "not a participant report"),
        (b"Name,Minutes\nAna,5\n", "No participant list found"),
        (b"a" * (2 * 1024 * 1024 + 1), "larger than 2 MB"),
    ],
)
def test_report_refuses_what_it_cannot_read_with_a_reason(data, message):
    with pytest.raises(ValidationError, match=message):
        participant_report_read(data, zone=CHICAGO)


def test_unreadable_times_and_leave_before_join_are_skipped_not_guessed():
    data = (
        "Email,Join Time,Leave Time\n"
        "ana@example.org,yesterday,12/01/2026 12:04:00 PM\n"
        "ben@example.org,12/01/2026 12:04:00 PM,12/01/2026 12:01:00 PM\n"
        "cy@example.org,12/01/2026 12:00:00 PM,12/01/2026 12:01:00 PM\n"
    )
    report = participant_report_read(data.encode(), zone=CHICAGO)
    assert report.skipped == [2, 3]
    assert list(report.participants) == ["cy@example.org"]


# The attendance sheet


@pytest.fixture
def session(group):
    return SessionFactory(group=group, starts_at=START, duration=timedelta(minutes=7))


@pytest.fixture
def ana(group):
    return MembershipFactory(
        group=group, user__email="ana@example.org", user__full_name="Ana Ruiz"
    ).user


@pytest.fixture
def ben(group):
    return MembershipFactory(
        group=group, user__email="ben@example.org", user__full_name="Ben Okafor"
    ).user


def _url(session):
    return reverse("groups:session_attendance", args=[session.group.slug, session.pk])


def _messages(response):
    return " ".join(str(m) for m in response.context["messages"])


def test_reading_a_report_fills_the_sheet_and_saves_nothing(client, facilitator, session, ana, ben):
    client.force_login(facilitator)
    upload = SimpleUploadedFile("participants.csv", ZOOM.encode(), content_type="text/csv")
    page = client.post(_url(session), {"report": upload})
    assert page.status_code == 200
    rows = {row.membership.user_id: (row.checked, row.time_value) for row in page.context["sheet"]}
    assert rows[ana.pk] == (True, "4:50")
    assert rows[ben.pk] == (True, "6")
    assert rows[facilitator.pk] == (False, "")
    text = _messages(page)
    assert "Read 6 rows: 2 members found" in text
    assert "Not members of the group (left out): Stranger" in text
    assert "lines 9" in text
    assert 'value="4:50"' in page.content.decode()
    assert not Attendance.objects.exists()


def test_saving_the_sheet_records_time_present_and_reasons(client, facilitator, session, ana, ben):
    client.force_login(facilitator)
    response = client.post(
        _url(session),
        {
            f"time_{ana.pk}": "4:50",
            "attended": [ben.pk],
            f"reason_{facilitator.pk}": "Covering the clinic",
        },
        follow=True,
    )
    assert "Attendance has been saved" in _messages(response)
    recorded = {
        a.user_id: (a.attended, a.seconds_present, a.absence_reason)
        for a in Attendance.objects.all()
    }
    assert recorded == {
        ana.pk: (True, 290, ""),
        ben.pk: (True, None, ""),
        facilitator.pk: (False, None, "Covering the clinic"),
    }
    page = client.get(_url(session))
    values = {
        row.membership.user_id: (row.time_value, row.reason_value) for row in page.context["sheet"]
    }
    assert values[ana.pk] == ("4:50", "")
    assert values[facilitator.pk] == ("", "Covering the clinic")


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        ("7:01", "The session lasted 7 minutes."),
        ("four", "Enter minutes"),
        ("3:75", "Enter minutes"),
        ("-2", "Enter minutes"),
        ("٣", "Enter minutes"),
    ],
)
def test_a_wrong_time_is_shown_beside_its_member_and_keeps_the_rest(
    client, facilitator, session, ana, ben, typed, error
):
    client.force_login(facilitator)
    page = client.post(
        _url(session),
        {f"time_{ana.pk}": typed, "attended": [ben.pk], f"reason_{facilitator.pk}": "Sick"},
    )
    assert page.status_code == 200
    rows = {row.membership.user_id: row for row in page.context["sheet"]}
    assert error in " ".join(rows[ana.pk].time_errors)
    assert rows[ana.pk].time_value == typed
    assert rows[ben.pk].checked
    assert rows[facilitator.pk].reason_value == "Sick"
    assert not Attendance.objects.exists()


def test_a_report_that_cannot_be_read_says_why_beside_the_upload(client, facilitator, session):
    client.force_login(facilitator)
    upload = SimpleUploadedFile("notes.csv", b"Name,Minutes\nAna,5\n", content_type="text/csv")
    page = client.post(_url(session), {"report": upload})
    assert page.status_code == 200
    assert "No participant list found" in page.content.decode()
    assert not Attendance.objects.exists()


def test_time_present_over_the_session_is_refused_by_the_service(session, facilitator, ana):
    with pytest.raises(ValidationError, match="more than the session's 7 minutes"):
        services.attendance_record(
            session=session,
            entries={ana.pk: services.AttendanceEntry(attended=True, seconds_present=421)},
            recorded_by=facilitator,
        )


@pytest.mark.parametrize("who", ["member", "outsider"])
def test_only_facilitators_read_reports(client, session, request, who):
    client.force_login(request.getfixturevalue(who))
    upload = SimpleUploadedFile("participants.csv", ZOOM.encode(), content_type="text/csv")
    assert client.post(_url(session), {"report": upload}).status_code in (403, 404)
    assert not Attendance.objects.exists()


def test_anonymous_is_sent_to_sign_in(client, session):
    response = client.post(_url(session), {"attended": []})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
