"""The site's credential signing keys, from the environment (never the database, never the
repository). `CREDENTIAL_SIGNING_KEYS` lists `id=secret-multikey` pairs separated by commas or
new lines, the current key first; `CREDENTIAL_SIGNING_KEYS_FILE` names a file holding the same.
Retired keys stay listed so that the DID document still verifies what they signed."""

import hashlib
import hmac
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from .multikey import private_key_from_multibase, public_multibase


@dataclass(frozen=True)
class SigningKey:
    key_id: str
    private_key: Ed25519PrivateKey

    @property
    def public_key(self) -> Ed25519PublicKey:
        return self.private_key.public_key()

    @property
    def public_multibase(self) -> str:
        return public_multibase(self.public_key)

    @property
    def verification_method(self) -> str:
        return f"{site_did()}#{self.key_id}"


def site_did(site_url: str | None = None) -> str:
    """did:web for the site: the host, a port written %3A, a path with colons."""
    parts = urlsplit(site_url or settings.SITE_URL)
    did = "did:web:" + parts.netloc.replace(":", "%3A")
    path = parts.path.strip("/")
    return did + (":" + path.replace("/", ":") if path else "")


def _parse(text: str) -> list[SigningKey]:
    keys = []
    for entry in text.replace("\n", ",").split(","):
        if not entry.strip():
            continue
        key_id, sep, secret = entry.strip().partition("=")
        if not sep or not key_id.strip().replace("-", "").isalnum():
            raise ImproperlyConfigured(
                "CREDENTIAL_SIGNING_KEYS entries are written id=z... (letters, digits, dashes)."
            )
        try:
            keys.append(SigningKey(key_id.strip(), private_key_from_multibase(secret.strip())))
        except ValueError as error:
            raise ImproperlyConfigured(
                f"The credential key {key_id.strip()!r} is not an Ed25519 secret Multikey."
            ) from error
    if len({key.key_id for key in keys}) != len(keys):
        raise ImproperlyConfigured("Two credential signing keys have the same id.")
    return keys


def _development_key() -> SigningKey:
    # Outside production (which refuses to start without keys), a key derived from SECRET_KEY
    # lets `make run` sign and verify without setup.
    seed = hmac.new(settings.SECRET_KEY.encode(), b"roots credential key", hashlib.sha256)
    return SigningKey("development", Ed25519PrivateKey.from_private_bytes(seed.digest()))


@cache
def signing_keys() -> tuple[SigningKey, ...]:
    """Every configured key, the current one first."""
    text = settings.CREDENTIAL_SIGNING_KEYS
    if not text and settings.CREDENTIAL_SIGNING_KEYS_FILE:
        text = Path(settings.CREDENTIAL_SIGNING_KEYS_FILE).read_text(encoding="utf-8")
    keys = _parse(text) if text else [_development_key()]
    if not keys:
        raise ImproperlyConfigured("CREDENTIAL_SIGNING_KEYS holds no key.")
    return tuple(keys)


def current_key() -> SigningKey:
    return signing_keys()[0]


def public_key_for(verification_method: str) -> Ed25519PublicKey | None:
    """The public key of one of the site's own keys, current or retired."""
    for key in signing_keys():
        if key.verification_method == verification_method:
            return key.public_key
    return None


def did_document() -> dict:
    """The site's DID document (did:web), each key a Multikey verification method."""
    did = site_did()
    methods = [
        {
            "id": key.verification_method,
            "type": "Multikey",
            "controller": did,
            "publicKeyMultibase": key.public_multibase,
        }
        for key in signing_keys()
    ]
    return {
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
        "id": did,
        "verificationMethod": methods,
        "assertionMethod": [method["id"] for method in methods],
    }
