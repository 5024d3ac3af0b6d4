"""The one sender of templated e-mail: subject, text and HTML from three templates, in the
recipient's time zone."""

from datetime import UTC, datetime

import pytest
from django.core import mail

from roots.mail import absolute_url, send_templated

TEMPLATES = {
    "emails/note_subject.txt": "A note\n  for {{ name }}\n",
    "emails/note.txt": "{{ when|date:'H:i T' }} {{ SITE_URL }}/x",
    "emails/note.html": "<p>{{ when|time:'H:i' }}</p>",
}


@pytest.fixture(autouse=True)
def _templates(settings):
    settings.TEMPLATES = [
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "OPTIONS": {"loaders": [("django.template.loaders.locmem.Loader", TEMPLATES)]},
        }
    ]
    settings.SITE_URL = "https://roots.example.org"
    settings.TIME_ZONE = "Europe/Paris"


def _send(time_zone: str):
    when = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
    send_templated(
        "emails/note",
        to="ann@example.org",
        context={"name": "Ann", "when": when},
        time_zone=time_zone,
    )
    return mail.outbox[-1]


def test_send_templated_renders_subject_text_and_html_in_the_recipients_time_zone():
    message = _send("America/Chicago")
    assert message.to == ["ann@example.org"]
    assert message.subject == "[Roots] A note for Ann"
    assert message.body == "06:00 CST https://roots.example.org/x"
    assert message.alternatives == [("<p>06:00</p>", "text/html")]


@pytest.mark.parametrize("time_zone", ["Mars/Olympus_Mons", ""])
def test_send_templated_unknown_time_zone_falls_back_to_the_sites(time_zone):
    assert _send(time_zone).body == "13:00 CET https://roots.example.org/x"


def test_absolute_url_puts_the_site_before_the_path():
    assert absolute_url("/groups/") == "https://roots.example.org/groups/"
