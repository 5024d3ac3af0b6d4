"""Who may see and do what with CE credit. Used through roots.permissions.permission_required."""

from django.shortcuts import get_object_or_404

from roots.permissions import has_verified_email, is_staff

from .models import Certificate, CreditRules, Transcript


def load_rules(request, slug: str) -> CreditRules:
    """The active CE rules of a published course, or 404."""
    return get_object_or_404(
        CreditRules.objects.select_related("course"),
        course__slug=slug,
        course__published=True,
        active=True,
    )


def load_certificate(request, pk: int) -> Certificate:
    return get_object_or_404(Certificate.objects.select_related("course"), pk=pk)


def load_transcript(request, pk: int) -> Transcript:
    return get_object_or_404(Transcript, pk=pk)


def can_claim_credit(user, rules: CreditRules) -> bool:
    return has_verified_email(user)


def owns_certificate(user, certificate: Certificate) -> bool:
    return user.is_authenticated and (certificate.learner_id == user.pk or is_staff(user))


def owns_transcript(user, transcript: Transcript) -> bool:
    return user.is_authenticated and transcript.learner_id == user.pk


def can_download_certificate(user, certificate: Certificate) -> bool:
    """The learner gets an issued certificate; staff also get revoked ones, for the record."""
    if not certificate.pdf or not owns_certificate(user, certificate):
        return False
    if is_staff(user):
        return True
    return certificate.status == Certificate.Status.ISSUED
