import datetime
import zoneinfo

import icalendar
import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from coalition.forms import EventForm
from coalition.models import Event

from .factories import EventFactory

pytestmark = pytest.mark.django_db
CHICAGO = zoneinfo.ZoneInfo("America/Chicago")


def test_event_list_splits_upcoming_from_past_and_pages_the_past(client):
    EventFactory(title="Coming webinar")
    # Started an hour ago, still on: an event counts as upcoming until it ends.
    EventFactory(
        title="Running summit",
        starts_at=timezone.now() - datetime.timedelta(hours=1),
        ends_at=timezone.now() + datetime.timedelta(hours=5),
    )
    for n in range(12):
        EventFactory(
            past=True,
            title=f"Old meeting {n:02d}",
            starts_at=timezone.now() - datetime.timedelta(days=30 + n),
        )

    response = client.get(reverse("coalition:event_list"))

    assert [e.title for e in response.context["upcoming"]] == ["Running summit", "Coming webinar"]
    past = [e.title for e in response.context["page_obj"]]
    assert past[0] == "Old meeting 00"  # the most recent first
    assert len(past) == 10
    second = client.get(reverse("coalition:event_list") + "?page=2")
    assert [e.title for e in second.context["page_obj"]] == ["Old meeting 10", "Old meeting 11"]


def test_event_list_without_events_says_so(client):
    content = client.get(reverse("coalition:event_list")).content.decode()
    assert "No upcoming events are announced yet" in content


def test_event_detail_shows_the_time_where_the_event_happens(client):
    starts = datetime.datetime(2030, 10, 11, 9, 0, tzinfo=CHICAGO)
    event = EventFactory(
        title="Summit",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=8),
        venue="Convention Center",
        address="Minneapolis, MN",
        online_url="",
    )
    content = client.get(event.get_absolute_url()).content.decode()
    assert "9 a.m." in content
    assert "5 p.m.</time> CDT" in content
    assert "Convention Center" in content
    assert "where you are" in content  # an anonymous visitor sees UTC as well


def test_event_detail_for_a_viewer_in_the_same_zone_shows_one_time(client, practitioner):
    practitioner.time_zone = "America/Chicago"
    practitioner.save()
    client.force_login(practitioner)
    event = EventFactory(time_zone="America/Chicago")
    assert "where you are" not in client.get(event.get_absolute_url()).content.decode()


def test_event_detail_of_an_unknown_event_is_404(client):
    assert client.get(reverse("coalition:event_detail", args=["nothing"])).status_code == 404


def test_event_ics_parses_back_with_the_event_time_zone(client):
    starts = datetime.datetime(2030, 10, 11, 9, 0, tzinfo=CHICAGO)
    event = EventFactory(
        title="National Summit",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(days=1, hours=7),
        venue="Convention Center",
        address="Minneapolis, MN",
        registration_url="https://example.org/register",
    )

    response = client.get(reverse("coalition:event_ics", args=[event.slug]))

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert f'filename="{event.slug}.ics"' in response["Content-Disposition"]
    calendar = icalendar.Calendar.from_ical(response.content)
    (entry,) = calendar.events
    assert entry["SUMMARY"] == "National Summit"
    assert entry["UID"] == f"{event.uid}@127.0.0.1"  # the site's host name, as for sessions
    assert entry["DTSTART"].params["TZID"] == "America/Chicago"
    assert entry.start == starts
    assert entry.end == event.ends_at
    assert entry["LOCATION"] == "Convention Center, Minneapolis, MN"
    assert entry["URL"] == "https://example.org/register"
    assert entry["DTSTAMP"].dt.tzinfo is not None
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["America/Chicago"]


def test_event_ics_in_utc_is_written_with_a_z(client):
    event = EventFactory(time_zone="UTC")
    content = client.get(reverse("coalition:event_ics", args=[event.slug])).content.decode()
    assert f"DTSTART:{event.starts_at.astimezone(datetime.UTC):%Y%m%dT%H%M%S}Z" in content
    entry = icalendar.Calendar.from_ical(content).events[0]
    assert entry["URL"] == event.online_url  # no registration link: the online link


def _event_post(**overrides):
    data = {
        "title": "Webinar on screening",
        "slug": "",
        "kind": "webinar",
        "starts_at": "2030-03-05T13:00",
        "ends_at": "2030-03-05T14:30",
        "time_zone": "America/New_York",
        "venue": "",
        "address": "",
        "online_url": "https://example.org/live",
        "description": "An hour and a half.",
        "registration_url": "",
    }
    data.update(overrides)
    return data


