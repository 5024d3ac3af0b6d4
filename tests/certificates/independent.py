"""Digital Bazaar's verifier (tests/verifier/, from npm), run in its own Node process: the
independent implementation our credentials must satisfy."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

VERIFIER = Path(__file__).resolve().parents[1] / "verifier"


def independent_verify(credential: dict, documents: dict) -> dict:
    """{"verified": bool, "errors": [...], "status": ...} as the verifier reports them;
    `documents` are what it may resolve (DID documents, status lists), nothing else."""
    node = shutil.which("node")
    if node is None or not (VERIFIER / "node_modules" / "@digitalbazaar" / "vc").exists():
        pytest.fail(
            "The independent verifier is not installed: `make test` runs `npm ci` in "
            "tests/verifier."
        )
    result = subprocess.run(  # noqa: S603
        [node, str(VERIFIER / "verify.mjs")],
        input=json.dumps({"credential": credential, "documents": documents}),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)
