"""Revoking and reissuing an issued certificate. Every revision is kept, with its code and PDF,
so that an old code still verifies: as revoked, or as replaced by the reissued certificate."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from roots.tasks import enqueue_on_commit

from ..models import Certificate, CertificateRevision, new_verification_code
from .common import RENDER_TASK


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, by, reason: str) -> Certificate:
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Give the reason for revoking."))
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.status != Certificate.Status.ISSUED:
        raise ValidationError(_("Only an issued certificate can be revoked."))
    now = timezone.now()
    certificate.status = Certificate.Status.REVOKED
    certificate.revoked_at = now
    certificate.revoked_reason = reason
    certificate.save(update_fields=["status", "revoked_at", "revoked_reason", "updated_at"])
    CertificateRevision.objects.filter(
        certificate=certificate, revision=certificate.revision
    ).update(revoked_at=now, revoked_reason=reason, revoked_by=by)
    return certificate


@transaction.atomic
def certificate_reissue(*, certificate: Certificate, by) -> Certificate:
    """A new revision: new code, the learner's current name (and credential number, where the
    certificate prints one), the current template; the old revision and its PDF are kept, and
    its code verifies as replaced by the new one."""
    certificate = (
        Certificate.objects.select_for_update(of=("self",))
        .select_related("learner")
        .get(pk=certificate.pk)
    )
    if certificate.status not in (Certificate.Status.ISSUED, Certificate.Status.REVOKED):
        raise ValidationError(_("Only an issued or revoked certificate can be reissued."))
    now = timezone.now()
    CertificateRevision.objects.filter(
        certificate=certificate, revision=certificate.revision, revoked_at__isnull=True
    ).update(revoked_at=now, revoked_reason=_("Replaced by a reissued certificate."), revoked_by=by)
    certificate.revision += 1
    certificate.code = new_verification_code()
    certificate.learner_name = certificate.learner.full_name.strip() or certificate.learner_name
    if certificate.credential_number:
        certificate.credential_number = (
            certificate.learner.credential_number.strip() or certificate.credential_number
        )
    certificate.status = Certificate.Status.PENDING
    certificate.template = None
    certificate.pdf = ""
    certificate.revoked_at = None
    certificate.revoked_reason = ""
    certificate.attempts = 0
    certificate.last_error = ""
    certificate.queued_at = now
    certificate.save()
    enqueue_on_commit(RENDER_TASK, certificate.pk)
    return certificate
