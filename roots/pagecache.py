"""Whole-page caching of public pages for anonymous visitors, in the shared cache (Redis).

A page is cached under a key holding the version of everything it shows: a **family** version
per group of public content models (the catalogue, reports...). Saving or deleting a row of a
family sets a new version, so an edit shows at once and nothing has to be deleted. The same
versions key fragments that are the same for every viewer (a course outline): see `version()`.

The core names no feature model: each app says, from its AppConfig.ready(), which of its models
a family shows and which query parameters its pages read (`register_family`); registering
connects the signals that set new versions, in every process (web, worker, management
commands). Writes that skip model signals (queryset.update()) call `bump_families_of`.

A cached page is keyed by its family's version and by the query parameters its family declares
(what the view reads): junk parameters neither make a second copy nor reach the key. Signed-in
pages are never cached here: they are made fast by doing less work, not by a second copy per
person (docs/decisions/page-cache.md). Versions are set at once and again when the transaction
commits, so a page rendered from data read before the commit is never stored under the new
version.

Only GETs without pending messages are served from or stored in the cache, and a response that
added a message is not stored. The CSRF token every page carries (base.html puts it in htmx's
headers) is cut out when a page is stored, which keeps the page as the pieces around it, and the
visitor's own token is put back between them: no placeholder text exists that a user could write.
Pages with time-dependent wording ("in 3 days") are at most TIMEOUT seconds stale.

When Redis is down, roots.cache.ResilientRedisCache misses: the page is rendered as usual.
`disabled()` turns the cache off for a block (the benchmark measures uncached rendering with it).
"""

import contextlib
import contextvars
import functools
import hashlib
import re
import time
from collections.abc import Callable, Iterable

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.utils.http import urlencode

TIMEOUT = 300  # seconds: also bounds how stale time-dependent wording ("in 3 days") can get
# Where templates put the masked token: the htmx header on <body> and hidden form inputs.
TOKEN = re.compile(
    r'(?:"X-CSRFToken": "|name="csrfmiddlewaretoken" value=")(?P<token>[A-Za-z0-9]{64})"'
)
VARY_HEADERS = ("HX-Request", "HX-History-Restore-Request")


def _version_key(family: str) -> str:
    return f"pagecache:{family}:version"


def bump(family: str) -> None:
    """A new version for the family: every cached page of it is out of date."""
    _bump([_version_key(family)], None)


def bump_families_of(model) -> None:
    """New versions for every family showing this model: for writes that skip model signals,
    such as queryset.update()."""
    for family, labels in FAMILIES.items():
        if model._meta.label in labels:
            bump(family)


def _bump(keys: list[str], timeout) -> None:
    """Set new versions now and again on commit: a page rendered by another request from rows
    read before this transaction commits must not be stored under a version that is current
    after it. (Tests run inside a transaction that never commits: the first bump serves them.)"""

    def run():
        value = time.time_ns()
        cache.set_many(dict.fromkeys(keys, value), timeout)

    run()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(run)


# What each app registered (see the module's docstring): family -> model labels and the query
# parameters its pages read.
FAMILIES: dict[str, set[str]] = {}
FAMILY_PARAMS: dict[str, tuple[str, ...]] = {}


def register_family(family: str, *model_labels: str, params: Iterable[str] | None = None) -> None:
    """Pages of `family` show these models: saving or deleting one makes them out of date.
    `params` are the query parameters the family's views read (the app that owns the views
    says so; another app adding a model it shows leaves them alone)."""
    FAMILIES.setdefault(family, set()).update(model_labels)
    if params is not None:
        FAMILY_PARAMS[family] = tuple(sorted(params))
    for label in model_labels:
        _connect(f"family:{family}", label, lambda family=family, **_kwargs: bump(family))


_disabled = contextvars.ContextVar("pagecache_disabled", default=False)


@contextlib.contextmanager
def disabled():
    """Render without the page cache in this block: nothing is read from it or stored in it."""
    token = _disabled.set(True)
    try:
        yield
    finally:
        _disabled.reset(token)


def version(family: str):
    """The family's current version (made if missing); None when the cache is unreachable."""
    versions = _current_versions({_version_key(family): None})
    return versions[0] if versions else None


def _connect(uid_prefix: str, label: str, receiver) -> None:
    model = apps.get_model(label)
    uid = f"pagecache:{uid_prefix}:{label}"
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
    if _disabled.get() or request.method != "GET":
        return False
    if request.user.is_authenticated:
        return False
    if "messages" in request.COOKIES:
        return False
    has_session = settings.SESSION_COOKIE_NAME in request.COOKIES
    return not (has_session and "_messages" in request.session)


