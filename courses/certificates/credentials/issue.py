"""Signing a certificate revision's Open Badges 3.0 credential with the site's current key, and
carrying it inside the certificate's PDF as an attached file (so one file holds both)."""

import io
import json
from datetime import datetime

import pypdf

from .badges import open_badge
from .keys import current_key
from .proof import proof_add, xsd_datetime

ATTACHMENT_NAME = "open-badge-credential.json"
MEDIA_TYPE = "application/vc+ld+json"


def credential_sign(certificate, revision, *, issued_at: datetime) -> dict:
    key = current_key()
    return proof_add(
        open_badge(certificate, revision, issued_at=issued_at),
        key=key.private_key,
        verification_method=key.verification_method,
        created=xsd_datetime(issued_at),
    )


def credential_bytes(credential: dict) -> bytes:
    return json.dumps(credential, indent=2, ensure_ascii=False).encode()


def pdf_with_credential(pdf: bytes, credential: dict) -> bytes:
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(pdf)))
    writer.add_attachment(ATTACHMENT_NAME, credential_bytes(credential))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
