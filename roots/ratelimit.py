"""Per-person limits on expensive requests: documents a worker renders (PDF transcripts, the
journal's PDF), exports built in the request (CSV, Markdown) and the lesson page's heartbeats;
and per-address limits on public lookups anyone may make (certificate verification), which would
otherwise let a script try codes without end.

The counting is allauth's rate limiter, the one the sign-in limits use (`roots.login_limits`):
a window of timestamps per person and action in the cache, failing open while Redis is down
(`roots.cache`). The rates are settings, `RATE_LIMITS` (an action to allauth's rate syntax,
"amount/period/user"), so an operator tunes them and a test may lift them. A refused request
checks nothing else and is answered 429 with the limit, how long to wait and a way back.
"""

from __future__ import annotations

import math
import time
from functools import wraps
from http import HTTPStatus

from allauth.core.internal import ratelimit
from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

APP = "roots"
# What a refused person is told they asked for too often, per action.
ACTIONS = {
    "document": _("You have asked for %(amount)s documents in the last %(period)s."),
    "export": _("You have downloaded %(amount)s exports in the last %(period)s."),
    "lookup": _("You have looked up %(amount)s certificates in the last %(period)s."),
    "beat": _("Your lesson pages have reported your time %(amount)s times in the last %(period)s."),
}


def _duration(seconds: float) -> str:
    """A span of time as a person says it, rounded up to its largest unit: "12 minutes"."""
    if seconds >= 86400:
        count = math.ceil(seconds / 86400)
        return ngettext("%(count)s day", "%(count)s days", count) % {"count": count}
    if seconds >= 3600:
        count = math.ceil(seconds / 3600)
        return ngettext("%(count)s hour", "%(count)s hours", count) % {"count": count}
    if seconds >= 60:
        count = math.ceil(seconds / 60)
        return ngettext("%(count)s minute", "%(count)s minutes", count) % {"count": count}
    count = max(math.ceil(seconds), 1)
    return ngettext("%(count)s second", "%(count)s seconds", count) % {"count": count}


def _rates(action: str) -> list[ratelimit.Rate]:
    return ratelimit.get_rates(app=APP, action=action, config=settings.RATE_LIMITS or {})


def _refusal(request, action: str) -> tuple[ratelimit.Rate, float] | None:
    """The rate that is full for this person and the seconds until it lets one more through."""
    now = time.time()
    for rate in _rates(action):
        key = ratelimit.get_cache_key(request, app=APP, action=action, rate=rate)
        history = [stamp for stamp in cache.get(key, []) if stamp > now - rate.duration]
        if len(history) >= rate.amount:
            return rate, max(history[rate.amount - 1] + rate.duration - now, 1)
    return None


def consume(request, action: str) -> bool:
    """Count one request of `action`; False when a limit is full. An action limited per person
    ("/user") counts signed-in people only (the views it guards refuse anonymous visitors
    anyway); one limited per address ("/ip") counts everyone."""
    if not request.user.is_authenticated and any(rate.per != "ip" for rate in _rates(action)):
        return True
    usage = ratelimit.consume(
        request, app=APP, action=action, config=settings.RATE_LIMITS or {}, limit_get=True
    )
    return usage is not None


def refused(request, action: str, *, back: str):
    """The 429 page: which limit, how long to wait, and a link back to `back`."""
    rate, wait = _refusal(request, action) or (_rates(action)[0], 60)
    message = ACTIONS[action] % {"amount": rate.amount, "period": _duration(rate.duration)}
    response = render(
        request,
        "429.html",
        {
            "message": message,
            "wait": _duration(wait),
            "back": back,
        },
        status=HTTPStatus.TOO_MANY_REQUESTS,
    )
    response["Retry-After"] = str(math.ceil(wait))
    return response


def limited(action: str, *, back: str, keep: tuple[str, ...] = ()):
    """Refuse a view with the 429 page once the person has used up `action`'s rates. `back` is
    the URL name of the page the refusal links to, reversed with the arguments named in `keep`
    taken from the view's own URL. Put it below the permission checks, so that only people the
    view admits are counted."""
    if action not in ACTIONS:
        raise ValueError(f"Unknown rate-limited action {action!r}")

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not consume(request, action):
                url_kwargs = request.resolver_match.kwargs if request.resolver_match else {}
                back_url = reverse(back, kwargs={name: url_kwargs[name] for name in keep})
                return refused(request, action, back=back_url)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
