"""Production: DEBUG off, secrets from the environment or no start at all, HTTPS everywhere."""

from urllib.parse import urlparse

from django.core.exceptions import ImproperlyConfigured

from .environment import env, env_bool

# Checked before base is read: without these, base would fall back to the embedded servers of
# devtools, which production neither installs nor imports.
if not env("DATABASE_URL"):
    raise ImproperlyConfigured(
        "Production needs DATABASE_URL, e.g. postgres://user:pass@host:5432/roots."
    )
if not env("REDIS_URL"):
    raise ImproperlyConfigured("Production needs REDIS_URL, e.g. redis://host:6379/0.")

from .base import *  # noqa: F403
from .base import ALLOWED_HOSTS, SECRET_KEY, SITE_URL, STORAGES

DEBUG = False

if not SECRET_KEY or SECRET_KEY.startswith("django-insecure") or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "Production needs SECRET_KEY: at least 50 random characters, from the environment."
    )
if not ALLOWED_HOSTS or ALLOWED_HOSTS == ["localhost", "127.0.0.1", "[::1]", "testserver"]:
    raise ImproperlyConfigured(
        "Production needs ALLOWED_HOSTS: the site's host names, comma-separated."
    )

# Certificates, their QR codes, e-mails and feeds print SITE_URL: base's development default
# would send every reader to 127.0.0.1.
_site = urlparse(SITE_URL)
if (
    _site.scheme != "https"
    or not _site.hostname
    or _site.hostname in {"127.0.0.1", "::1", "localhost"}
):
    raise ImproperlyConfigured(
        "Production needs SITE_URL: the site's public https address, e.g. https://roots.example.org."
    )

# Certificates are signed as verifiable credentials; a key derived from SECRET_KEY (the
# development fallback) would change with it and could not be rotated.
if not env("CREDENTIAL_SIGNING_KEYS") and not env("CREDENTIAL_SIGNING_KEYS_FILE"):
    raise ImproperlyConfigured(
        "Production needs CREDENTIAL_SIGNING_KEYS (or CREDENTIAL_SIGNING_KEYS_FILE): "
        "`manage.py credential_key_new` prints one."
    )

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"
