"""The eddsa-rdfc-2022 signer reproduces the W3C vc-di-eddsa test vectors, and the loader never
fetches: only bundled contexts are known."""

import hashlib
import json
from pathlib import Path

import pytest
from pyld import jsonld

from courses.certificates.credentials import loader
from courses.certificates.credentials.multikey import (
    base58_decode,
    base58_encode,
    private_key_from_multibase,
    public_key_from_multibase,
    public_multibase,
)
from courses.certificates.credentials.proof import ProofError, proof_add, proof_verify

VECTORS = Path(__file__).with_name("vectors")
EXAMPLES_V2 = "https://www.w3.org/ns/credentials/examples/v2"


def _vector(name: str) -> str:
    return (VECTORS / name).read_text(encoding="utf-8")


def _with_examples(url, options=None):
    # The test vectors use the W3C examples context, whose whole text is this @vocab.
    if url == EXAMPLES_V2:
        document = {"@context": {"@vocab": "https://www.w3.org/ns/credentials/examples#"}}
        return {"contextUrl": None, "documentUrl": url, "document": document}
    return loader.document_loader(url, options)


@pytest.fixture
def signed():
    return json.loads(_vector("signedDataInt.json"))


@pytest.fixture
def keys():
    pair = json.loads(_vector("keyPair.json"))
    return (
        private_key_from_multibase(pair["privateKeyMultibase"]),
        public_key_from_multibase(pair["publicKeyMultibase"]),
    )


def test_canonical_document_and_hashes_match_the_vectors(signed):
    proof = signed.pop("proof")
    canonical = loader.canonical_nquads(signed, loader=_with_examples)
    assert canonical == _vector("canonDocDataInt.txt")
    assert hashlib.sha256(canonical.encode()).hexdigest() == _vector("docHashDataInt.txt").strip()
    options = {k: v for k, v in proof.items() if k != "proofValue"} | {
        "@context": signed["@context"]
    }
    proof_canonical = loader.canonical_nquads(options, loader=_with_examples)
    assert proof_canonical == _vector("proofCanonDataInt.txt")
    assert (
        hashlib.sha256(proof_canonical.encode()).hexdigest()
        == _vector("proofHashDataInt.txt").strip()
    )


def test_signer_reproduces_the_vectors_proof_value(signed, keys):
    private, public = keys
    expected = signed.pop("proof")
    ours = proof_add(
        signed,
        key=private,
        verification_method=expected["verificationMethod"],
        created=expected["created"],
        loader=_with_examples,
    )
    assert ours["proof"] == expected
    assert (
        base58_decode(ours["proof"]["proofValue"][1:]).hex() == _vector("sigHexDataInt.txt").strip()
    )
    assert public_multibase(public) == json.loads(_vector("keyPair.json"))["publicKeyMultibase"]


def test_verifier_accepts_the_vector_and_rejects_one_changed_character(signed, keys):
    _private, public = keys
    method = signed["proof"]["verificationMethod"]

    def key_for(url):
        return public if url == method else None

    check = proof_verify(signed, public_key_for=key_for, loader=_with_examples)
    assert check.created == "2023-02-24T23:36:38Z"
    signed["credentialSubject"]["alumniOf"] = "The School of Examplez"
    with pytest.raises(ProofError, match="was changed"):
        proof_verify(signed, public_key_for=key_for, loader=_with_examples)


def test_verifier_refuses_a_key_the_issuer_does_not_publish(signed):
    with pytest.raises(ProofError, match="does not publish"):
        proof_verify(signed, public_key_for=lambda url: None, loader=_with_examples)


def test_verifier_refuses_other_cryptosuites_and_missing_proofs(signed, keys):
    del signed["proof"]["cryptosuite"]
    with pytest.raises(ProofError, match="eddsa-rdfc-2022"):
        proof_verify(signed, public_key_for=lambda url: keys[1], loader=_with_examples)
    del signed["proof"]
    with pytest.raises(ProofError, match="no proof"):
        proof_verify(signed, public_key_for=lambda url: keys[1], loader=_with_examples)


def test_loader_refuses_any_url_it_does_not_bundle(signed, keys):
    with pytest.raises(jsonld.JsonLdError):
        loader.document_loader("https://evil.example/context.jsonld")
    # The examples context is not bundled: without the test's loader the credential cannot be
    # read, and verifying says so instead of fetching it.
    with pytest.raises(ProofError, match="not valid JSON-LD"):
        proof_verify(signed, public_key_for=lambda url: keys[1])


@pytest.mark.parametrize("data", [b"", b"\0\0\1", bytes(range(256))])
def test_base58_round_trips(data):
    assert base58_decode(base58_encode(data)) == data
