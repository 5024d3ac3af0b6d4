"""E-mails to learners about their certificates: issued (once per revision), and credit about to
expire (once per certificate)."""

from datetime import date

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from roots.mail import absolute_url, send_templated

from ..models import Certificate
from ..selectors import expiring_certificates
from .common import hours_display


@transaction.atomic
def certificate_email(*, certificate_id: int) -> bool:
    """E-mail the learner a link to the issued certificate, once per revision."""
    certificate = (
        Certificate.objects.select_for_update(of=("self",))
        .select_related("learner")
        .filter(pk=certificate_id)
        .first()
    )
    if (
        certificate is None
        or certificate.status != Certificate.Status.ISSUED
        or certificate.emailed_revision == certificate.revision
    ):
        return False
    with translation.override(settings.LANGUAGE_CODE):
        send_templated(
            "emails/certificate_issued",
            to=certificate.learner.email,
            context={
                "certificate": certificate,
                "hours": hours_display(certificate.hours),
                "url": absolute_url(certificate.get_absolute_url()),
                "verify_url": absolute_url(certificate.get_verify_url()),
            },
        )
    certificate.emailed_revision = certificate.revision
    certificate.save(update_fields=["emailed_revision"])
    return True


def certificate_expiry_reminders_send(*, today: date | None = None) -> int:
    """One e-mail per certificate whose credit expires within the reminder window."""
    today = today or timezone.localdate()
    days = settings.CERTIFICATE_EXPIRY_REMINDER_DAYS
    until = today + timezone.timedelta(days=days)
    sent = 0
    for pk in expiring_certificates(today=today, until=until).values_list("pk", flat=True):
        with transaction.atomic():
            certificate = (
                Certificate.objects.select_for_update(of=("self",), skip_locked=True)
                .select_related("learner")
                .filter(pk=pk, reminder_sent_at__isnull=True)
                .first()
            )
            if certificate is None:
                continue
            with translation.override(settings.LANGUAGE_CODE):
                send_templated(
                    "emails/certificate_expiring",
                    to=certificate.learner.email,
                    context={
                        "certificate": certificate,
                        "days": (certificate.expires_on - today).days,
                        "url": absolute_url(reverse("certificates:transcript")),
                    },
                )
            certificate.reminder_sent_at = timezone.now()
            certificate.save(update_fields=["reminder_sent_at"])
            sent += 1
    return sent