def test_event_create_reads_the_times_in_the_events_zone_and_stores_utc(client, editor):
    editor.time_zone = "America/Los_Angeles"  # the editor's own zone plays no part
    editor.save()
    client.force_login(editor)

    response = client.post(reverse("coalition:event_create"), _event_post())

    event = Event.objects.get()
    assert response["Location"] == event.get_absolute_url()
    assert event.slug == "webinar-on-screening-2030-03-05"
    assert event.starts_at == datetime.datetime(2030, 3, 5, 18, 0, tzinfo=datetime.UTC)
    assert event.ends_at == datetime.datetime(2030, 3, 5, 19, 30, tzinfo=datetime.UTC)


def test_event_edit_shows_the_times_in_the_events_zone(client, editor):
    starts = datetime.datetime(2030, 10, 11, 9, 0, tzinfo=CHICAGO)
    event = EventFactory(starts_at=starts, ends_at=starts + datetime.timedelta(hours=2))
    client.force_login(editor)
    content = client.get(reverse("coalition:event_edit", args=[event.slug])).content.decode()
    assert 'value="2030-10-11T09:00"' in content
    assert 'value="2030-10-11T11:00"' in content


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"ends_at": "2030-03-05T12:00"}, "must end after it starts"),
        ({"online_url": ""}, "Give a place, an online link, or both"),
        ({"slug": "new"}, "used by the site"),
        # 2030-03-10 02:30 never happens in New York: the clocks jump from 2:00 to 3:00.
        (
            {"starts_at": "2030-03-10T02:30", "ends_at": "2030-03-10T04:00"},
            "This time does not exist on that day",
        ),
    ],
)
def test_event_create_with_errors_keeps_the_input(client, editor, overrides, message):
    client.force_login(editor)
    response = client.post(reverse("coalition:event_create"), _event_post(**overrides))
    content = response.content.decode()
    assert message in content
    assert 'value="Webinar on screening"' in content
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    ("venue", "message"),
    [
        ("\ud800", "cannot be saved (a lone surrogate, at position 1)"),
        ("Hall \udfff B", "cannot be saved (a lone surrogate, at position 6)"),
        ("Hall\x00B", "Null characters are not allowed."),
    ],
    ids=["lone-surrogate", "surrogate-inside", "nul"],
)
def test_event_form_with_a_venue_the_database_cannot_store_refuses_it_on_the_field(venue, message):
    # A lone surrogate once reached the place-or-link constraint check, whose query raised.
    form = EventForm(data=_event_post(venue=venue))

    assert not form.is_valid()
    assert list(form.errors) == ["venue"]
    assert any(message in error for error in form.errors["venue"])
    assert not Event.objects.exists()


def test_event_create_and_edit_refuse_others(client, practitioner):
    event = EventFactory()
    for url in (
        reverse("coalition:event_create"),
        reverse("coalition:event_edit", args=[event.slug]),
    ):
        assert reverse("account_login") in client.get(url)["Location"]
    client.force_login(practitioner)
    for url in (
        reverse("coalition:event_create"),
        reverse("coalition:event_edit", args=[event.slug]),
    ):
        assert client.get(url).status_code == 404


def test_upcoming_events_tag_takes_one_query(django_assert_num_queries):
    EventFactory.create_batch(5)
    EventFactory(past=True)
    template = Template(
        "{% load coalition %}{% upcoming_events 3 as events %}"
        "{% for event in events %}{{ event.title }}|{% endfor %}"
    )
    with django_assert_num_queries(1):
        rendered = template.render(Context())
    assert rendered.count("|") == 3


def test_home_page_shows_the_next_events(client):
    EventFactory(title="Soonest webinar")
    EventFactory(past=True, title="Long gone")
    content = client.get(reverse("home")).content.decode()
    assert "Upcoming events" in content
    assert "Soonest webinar" in content
    assert "Long gone" not in content


@pytest.mark.parametrize("count", [2, 15])
def test_event_list_queries_stay_constant(client, django_assert_max_num_queries, count):
    EventFactory.create_batch(count)
    EventFactory.create_batch(count, past=True)
    with django_assert_max_num_queries(3):  # upcoming, past count, past page
        response = client.get(reverse("coalition:event_list"))
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("starts", "ends", "zone", "field"),
    [
        ("9999-12-31T23:00", "9999-12-31T23:30", "America/Chicago", "starts_at"),
        ("0001-01-01T00:00", "0001-01-01T01:00", "Asia/Tokyo", "starts_at"),
        ("2999-12-31T20:00", "3000-01-01T02:00", "America/Chicago", "ends_at"),
    ],
)
def test_event_create_refuses_a_date_outside_the_calendar_with_an_inline_error(
    client, editor, starts, ends, zone, field
):
    # The first two were server errors (OverflowError) when the form turned them into UTC.
    client.force_login(editor)
    response = client.post(
        reverse("coalition:event_create"),
        _event_post(starts_at=starts, ends_at=ends, time_zone=zone),
    )
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [
        "Enter a date from 1 January 1900 to 31 December 2999."
    ]
    assert f'id="id_{field}_error"' in response.text
    assert not Event.objects.exists()
