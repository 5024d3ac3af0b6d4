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
    "emails/named_subject.txt": "Welcome to {{ name }}",
    "emails/named.txt": "You join {{ name }}.",
    "emails/named.html": "<p>You join {{ name }}.</p>",
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


def _send_named(name: str):
    send_templated("emails/named", to="ann@example.org", context={"name": name})
    return mail.outbox[-1]


def test_send_templated_subject_and_text_are_plain_text_and_only_the_html_escapes():
    message = _send_named('Food & <Health> "Group"')

    assert message.subject == '[Roots] Welcome to Food & <Health> "Group"'
    assert message.body == 'You join Food & <Health> "Group".'
    assert message.alternatives[0][0] == (
        "<p>You join Food &amp; &lt;Health&gt; &quot;Group&quot;.</p>"
    )


def test_send_templated_cuts_a_long_subject_with_an_ellipsis_and_keeps_it_on_one_line():
    message = _send_named("Free\r\nBcc: victim@example.org " + "x" * 300)

    assert "\n" not in message.subject
    assert message.subject.startswith("[Roots] Welcome to Free Bcc: victim@example.org xxx")
    assert message.subject.endswith("…")
    assert len(message.subject) == len("[Roots] ") + 90
    assert message.to == ["ann@example.org"]
    assert "x" * 300 in message.body
