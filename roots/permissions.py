"""Who may do what, in one place. Each app keeps its own checks in `<app>/permissions.py` and
applies them to views through `permission_required` below.

Refusals follow one rule: an anonymous visitor is sent to sign in and brought back; a signed-in
user is answered 404 for objects they may not know exist, 403 (with an explanation) for ones
they may know but not use."""

from collections.abc import Callable
from functools import wraps

from allauth.account.models import EmailAddress
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404

EDITORS_GROUP = "editors"
PUBLISHERS_GROUP = "publishers"


def has_verified_email(user) -> bool:
    if not user.is_authenticated:
        return False
    cached = getattr(user, "_has_verified_email", None)
    if cached is None:
        cached = EmailAddress.objects.filter(user=user, verified=True).exists()
        user._has_verified_email = cached
    return cached


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
    if not user.is_authenticated:
        return False
    if is_staff(user):
        return True
    return organization.administrators.filter(user=user).exists()


def administers_any_organization(user) -> bool:
    return user.is_authenticated and (is_staff(user) or user.administered_organizations.exists())
