"""How many wrong passwords a sign-in takes, counted so that nobody can lock another person out.

Every password check (the sign-in page, re-authentication, and the admin's sign-in, which sends
staff to the sign-in page) goes through allauth's adapter, which calls `consume` before it and
takes the attempt back after a success. The limits are allauth's rate limits (ACCOUNT_RATE_LIMITS,
in the cache), counted three ways:

- `login_failed`, per client address: one client guessing across many accounts;
- `login_failed_address_client`, per account address *and* client: after a few failures that
  client waits a few minutes (a delay that ends by itself, never a lock an admin must lift); the
  client is the browser a person signed in with before (a signed cookie, `remember_client`), else
  the network address. An attacker who fails this way delays only themselves;
- `login_failed_address`, per account address from every client it does not know: caps guesses
  spread over many network addresses. It never counts or refuses a browser that signed in to
  the account before, and a password reset (which signs in) clears it, so the person can always
  get in while someone else keeps the limit full.

A refused attempt checks no password and takes back what it counted, so being refused by one
limit never fills another.
"""

from __future__ import annotations

import secrets

from allauth.core.internal import ratelimit
from django.conf import settings
from django.core import signing
from django.utils.crypto import salted_hmac

APP = "allauth.account"
COOKIE = "roots_signed_in_before"
COOKIE_MAX_AGE = 365 * 24 * 3600
_SALT = "roots.login_limits"


def _address(credentials: dict) -> str:
    return (credentials.get("email") or credentials.get("username") or "").strip().lower()


def _address_digest(address: str) -> str:
    # The cookie names the account without showing its address to the next user of the machine.
    return salted_hmac(_SALT, address).hexdigest()[:32]


def _known_client(request, address: str) -> str | None:
    """The browser's own id when it signed in to the account at `address` before, else None."""
    value = request.COOKIES.get(COOKIE)
    if not value:
        return None
    try:
        digest, client = signing.loads(value, salt=_SALT, max_age=COOKIE_MAX_AGE)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return client if digest == _address_digest(address) else None


def _limits(request, address: str) -> list[tuple[str, str | None]]:
    """(action, key) for every limit this attempt counts towards, the client's own first."""
    known = _known_client(request, address)
    if known:
        return [("login_failed_address_client", f"{address}|browser:{known}")]
    client = ratelimit.get_ip(request)
    return [
        ("login_failed", None),
        ("login_failed_address_client", f"{address}|ip:{client}"),
        ("login_failed_address", address),
    ]


class Usage:
    def __init__(self, usages):
        self._usages = usages

    def rollback(self) -> None:
        for usage in self._usages:
            usage.rollback()


def consume(request, credentials: dict) -> Usage | None:
    """Count one password attempt; None when a limit refuses it (and then nothing is counted)."""
    address = _address(credentials)
    counted = []
    for action, key in _limits(request, address):
        usage = ratelimit.consume(request, app=APP, action=action, key=key)
        if usage is None:
            Usage(counted).rollback()
            return None
        counted.append(usage)
    return Usage(counted)


def clear(request, credentials: dict) -> None:
    """Forget the failures counted against the account at this address (after a reset)."""
    address = _address(credentials)
    keys = {("login_failed_address", address), *_limits(request, address)}
    for action, key in keys:
        if key is not None:
            ratelimit.clear(request, app=APP, action=action, key=key)


def remember_client(request, response, user) -> None:
    """Mark this browser as one that signed in to `user`'s account (on a successful sign-in)."""
    address = (user.email or "").lower()
    if not address:
        return
    client = _known_client(request, address) or secrets.token_urlsafe(16)
    response.set_cookie(
        COOKIE,
        signing.dumps([_address_digest(address), client], salt=_SALT),
        max_age=COOKIE_MAX_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