def _request_key(prefix: str, request, params: Iterable[str] | None = None) -> str:
    """The key of this request's page; with `params`, only those query parameters count."""
    headers = "|".join(request.headers.get(name, "") for name in VARY_HEADERS)
    if params is None:
        where = request.get_full_path()
    else:
        query = [(name, request.GET.getlist(name)) for name in params if name in request.GET]
        where = f"{request.path}?{urlencode(query, doseq=True)}"
    digest = hashlib.blake2b(where.encode(), digest_size=16).hexdigest()
    return (
        f"pagecache:{prefix}:{translation.get_language()}:"
        f"{timezone.get_current_timezone_name()}:{headers}:{digest}"
    )


def _cached_response(request, key: str):
    cached = cache.get(key)
    if cached is None:
        return None
    pieces, content_type = cached
    response = HttpResponse(get_token(request).join(pieces), content_type=content_type)
    patch_vary_headers(response, ("Cookie", *VARY_HEADERS))
    return response


def _store(request, key: str, response, timeout: int) -> None:
    if response.status_code != 200 or response.streaming:
        return
    storage = getattr(request, "_messages", None)
    if storage is not None and getattr(storage, "_queued_messages", None):
        return  # the page shows a message meant for this request only
    cache.set(key, (_around_tokens(response.content.decode()), response["Content-Type"]), timeout)


def _around_tokens(content: str) -> list[str]:
    """The page cut at each CSRF token: the pieces between them, tokens left out. User text
    cannot fake a token's place: it is escaped, and the pattern needs a literal quote."""
    pieces, start = [], 0
    for match in TOKEN.finditer(content):
        pieces.append(content[start : match.start("token")])
        start = match.end("token")
    pieces.append(content[start:])
    return pieces


def _serve(request, key: str | None, view, args, kwargs, timeout: int):
    if key is None:  # the cache is unreachable
        return view(request, *args, **kwargs)
    response = _cached_response(request, key)
    if response is not None:
        return response
    response = view(request, *args, **kwargs)
    _store(request, key, response, timeout)
    return response


def _check_families(families: Iterable[str]) -> None:
    for family in families:
        if family not in FAMILIES:
            raise ValueError(
                f"Unknown page family {family!r}: register it with register_family() in the "
                "AppConfig.ready() of the app whose pages show it."
            )


def cache_anonymous_page(family: str, *, timeout: int = TIMEOUT):
    """Decorate a public page's view: anonymous visitors get a cached copy, refreshed whenever
    one of the family's models (FAMILIES) is saved or deleted, or after `timeout` seconds."""
    _check_families([family])

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if not _cacheable_request(request):
                return view(request, *args, **kwargs)
            current = version(family)
            params = FAMILY_PARAMS.get(family, ())
            key = (
                _request_key(f"{family}:{current}", request, params)
                if current is not None
                else None
            )
            return _serve(request, key, view, args, kwargs, timeout)

        return wrapper

    return decorator


def _current_versions(timeouts: dict[str, int | None]) -> list | None:
    """The versions under these keys (key -> its timeout), made where missing with add(), so
    that a version set meanwhile by a write is never overwritten; None when the cache is
    unreachable."""
    found = cache.get_many(list(timeouts))
    missing = [key for key in timeouts if key not in found]
    if missing:
        for key in missing:
            cache.add(key, time.time_ns(), timeouts[key])
        found.update(cache.get_many(missing))
        if any(key not in found for key in timeouts):
            return None
    return [found[key] for key in timeouts]


_FRAGMENTS: dict = {}
FRAGMENTS_KEPT = 512


def fragment(*families: str, key, build: Callable):
    """What `build()` returns, kept in this process under the current versions of `families`:
    for what is the same for every viewer (a course outline, a lesson with its readings), so
    that it is worked out once per content version instead of on every request. `key`
    (hashable) tells fragments apart; the value is shared, so callers must not change it.
    Without the cache (unreachable) every call builds."""
    _check_families(families)
    versions = _current_versions(dict.fromkeys(map(_version_key, families)))
    if versions is None:
        return build()
    memo_key = (families, tuple(versions), key)
    try:
        return _FRAGMENTS[memo_key]
    except KeyError:
        pass
    value = build()
    if len(_FRAGMENTS) >= FRAGMENTS_KEPT:
        _FRAGMENTS.clear()  # old versions are never asked for again: start afresh
    _FRAGMENTS[memo_key] = value
    return value
