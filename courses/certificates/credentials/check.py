"""Checking a credential as any verifier would, on the server: its proof against the site's own
keys (current and retired), its validity dates, and its bit in the site's status list. The
verdict says why, in words a licensing board's clerk can act on."""

from dataclasses import dataclass
from datetime import UTC, datetime

from django.utils.translation import gettext as _

from ..models import CertificateRevision
from .keys import public_key_for, site_did
from .proof import ProofError, proof_verify
from .status import list_url

MAX_BYTES = 256 * 1024


@dataclass(frozen=True)
class Verdict:
    state: str  # "valid", "revoked", "expired", "not_yet_valid", "invalid"
    reason: str
    credential: dict | None = None

    @property
    def ok(self) -> bool:
        return self.state == "valid"


def _moment(text) -> datetime | None:
    try:
        moment = datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _revoked(credential: dict) -> bool | None:
    """True or False from our status list; None when the entry is not one of ours."""
    entry = credential.get("credentialStatus")
    if not isinstance(entry, dict):
        return False
    if (
        entry.get("statusListCredential") != list_url()
        or entry.get("statusPurpose") != "revocation"
    ):
        return None
    index = str(entry.get("statusListIndex", ""))
    if not index.isascii() or not index.isdigit():
        return None
    return CertificateRevision.objects.filter(pk=int(index), revoked_at__isnull=False).exists()


def credential_check(credential, *, now: datetime | None = None) -> Verdict:
    """The verdict on a credential (a parsed JSON object) issued by this site."""
    if not isinstance(credential, dict) or "@context" not in credential:
        return Verdict("invalid", _("This is not a verifiable credential."))
    issuer = credential.get("issuer")
    issuer_id = issuer.get("id") if isinstance(issuer, dict) else issuer
    if issuer_id != site_did():
        return Verdict("invalid", _("This credential was not issued by this site."), credential)
    try:
        proof_verify(credential, public_key_for=public_key_for)
    except ProofError as error:
        return Verdict("invalid", str(error), credential)
    now = now or datetime.now(UTC)
    valid_from = _moment(credential.get("validFrom"))
    valid_until = _moment(credential.get("validUntil")) if credential.get("validUntil") else None
    revoked = _revoked(credential)
    if revoked is None:
        return Verdict(
            "invalid", _("Its status entry does not point to this site's list."), credential
        )
    if revoked:
        return Verdict(
            "revoked",
            _("The signature is valid, but the issuer has revoked or replaced this credential."),
            credential,
        )
    if valid_until and valid_until < now:
        return Verdict(
            "expired", _("The signature is valid, but the credit has expired."), credential
        )
    if valid_from is None or valid_from > now:
        return Verdict("not_yet_valid", _("The credential is not valid yet."), credential)
    return Verdict(
        "valid",
        _("The signature is valid and the credential is in force."),
        credential,
    )
