"""Whole-page caching in the shared cache (Redis): public pages for anonymous visitors, and the
busiest signed-in pages per user.

A page is cached under a key holding the versions of everything it shows; saving or deleting a
row it depends on sets a new version, so an edit shows at once and nothing has to be deleted.
Three kinds of version exist:

- a **family** version per group of public content models: the catalogue, reports...;
- a **user** version per person, for the rows they own (progress, reflections, certificates,
  memberships, their own account);
- a **group** version per learning group, for its rows (members, sessions, discussions) and for
  its members' progress, which its facilitators' dashboard shows.

The core names no feature model: each app says, from its AppConfig.ready(), which of its models
a family shows (`register_family`), which rows belong to one person (`register_owned`) and which
to one group (`register_group_rows`); registering connects the signals that set new versions, in
every process (web, worker, management commands).

Anonymous pages (`cache_anonymous_page`) are keyed by family versions and by the query
parameters their family declares (what the view reads): junk parameters neither make a second
copy nor reach the key. Signed-in pages (`cache_personal_page`) are keyed by the viewer, their
user version and, for a group's pages, the group's version: a page is only ever served to the
person it was rendered for, and any change to their rights (a membership, a role, staff status)
is a change to a versioned row. Versions are set at once and again when the transaction commits,
so a page rendered from data read before
the commit is never stored under the new version.

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
from django.core.exceptions import ObjectDoesNotExist
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
# parameters its pages read; model label -> how to find a row's owner or group.
FAMILIES: dict[str, set[str]] = {}
FAMILY_PARAMS: dict[str, tuple[str, ...]] = {}
OWNED: dict[str, tuple[str, bool]] = {}
GROUP_ROWS: dict[str, Callable] = {}


def register_family(family: str, *model_labels: str, params: Iterable[str] | None = None) -> None:
    """Pages of `family` show these models: saving or deleting one makes them out of date.
    `params` are the query parameters the family's views read (the app that owns the views
    says so; another app adding a model it shows leaves them alone)."""
    FAMILIES.setdefault(family, set()).update(model_labels)
    if params is not None:
        FAMILY_PARAMS[family] = tuple(sorted(params))
    for label in model_labels:
        _connect(f"family:{family}", label, lambda family=family, **_kwargs: bump(family))


def register_owned(model_label: str, owner: str, *, on_group_pages: bool) -> None:
    """Rows of `model_label` belong to the person whose id is in attribute `owner`; with
    `on_group_pages`, they also show on the pages of that person's learning groups."""
    OWNED[model_label] = (owner, on_group_pages)
    _connect(f"user:{model_label}", model_label, _owned_receiver(owner, on_group_pages))


def register_group_rows(model_label: str, group_of: Callable) -> None:
    """Rows of `model_label` show on one learning group's pages; `group_of(row)` is its id."""
    GROUP_ROWS[model_label] = group_of
    _connect(f"group:{model_label}", model_label, _group_receiver(group_of))


SCOPE_TIMEOUT = 24 * 3600  # a user's or group's version outlives every page stored under it
_disabled = contextvars.ContextVar("pagecache_disabled", default=False)


@contextlib.contextmanager
def disabled():
    """Render without the page cache in this block: nothing is read from it or stored in it."""
    token = _disabled.set(True)
    try:
        yield
    finally:
        _disabled.reset(token)


def _scope_key(scope: str, pk) -> str:
    return f"pagecache:{scope}:{pk}:version"


def bump_user(user_id: int, *, with_groups: bool = True) -> None:
    """A new version for one person's pages and, with `with_groups`, for the pages of every
    group they belong to (their progress shows on its dashboard). For writes that skip model
    signals, such as queryset.update()."""
    keys = [_scope_key("user", user_id)]
    if with_groups:
        keys += [_scope_key("group", pk) for pk in _groups_of(user_id)]
    _bump(keys, SCOPE_TIMEOUT)


def bump_group(group_id: int) -> None:
    _bump([_scope_key("group", group_id)], SCOPE_TIMEOUT)


def _groups_of(user_id: int) -> list[int]:
    try:
        membership = apps.get_model("learning_groups", "Membership")
    except LookupError:
        return []
    return list(membership.objects.filter(user_id=user_id).values_list("group_id", flat=True))


def version(family: str):
    """The family's current version (made if missing); None when the cache is unreachable."""
    versions = _current_versions({_version_key(family): None})
    return versions[0] if versions else None


def _owned_receiver(owner: str, with_groups: bool):
    def receiver(instance=None, **kwargs):
        if kwargs.get("signal") is m2m_changed:
            if not kwargs["action"].startswith("post_"):
                return
            if kwargs.get("reverse"):  # e.g. Group.user_set: the users are the pk_set
                for user_id in kwargs.get("pk_set") or ():
                    bump_user(user_id, with_groups=with_groups)
                return
        user_id = getattr(instance, owner, None)
        if user_id is not None:
            bump_user(user_id, with_groups=with_groups)

    return receiver


def _group_receiver(group_of: Callable):
    def receiver(instance=None, **kwargs):
        if kwargs.get("signal") is m2m_changed and not kwargs["action"].startswith("post_"):
            return
        try:
            group_id = group_of(instance)
        except ObjectDoesNotExist:  # a cascade deleted the parent first; it bumped already
            return
        if group_id is not None:
            bump_group(group_id)

    return receiver


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


def _cacheable_request(request, *, signed_in: bool) -> bool:
    if _disabled.get() or request.method != "GET":
        return False
    if request.user.is_authenticated != signed_in:
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
            if not _cacheable_request(request, signed_in=False):
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


def cache_personal_page(*families: str, group: Callable | None = None, timeout: int = TIMEOUT):
    """Decorate a signed-in page's view (outside its permission check): each person gets their
    own cached copy, refreshed when one of `families`, their own rows (OWNED) or, when `group`
    maps the view's keyword arguments to a learning group's id, that group's rows (GROUP_ROWS)
    change. Anonymous visitors go straight to the view."""
    _check_families(families)

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if not _cacheable_request(request, signed_in=True):
                return view(request, *args, **kwargs)
            keys = dict.fromkeys((_version_key(family) for family in families), None)
            keys[_scope_key("user", request.user.pk)] = SCOPE_TIMEOUT
            if group is not None:
                group_id = group(**kwargs)
                if group_id is None:  # not known yet: the view finds it (or answers 404)
                    return view(request, *args, **kwargs)
                keys[_scope_key("group", group_id)] = SCOPE_TIMEOUT
            versions = _current_versions(keys)
            if versions is None:
                return view(request, *args, **kwargs)
            stamp = hashlib.blake2b(repr(versions).encode(), digest_size=8).hexdigest()
            key = _request_key(f"personal:{request.user.pk}:{stamp}", request)
            return _serve(request, key, view, args, kwargs, timeout)

        return wrapper

    return decorator
