"""Rendering a pending certificate: its PDF made from the current template (by the renderer in
rendering.py), stored under a fixed name, and the certificate marked issued."""

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from roots.files import store_file
from roots.tasks import enqueue_on_commit

from .. import rendering
from ..credentials.issue import credential_sign, pdf_with_credential
from ..models import (
    Certificate,
    CertificateRevision,
    CertificateTemplate,
    CreditType,
    certificate_pdf_path,
)
from .common import EMAIL_TASK, hours_display
from .templates import certificate_template_current


def certificate_context(certificate: Certificate) -> dict:
    verify_url = settings.SITE_URL + certificate.get_verify_url()
    return {
        "site_name": settings.CERTIFICATE_ISSUER_NAME,
        "course_title": certificate.course_title,
        "credit_type": CreditType(certificate.credit_type),
        "hours": hours_display(certificate.hours),
        "credit_unit": certificate.credit_unit or _("contact hours"),
        "provider_name": certificate.provider_name,
        "provider_address": certificate.provider_address,
        "provider_number": certificate.provider_number,
        "activity_number": certificate.activity_number,
        "accreditation_statement": certificate.accreditation_statement,
        "signature": rendering.StoredImage(certificate.signature),
        "signatory_name": certificate.signatory_name,
        "signatory_title": certificate.signatory_title,
        "learner_name": certificate.learner_name,
        "credential_label": certificate.credential_label or _("Credential number"),
        "credential_number": certificate.credential_number,
        "completed_on": certificate.completed_on,
        "issued_on": certificate.issued_on,
        "expires_on": certificate.expires_on,
        "code": certificate.code,
        "verify_url": verify_url,
        "qr_data_uri": rendering.qr_data_uri(verify_url),
    }


def certificate_pdf_bytes(
    certificate: Certificate, template: CertificateTemplate, credential: dict | None = None
) -> bytes:
    """The certificate's PDF; with `credential`, the signed Open Badges credential attached."""
    with translation.override(settings.LANGUAGE_CODE):
        pdf = rendering.render_certificate_pdf(
            template=template,
            context=certificate_context(certificate),
            title=_("Certificate %(code)s") % {"code": certificate.code},
            lang=settings.LANGUAGE_CODE,
        )
    return pdf_with_credential(pdf, credential) if credential else pdf


def certificate_render(*, certificate_id: int) -> Certificate | None:
    """Render and store the PDF of a pending certificate, then mark it issued. Safe to run
    twice or at once: the row is locked, and anything not pending is left alone."""
    Certificate.objects.filter(pk=certificate_id, status=Certificate.Status.PENDING).update(
        attempts=F("attempts") + 1
    )
    with transaction.atomic():
        certificate = (
            Certificate.objects.select_for_update(of=("self",))
            .select_related("course", "learner")
            .filter(pk=certificate_id)
            .first()
        )
        if certificate is None or certificate.status != Certificate.Status.PENDING:
            return certificate
        template = certificate.template or certificate_template_current()
        now = timezone.now()
        # The revision first: its id is the credential's place in the revocation list.
        revision, _created = CertificateRevision.objects.update_or_create(
            certificate=certificate,
            revision=certificate.revision,
            defaults={
                "code": certificate.code,
                "template": template,
                "learner_name": certificate.learner_name,
                "rendered_at": now,
            },
        )
        credential = credential_sign(certificate, revision, issued_at=now)
        pdf = certificate_pdf_bytes(certificate, template, credential)
        name = store_file(certificate_pdf_path(certificate, certificate.revision), pdf)
        revision.pdf = name
        revision.credential = credential
        revision.save(update_fields=["pdf", "credential"])
        certificate.status = Certificate.Status.ISSUED
        certificate.template = template
        certificate.pdf = name
        certificate.issued_at = now
        certificate.last_error = ""
        certificate.save(
            update_fields=["status", "template", "pdf", "issued_at", "last_error", "updated_at"]
        )
        enqueue_on_commit(EMAIL_TASK, certificate.pk)
    return certificate


def certificate_note_error(*, certificate_id: int, error: str, failed: bool) -> None:
    """Record a render error; `failed` gives up (an admin can re-run it)."""
    fields = {"last_error": error[:2000]}
    if failed:
        fields["status"] = Certificate.Status.FAILED
    Certificate.objects.filter(pk=certificate_id, status=Certificate.Status.PENDING).update(
        **fields, updated_at=timezone.now()
    )
