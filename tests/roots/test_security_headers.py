"""Production answers carry the security headers: CSP, HSTS, nosniff, referrer policy, secure
cookies. Checked through a real request in a production-settings subprocess."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import json
import django
django.setup()
from django.test import Client
client = Client(HTTP_HOST="roots.example.org", **{"wsgi.url_scheme": "https"})
response = client.get("/accounts/login/", secure=True)
cookies = {name: {"secure": bool(c["secure"]), "httponly": bool(c["httponly"])}
           for name, c in response.cookies.items()}
plain = Client(HTTP_HOST="roots.example.org").get("/")
print(json.dumps({"status": response.status_code, "headers": dict(response.headers),
                  "cookies": cookies, "plain_status": plain.status_code,
                  "plain_location": plain.headers.get("Location", "")}))
"""


def test_production_responses_carry_security_headers_and_secure_cookies(
    tmp_path, test_database_url, settings
):
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(
        DEBUG="0",
        SECRET_KEY="p" * 64,
        ALLOWED_HOSTS="roots.example.org",
        SITE_URL="https://roots.example.org",
        CREDENTIAL_SIGNING_KEYS="w3c-test-vector=z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq",
        DJANGO_SETTINGS_MODULE="roots.settings",
        STATIC_ROOT=str(tmp_path / "static"),
        DATABASE_URL=test_database_url,
        REDIS_URL=settings.REDIS_URL,
    )
    collected = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert collected.returncode == 0, collected.stderr[-3000:]
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    headers = report["headers"]
    assert report["status"] == 200
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert report["cookies"]["csrftoken"]["secure"]
    # Plain HTTP is redirected to HTTPS.
    assert report["plain_status"] == 301
    assert report["plain_location"].startswith("https://")
