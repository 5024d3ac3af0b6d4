"""Who may do what, in one place. Each app keeps its own checks in `<app>/permissions.py` and
applies them to views through `permission_required` below.

Refusals follow one rule: an anonymous visitor is sent to sign in and brought back; a signed-in
user is answered 404 for objects they may not know exist, 403 (with an explanation) for ones
they may know but not use."""

from collections.abc import Callable
from datetime import timedelta
from functools import wraps

from allauth.account.models import EmailAddress
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

EDITORS_GROUP = "editors"
PUBLISHERS_GROUP = "publishers"
# How old an account must be before the site sends e-mail to others in its name.
NEW_ACCOUNT_AGE = timedelta(days=1)


def has_verified_email(user) -> bool:
    if not user.is_authenticated:
        return False
    cached = getattr(user, "_has_verified_email", None)
    if cached is None:
        cached = EmailAddress.objects.filter(user=user, verified=True).exists()
        user._has_verified_email = cached
    return cached


def is_new_account(user) -> bool:
    return timezone.now() - user.date_joined < NEW_ACCOUNT_AGE


def in_good_standing(user) -> bool:
    """An account the site may contact other people for: signed in and not deactivated (staff
    ban an account by making it inactive), with a verified e-mail address, and, unless it is a
    staff account, older than NEW_ACCOUNT_AGE (an account made for one burst of messages has to
    wait a day, by which time the burst has been noticed)."""
    if not (user.is_authenticated and user.is_active and has_verified_email(user)):
        return False
    return is_staff(user) or not is_new_account(user)


def _in_group(user, name: str) -> bool:
    if not user.is_authenticated:
        return False
    names = getattr(user, "_group_names", None)
    if names is None:
        names = set(user.groups.values_list("name", flat=True))
        user._group_names = names
    return name in names


def is_editor(user) -> bool:
    return user.is_authenticated and (user.is_superuser or _in_group(user, EDITORS_GROUP))


def is_publisher(user) -> bool:
    return user.is_authenticated and (user.is_superuser or _in_group(user, PUBLISHERS_GROUP))


def is_staff(user) -> bool:
    return user.is_authenticated and user.is_staff


def permission_required(
    check: Callable[..., bool],
    *,
    load: Callable[..., object] | None = None,
    refuse: int = 404,
    message: str = "",
):
    """Guard a view with `check(user)` or, given `load(request, **url_kwargs)`, with
    `check(user, obj)`; the loaded object is passed to the view after `request`."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if load is None:
                allowed = check(request.user)
            else:
                obj = load(request, **kwargs)
                allowed = check(request.user, obj)
            if not allowed:
                if not request.user.is_authenticated:
                    return redirect_to_login(request.get_full_path())
                if refuse == 403:
                    raise PermissionDenied(message)
                raise Http404
            if load is None:
                return view(request, *args, **kwargs)
            return view(request, obj, *args)

        return wrapper

    return decorator


def can_view_analytics(user) -> bool:
    return is_staff(user)


def can_view_organization(user, organization) -> bool:
    """Staff see every organization's roll-up; an administrator of the organization sees its."""
    return is_staff(user) or administers_organization(user, organization)


def administers_organization(user, organization) -> bool:
    """An administrator of this organization: they speak for it (attach its learning groups,
    and by that vouch for them)."""
    if not user.is_authenticated or organization is None:
        return False
    return organization.administrators.filter(user=user).exists()


def can_attach_to_organization(user, organization) -> bool:
    """Only an organization's administrators (and staff) put a learning group under its name."""
    return is_staff(user) or administers_organization(user, organization)


def administers_any_organization(user) -> bool:
    return user.is_authenticated and (is_staff(user) or user.administered_organizations.exists())
