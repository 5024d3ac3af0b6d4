"""E-mails of learning groups: a subject, a text body and an HTML body per message, rendered from
templates/emails/groups/<name>_subject.txt, <name>.txt and <name>.html in the recipient's time
zone, with absolute links built on SITE_URL."""

import contextlib
import zoneinfo

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def send_group_email(name: str, *, to: str, context: dict, time_zone: str = "UTC") -> None:
    context = {**context, "SITE_URL": settings.SITE_URL}
    zone = timezone.get_default_timezone()
    with contextlib.suppress(zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = zoneinfo.ZoneInfo(time_zone)
    with timezone.override(zone):
        subject = render_to_string(f"emails/groups/{name}_subject.txt", context)
        text = render_to_string(f"emails/groups/{name}.txt", context)
        html = render_to_string(f"emails/groups/{name}.html", context)
    message = EmailMultiAlternatives(
        subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(subject.split()),
        body=text,
        to=[to],
    )
    message.attach_alternative(html, "text/html")
    message.send()
