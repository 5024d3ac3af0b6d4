"""Whole-page caching of public list pages for anonymous visitors, in the shared cache (Redis).

A page is cached under a key holding a version number per page family; saving or deleting any
of the family's content models sets a new version, so an edit shows at once and nothing has to
be deleted. Only anonymous GETs without pending messages are served from or stored in the
cache, so nothing personal is ever cached. The CSRF token every page carries (base.html puts it
in htmx's headers) is stored as a placeholder and filled in per request with the visitor's own.

When Redis is down, roots.cache.ResilientRedisCache misses: the page is rendered as usual.
"""

import functools
import re
import time
from collections.abc import Iterable

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers

TIMEOUT = 300  # seconds: also bounds how stale time-dependent wording ("in 3 days") can get
PLACEHOLDER = "__roots_csrf_token__"
# Where templates put the masked token: the htmx header on <body> and hidden form inputs.
TOKEN = re.compile(
    r'(?P<before>"X-CSRFToken": "|name="csrfmiddlewaretoken" value=")[A-Za-z0-9]{64}(?P<after>")'
)
VARY_HEADERS = ("HX-Request", "HX-History-Restore-Request")


def _version_key(family: str) -> str:
    return f"pagecache:{family}:version"


def bump(family: str) -> None:
    """A new version for the family: every cached page of it is out of date."""
    cache.set(_version_key(family), time.time_ns(), None)


# Page families and the content models their pages show. A learner's own rows (progress,
# downloads, replies) are never on an anonymous page and never bump a version.
FAMILIES = {
    "home": ("coalition.Event",),
    "catalogue": (
        "courses.Course",
        "courses.Unit",
        "courses.Lesson",
        "courses.CheckQuestion",
        "resources.Resource",
    ),
    "resources": ("resources.Resource", "courses.Unit"),
    "reports": ("coalition.Report", "coalition.ReportSection"),
}


def version(family: str):
    """The family's current version (made if missing); None when the cache is unreachable."""
    current = cache.get(_version_key(family))
    if current is None:
        bump(family)
        current = cache.get(_version_key(family))
    return current


def connect_signals() -> None:
    """Called once from RootsConfig.ready(), so that every process (web, worker, management
    commands) bumps versions when content changes."""
    for family, labels in FAMILIES.items():
        _connect(family, labels)


def _connect(family: str, model_labels: Iterable[str]) -> None:
    def receiver(**_kwargs):
        bump(family)

    for label in model_labels:
        try:
            model = apps.get_model(label)
        except LookupError:
            continue  # an app that is not installed here
        uid = f"pagecache:{family}:{label}"
        post_save.connect(receiver, sender=model, weak=False, dispatch_uid=uid + ":save")
        post_delete.connect(receiver, sender=model, weak=False, dispatch_uid=uid + ":delete")
        for field in model._meta.many_to_many:
            m2m_changed.connect(
                receiver,
                sender=field.remote_field.through,
                weak=False,
                dispatch_uid=f"{uid}:{field.name}:m2m",
            )


def _cacheable_request(request) -> bool:
    if request.method != "GET" or request.user.is_authenticated:
        return False
    if "messages" in request.COOKIES:
        return False
    has_session = settings.SESSION_COOKIE_NAME in request.COOKIES
    return not (has_session and "_messages" in request.session)


def _page_key(family: str, current, request) -> str:
    headers = "|".join(request.headers.get(name, "") for name in VARY_HEADERS)
    return (
        f"pagecache:{family}:{current}:{translation.get_language()}:"
        f"{timezone.get_current_timezone_name()}:{headers}:{request.get_full_path()}"
    )


def cache_anonymous_page(family: str, *, timeout: int = TIMEOUT):
    """Decorate a public page's view: anonymous visitors get a cached copy, refreshed whenever
    one of the family's models (FAMILIES) is saved or deleted, or after `timeout` seconds."""
    if family not in FAMILIES:
        raise ValueError(f"Unknown page family {family!r}: add it to FAMILIES.")

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if not _cacheable_request(request):
                return view(request, *args, **kwargs)
            current = version(family)
            key = _page_key(family, current, request) if current is not None else None
            cached = cache.get(key) if key else None
            if cached is not None:
                content, content_type = cached
                token = get_token(request)
                response = HttpResponse(
                    content.replace(PLACEHOLDER, token), content_type=content_type
                )
                patch_vary_headers(response, ("Cookie", *VARY_HEADERS))
                return response
            response = view(request, *args, **kwargs)
            if key and response.status_code == 200 and not response.streaming:
                content = TOKEN.sub(
                    lambda m: f"{m['before']}{PLACEHOLDER}{m['after']}", response.content.decode()
                )
                cache.set(key, (content, response["Content-Type"]), timeout)
            return response

        return wrapper

    return decorator
