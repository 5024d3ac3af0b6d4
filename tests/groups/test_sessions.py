"""Scheduling sessions, answering, recording attendance, and the iCalendar files."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from groups import services
from groups.models import RSVP, Attendance, Membership, Session

from .factories import MembershipFactory, RSVPFactory, SessionFactory

pytestmark = pytest.mark.django_db


def _messages(response):
    return " ".join(str(m) for m in response.context["messages"])


def _session_data(unit=None, **overrides):
    data = {
        "unit": unit.pk if unit else "",
        "title": "",
        "date": "2031-03-11",
        "start_time": "12:00",
        "time_zone": "America/Chicago",
        "duration_minutes": "60",
        "place": "Conference room B",
        "online_url": "",
        "agenda": "",
    }
    return data | overrides


def test_session_create_stores_utc_and_fills_title_and_agenda_from_the_unit(
    client, group, facilitator
):
    unit = group.course.units.get(number=1)
    client.force_login(facilitator)
    response = client.post(
        reverse("groups:session_create", args=[group.slug]), _session_data(unit), follow=True
    )
    session = Session.objects.get(group=group)
    # 11 March 2031 is after the switch to daylight time: Chicago is UTC-5.
    assert session.starts_at == datetime(2031, 3, 11, 17, 0, tzinfo=UTC)
    assert session.title == str(unit)
    assert session.agenda_items == unit.discussion_questions_list
    assert session.duration == timedelta(hours=1)
    assert response.redirect_chain[-1][0] == session.get_absolute_url()
    assert "is scheduled" in _messages(response)


def test_session_form_prefills_agenda_with_unit_questions(client, group, facilitator):
    unit = group.course.units.get(number=2)
    client.force_login(facilitator)
    response = client.get(reverse("groups:session_create", args=[group.slug]), {"unit": unit.pk})
    assert response.context["form"].initial["agenda"] == unit.discussion_questions
    assert "Where do you see this in your work?" in response.content.decode()
    assert 'id="unit-agendas"' in response.content.decode()


def test_session_create_keeps_a_written_agenda(client, group, facilitator):
    unit = group.course.units.get(number=1)
    client.force_login(facilitator)
    client.post(
        reverse("groups:session_create", args=[group.slug]),
        _session_data(unit, agenda="Welcome\nCase study", title="Kick-off lunch"),
    )
    session = Session.objects.get()
    assert session.title == "Kick-off lunch"
    assert session.agenda_items == ["Welcome", "Case study"]


def test_session_create_refuses_a_time_skipped_by_daylight_saving(client, group, facilitator):
    client.force_login(facilitator)
    response = client.post(
        reverse("groups:session_create", args=[group.slug]),
        _session_data(date="2031-03-09", start_time="02:30"),
    )
    assert response.status_code == 200
    assert "This time does not exist on that day" in response.content.decode()
    assert not Session.objects.exists()


def test_session_create_refuses_a_unit_of_another_course(group, facilitator):
    from tests.courses.factories import UnitFactory

    with pytest.raises(Exception, match="Choose a unit of this group"):
        services.session_create(
            group=group,
            created_by=facilitator,
            unit=UnitFactory(),
            starts_at=timezone.now(),
            time_zone="UTC",
            duration=timedelta(hours=1),
        )


def test_session_edit_keeps_local_time_and_raises_the_revision(client, group, facilitator):
    session = SessionFactory(group=group, starts_at=datetime(2031, 1, 14, 18, 0, tzinfo=UTC))
    client.force_login(facilitator)
    page = client.get(reverse("groups:session_edit", args=[group.slug, session.pk]))
    assert page.context["form"].initial["start_time"].strftime("%H:%M") == "12:00"
    client.post(
        reverse("groups:session_edit", args=[group.slug, session.pk]),
        _session_data(date="2031-01-14", start_time="13:00", title="Moved"),
    )
    session.refresh_from_db()
    assert session.starts_at == datetime(2031, 1, 14, 19, 0, tzinfo=UTC)
    assert session.sequence == 1
    assert session.title == "Moved"


def test_session_delete_after_confirmation(client, group, facilitator):
    session = SessionFactory(group=group)
    client.force_login(facilitator)
    url = reverse("groups:session_delete", args=[group.slug, session.pk])
    assert "Cancel the session" in client.get(url).content.decode()
    response = client.post(url, follow=True)
    assert "has been cancelled" in _messages(response)
    assert not Session.objects.exists()


def test_session_page_shows_time_in_viewer_zone_and_group_zone(client, group, member):
    session = SessionFactory(
        group=group,
        starts_at=datetime(2031, 1, 14, 18, 0, tzinfo=UTC),
        time_zone="America/Chicago",
    )
    member.time_zone = "America/New_York"
    member.save()
    client.force_login(member)
    content = client.get(session.get_absolute_url()).content.decode()
    assert "Tuesday 14 January 2031, 1:00 PM" in content
    assert "12:00 PM where the group meets (America/Chicago)" in content


def test_member_answers_and_changes_their_answer(client, group, member):
    session = SessionFactory(group=group)
    client.force_login(member)
    url = reverse("groups:session_rsvp", args=[group.slug, session.pk])
    response = client.post(url, {"response": "yes"}, follow=True)
    assert "your answer has been saved" in _messages(response)
    client.post(url, {"response": "no"})
    assert RSVP.objects.get(session=session, user=member).response == "no"
    assert RSVP.objects.count() == 1
    content = client.get(session.get_absolute_url()).content.decode()
    assert "Coming: 0 · maybe: 0 · not coming: 1" in content


def test_answers_are_closed_once_the_session_is_over(client, group, member):
    session = SessionFactory(group=group, past=True)
    client.force_login(member)
    response = client.post(
        reverse("groups:session_rsvp", args=[group.slug, session.pk]),
        {"response": "yes"},
        follow=True,
    )
    assert "This session is over" in _messages(response)
    assert not RSVP.objects.exists()


def test_attendance_form_ticks_those_who_said_yes_and_saves_everyone(
    client, group, facilitator, member
):
    session = SessionFactory(group=group, past=True)
    other = MembershipFactory(group=group).user
    RSVPFactory(session=session, user=member, response="yes")
    client.force_login(facilitator)
    url = reverse("groups:session_attendance", args=[group.slug, session.pk])
    page = client.get(url)
    rows = {row.membership.user_id: row.checked for row in page.context["sheet"]}
    assert rows == {facilitator.pk: False, member.pk: True, other.pk: False}

    response = client.post(url, {"attended": [member.pk, other.pk]}, follow=True)
    assert "Attendance has been saved" in _messages(response)
    recorded = dict(Attendance.objects.values_list("user_id", "attended"))
    assert recorded == {facilitator.pk: False, member.pk: True, other.pk: True}

    client.post(url, {"attended": [facilitator.pk]})
    recorded = dict(Attendance.objects.values_list("user_id", "attended"))
    assert recorded == {facilitator.pk: True, member.pk: False, other.pk: False}


def test_attendance_cannot_be_recorded_before_the_session(group, facilitator):
    session = SessionFactory(group=group)
    with pytest.raises(Exception, match="once the session has started"):
        services.attendance_record(session=session, entries={}, recorded_by=facilitator)


@pytest.mark.parametrize("extra_members", [5, 50])
def test_attendance_page_queries_do_not_grow_with_members(
    client, group, facilitator, extra_members, django_assert_max_num_queries
):
    session = SessionFactory(group=group, past=True)
    for membership in MembershipFactory.create_batch(extra_members, group=group):
        RSVPFactory(session=session, user=membership.user)
    client.force_login(facilitator)
    url = reverse("groups:session_attendance", args=[group.slug, session.pk])
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("sessions", [2, 20])
def test_session_list_queries_do_not_grow_with_sessions(
    client, group, member, sessions, django_assert_max_num_queries
):
    for n in range(sessions):
        SessionFactory(group=group, starts_at=timezone.now() + timedelta(days=n + 1))
        SessionFactory(group=group, starts_at=timezone.now() - timedelta(days=n + 1))
    client.force_login(member)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("groups:sessions", args=[group.slug])).status_code == 200


# iCalendar


def _events(response):
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    return calendar, list(calendar.walk("VEVENT"))


def test_session_ics_parses_back_with_utc_times_summary_and_place(client, group, member, settings):
    settings.SITE_URL = "https://roots.example.org"
    unit = group.course.units.get(number=1)
    session = SessionFactory(
        group=group,
        unit=unit,
        title="Unit 1 lunch",
        starts_at=datetime(2031, 1, 14, 18, 0, tzinfo=UTC),
        duration=timedelta(minutes=90),
        place="Conference room B",
        agenda="What stood out for you?\nWhere do you see this in your work?",
    )
    client.force_login(member)
    response = client.get(session.get_ics_url())
    assert "attachment" in response["Content-Disposition"]
    calendar, (event,) = _events(response)
    assert str(calendar["VERSION"]) == "2.0"
    assert calendar["PRODID"]
    assert event["UID"] == f"learning-group-session-{session.pk}@roots.example.org"
    assert event["DTSTAMP"].dt.tzinfo is not None
    assert event["DTSTART"].dt == datetime(2031, 1, 14, 18, 0, tzinfo=UTC)
    assert event["DTEND"].dt == datetime(2031, 1, 14, 19, 30, tzinfo=UTC)
    assert str(event["SUMMARY"]) == f"{group.name}: Unit 1 lunch"
    assert str(event["LOCATION"]) == "Conference room B"
    assert str(event["URL"]) == f"https://roots.example.org{session.get_absolute_url()}"
    description = str(event["DESCRIPTION"])
    assert "- What stood out for you?" in description
    assert session.get_absolute_url() in description
    assert b"DTSTART:20310114T180000Z" in response.content


def test_group_calendar_lists_every_recent_session_and_updates_in_place(client, group, member):
    first = SessionFactory(group=group, title="First")
    SessionFactory(group=group, title="Second", starts_at=timezone.now() + timedelta(days=30))
    SessionFactory(group=group, title="Long ago", starts_at=timezone.now() - timedelta(days=400))
    services.session_update(session=first, data={"title": "First, moved"})
    client.force_login(member)
    _calendar, events = _events(client.get(reverse("groups:group_ics", args=[group.slug])))
    summaries = {str(e["SUMMARY"]).split(": ", 1)[1]: e for e in events}
    assert set(summaries) == {"First, moved", "Second"}
    assert summaries["First, moved"]["SEQUENCE"] == 1


def test_private_feed_serves_the_members_group_calendar(client, group, member):
    SessionFactory(group=group, title="Feed session", online_url="https://meet.example.org/x")
    feed = Membership.objects.get(group=group, user=member).get_calendar_feed_url()
    _calendar, (event,) = _events(client.get(feed))
    assert str(event["SUMMARY"]).endswith("Feed session")
    assert str(event["URL"]) == "https://meet.example.org/x"


@pytest.mark.parametrize(
    ("day", "clock", "zone"),
    [
        ("9999-12-31", "23:00", "America/Chicago"),  # already year 10000 in UTC
        ("0001-01-01", "00:00", "Asia/Tokyo"),  # still year 0 in UTC
        ("3000-01-01", "12:00", "UTC"),
    ],
)
def test_session_create_refuses_a_date_outside_the_calendar_with_an_inline_error(
    client, group, facilitator, day, clock, zone
):
    # Both were server errors (OverflowError) when the form turned them into UTC.
    client.force_login(facilitator)
    response = client.post(
        reverse("groups:session_create", args=[group.slug]),
        _session_data(date=day, start_time=clock, time_zone=zone),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["date"] == [
        "Enter a date from 1 January 1900 to 31 December 2999."
    ]
    assert 'id="id_date_error"' in response.text
    assert not Session.objects.exists()


def test_session_at_the_calendars_edge_shows_and_exports_in_the_farthest_zones(
    client, group, facilitator
):
    # The last minute accepted, in the zone furthest behind UTC, seen from the one furthest
    # ahead (a day later): the pages, the form and the calendar file all show it.
    member = MembershipFactory(group=group).user
    member.time_zone = "Pacific/Kiritimati"
    member.save()
    client.force_login(facilitator)
    client.post(
        reverse("groups:session_create", args=[group.slug]),
        _session_data(date="2999-12-31", start_time="23:59", time_zone="Pacific/Pago_Pago"),
    )
    session = Session.objects.get()
    assert session.starts_at == datetime(3000, 1, 1, 10, 59, tzinfo=UTC)
    client.force_login(member)
    for name in ("groups:session_detail", "groups:session_ics"):
        assert client.get(reverse(name, args=[group.slug, session.pk])).status_code == 200
    assert client.get(reverse("groups:sessions", args=[group.slug])).status_code == 200
    client.force_login(facilitator)
    edit = client.get(reverse("groups:session_edit", args=[group.slug, session.pk]))
    assert 'value="2999-12-31"' in edit.text


def test_session_ics_leaves_out_control_and_bidi_override_characters(client, group, member):
    # Stored before forms took them out (or written by code): a calendar program would show an
    # override reordering the summary, so the file never carries one.
    group.name = "Lakeside \u202egroup\u202c"
    group.save()
    session = SessionFactory(
        group=group,
        title="Unit\x07 1\u2066 lunch",
        place="Room\x1b B\u202d",
        agenda="First\u202e point\nSecond\x1b point",
    )
    client.force_login(member)
    response = client.get(session.get_ics_url())
    calendar, (event,) = _events(response)
    assert str(event["SUMMARY"]) == "Lakeside group: Unit 1 lunch"
    assert str(event["LOCATION"]) == "Room B"
    assert "- First point\n- Second point" in str(event["DESCRIPTION"])
    assert str(calendar["X-WR-CALNAME"]) == "Lakeside group"
    assert not any(char in response.content.decode() for char in "\u202e\u202c\u2066\x07\x1b")


def test_each_member_sees_their_own_answer_and_the_yes_count(client, group, member):
    """The overview and the session list show the viewer's answer, not another member's, and
    how many said yes; a session nobody answered asks the member."""
    other = MembershipFactory(group=group, user__full_name="Quinn Other").user
    answered = SessionFactory(group=group, title="Unit 1 brown-bag")
    SessionFactory(
        group=group, title="Unit 2 brown-bag", starts_at=answered.starts_at + timedelta(days=30)
    )
    RSVPFactory(session=answered, user=member, response=RSVP.Response.NO)
    RSVPFactory(session=answered, user=other, response=RSVP.Response.YES)
    client.force_login(member)
    overview = client.get(group.get_absolute_url()).content.decode()
    listing = client.get(reverse("groups:sessions", args=[group.slug])).content.decode()
    assert "Your answer: No, I can&#x27;t come" in overview
    assert "Your answer: Yes" not in overview
    assert "Will you come?" in overview  # the second session, not answered
    assert "1 person coming" in listing
    assert "your answer: No, I can&#x27;t come" in listing
    client.force_login(other)
    assert "Your answer: Yes" in client.get(group.get_absolute_url()).content.decode()
