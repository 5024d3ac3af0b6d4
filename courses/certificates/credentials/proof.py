"""Data Integrity proofs with the eddsa-rdfc-2022 cryptosuite (W3C vc-di-eddsa): the document
and the proof options are each canonicalized (RDFC-1.0) and hashed (SHA-256); the Ed25519
signature covers the proof hash followed by the document hash."""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from pyld import jsonld

from .loader import canonical_nquads, document_loader
from .multikey import multibase_decode, multibase_encode

CRYPTOSUITE = "eddsa-rdfc-2022"


def xsd_datetime(moment: datetime) -> str:
    """A moment as credentials write it: UTC, whole seconds, "Z" (2026-12-01T15:00:00Z)."""
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


class ProofError(Exception):
    """The proof is missing, malformed or does not match; the message says which."""


def _hash_data(document: dict, options: dict, loader) -> bytes:
    unsigned = {key: value for key, value in document.items() if key != "proof"}
    options = dict(options, **{"@context": document["@context"]})
    options.pop("proofValue", None)
    proof_hash = hashlib.sha256(canonical_nquads(options, loader=loader).encode()).digest()
    document_hash = hashlib.sha256(canonical_nquads(unsigned, loader=loader).encode()).digest()
    return proof_hash + document_hash


def proof_add(
    document: dict,
    *,
    key: Ed25519PrivateKey,
    verification_method: str,
    created: str,
    proof_purpose: str = "assertionMethod",
    loader=document_loader,
) -> dict:
    """The document with a DataIntegrityProof added. `created` is an XML Schema dateTime."""
    options = {
        "type": "DataIntegrityProof",
        "cryptosuite": CRYPTOSUITE,
        "created": created,
        "verificationMethod": verification_method,
        "proofPurpose": proof_purpose,
    }
    signature = key.sign(_hash_data(document, options, loader))
    return dict(document, proof=dict(options, proofValue=multibase_encode(signature)))


@dataclass(frozen=True)
class ProofCheck:
    verification_method: str
    created: str


def proof_verify(
    document: dict,
    *,
    public_key_for: Callable[[str], Ed25519PublicKey | None],
    loader=document_loader,
) -> ProofCheck:
    """Check the document's one eddsa-rdfc-2022 proof; `public_key_for(verification method)`
    answers the key, or None when the method is not one the issuer published. Raises ProofError
    with the reason."""
    proof = document.get("proof")
    if not isinstance(proof, dict):
        raise ProofError("The credential has no proof.")
    if proof.get("type") != "DataIntegrityProof" or proof.get("cryptosuite") != CRYPTOSUITE:
        raise ProofError(f"The proof is not a DataIntegrityProof with {CRYPTOSUITE}.")
    if proof.get("proofPurpose") != "assertionMethod":
        raise ProofError("The proof is not made for asserting a credential.")
    method = proof.get("verificationMethod")
    key = public_key_for(method) if isinstance(method, str) else None
    if key is None:
        raise ProofError("The proof was made with a key the issuer does not publish.")
    try:
        signature = multibase_decode(str(proof.get("proofValue", "")))
        data = _hash_data(document, proof, loader)
    except (ValueError, TypeError, KeyError) as error:
        raise ProofError("The proof is malformed.") from error
    except jsonld.JsonLdError as error:
        raise ProofError("The credential is not valid JSON-LD with the known contexts.") from error
    try:
        key.verify(signature, data)
    except InvalidSignature:
        raise ProofError("The signature does not match: the credential was changed.") from None
    return ProofCheck(verification_method=method, created=str(proof.get("created", "")))
