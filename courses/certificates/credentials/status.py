"""Revocation through a W3C Bitstring Status List: one list for the site, one bit per
certificate revision (its primary key is its index), set when the revision is revoked or
replaced by a reissue. The list credential is signed when it is asked for and cached until the
next change."""

import base64
import gzip
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max
from django.urls import reverse

from ..models import CertificateRevision
from .keys import current_key, site_did
from .loader import CREDENTIALS_V2
from .proof import proof_add, xsd_datetime

# The specification's minimum, so that one credential's bit hides among many (herd privacy).
MIN_BITS = 131_072
PURPOSE = "revocation"


def list_url() -> str:
    return settings.SITE_URL + reverse("certificates:status_list")


def status_entry(index: int) -> dict:
    url = list_url()
    return {
        "id": f"{url}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": PURPOSE,
        "statusListIndex": str(index),
        "statusListCredential": url,
    }


def encode_bits(indexes: list[int]) -> str:
    """Multibase base64url (no padding) of the GZIP-compressed bitstring; bit 0 is the most
    significant bit of the first byte."""
    size = max(MIN_BITS, ((max(indexes, default=0) // 8) + 1) * 8)
    bits = bytearray(size // 8)
    for index in indexes:
        bits[index // 8] |= 0x80 >> (index % 8)
    packed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(packed).decode().rstrip("=")


def decode_bits(text: str) -> bytes:
    if not text.startswith("u"):
        raise ValueError("not multibase base64url")
    data = text[1:] + "=" * (-len(text[1:]) % 4)
    return gzip.decompress(base64.urlsafe_b64decode(data))


def bit_is_set(bits: bytes, index: int) -> bool:
    return index // 8 < len(bits) and bool(bits[index // 8] & (0x80 >> (index % 8)))


def status_list_credential() -> dict:
    """The signed list; rebuilt only when a revision was revoked since the cached one."""
    revoked = CertificateRevision.objects.filter(revoked_at__isnull=False)
    version = revoked.aggregate(n=Count("pk"), last=Max("revoked_at"))
    key = current_key()
    last = version["last"].timestamp() if version["last"] else 0
    cache_key = f"status-list:{key.key_id}:{version['n']}:{last}"
    cached = cache.get(cache_key)
    if cached:
        return cached
    now = xsd_datetime(datetime.now(UTC))
    url = list_url()
    document = {
        "@context": [CREDENTIALS_V2],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": site_did(),
        "validFrom": now,
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": PURPOSE,
            "encodedList": encode_bits(list(revoked.values_list("pk", flat=True))),
        },
    }
    signed = proof_add(
        document, key=key.private_key, verification_method=key.verification_method, created=now
    )
    cache.set(cache_key, signed, 24 * 3600)
    return signed
