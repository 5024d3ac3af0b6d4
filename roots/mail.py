"""E-mail: the one sender of the site's templated messages, and the development backend (printed
to the console and kept as one file per message in EMAIL_FILE_PATH, where a person or a browser
test can open the links)."""

import contextlib
import zoneinfo

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.console import EmailBackend as ConsoleBackend
from django.core.mail.backends.filebased import EmailBackend as FileBackend
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.utils import timezone
from django.utils.text import Truncator

# Long enough for every subject the site writes; a subject that carries a user-written name or
# title is cut there, with an ellipsis, so that the name can never fill a recipient's inbox line.
SUBJECT_MAX_CHARS = 90


def absolute_url(path: str) -> str:
    """A link for a message read outside the site."""
    return f"{settings.SITE_URL}{path}"


def send_templated(template_prefix: str, *, to: str, context: dict, time_zone: str = "UTC") -> None:
    """One message with a text and an HTML body, from `<prefix>_subject.txt`, `<prefix>.txt` and
    `<prefix>.html` rendered in the recipient's time zone (the site's when the name is unknown),
    with SITE_URL in the context and the site's subject prefix on a one-line subject.

    The subject and the text body are plain text, rendered without HTML escaping (a group
    called "Food & Health" is not sent as "Food &amp; Health"); only the HTML body escapes."""
    context = {**context, "SITE_URL": settings.SITE_URL}
    zone = timezone.get_default_timezone()
    with contextlib.suppress(zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = zoneinfo.ZoneInfo(time_zone)
    with timezone.override(zone):
        subject = _render_plain(f"{template_prefix}_subject.txt", context)
        text = _render_plain(f"{template_prefix}.txt", context)
        html = render_to_string(f"{template_prefix}.html", context)
    subject = Truncator(" ".join(subject.split())).chars(SUBJECT_MAX_CHARS)
    message = EmailMultiAlternatives(
        subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject,
        body=text,
        to=[to],
    )
    message.attach_alternative(html, "text/html")
    message.send()


def _render_plain(template_name: str, context: dict) -> str:
    return get_template(template_name).template.render(Context(context, autoescape=False))


class ConsoleAndFileBackend(FileBackend):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.console = ConsoleBackend(*args, **kwargs)

    def send_messages(self, email_messages):
        self.console.send_messages(email_messages)
        return super().send_messages(email_messages)
