"""The JSON-LD document loader: only the contexts bundled with the project, never the network."""

import json
from functools import cache
from pathlib import Path

from pyld import jsonld

CONTEXTS_DIR = Path(__file__).with_name("contexts")

CREDENTIALS_V2 = "https://www.w3.org/ns/credentials/v2"
OPEN_BADGES_V3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"

BUNDLED = {
    CREDENTIALS_V2: "credentials-v2.jsonld",
    OPEN_BADGES_V3: "ob-v3p0-3.0.3.jsonld",
}


@cache
def _context(url: str) -> dict:
    return json.loads((CONTEXTS_DIR / BUNDLED[url]).read_text(encoding="utf-8"))


def document_loader(url: str, options=None) -> dict:
    """pyld's loader interface; any URL not bundled is refused, so a credential naming an unknown
    context fails to verify instead of making the server fetch it."""
    if url not in BUNDLED:
        raise jsonld.JsonLdError(
            f"The context {url} is not one this site knows.",
            "jsonld.LoadDocumentError",
            {"url": url},
            code="loading document failed",
        )
    return {"contextUrl": None, "documentUrl": url, "document": _context(url)}


def canonical_nquads(document: dict, *, loader=document_loader) -> str:
    """RDF Dataset Canonicalization (RDFC-1.0, which URDNA2015 implements) as N-Quads."""
    return jsonld.normalize(
        document,
        {"algorithm": "URDNA2015", "format": "application/n-quads", "documentLoader": loader},
    )
