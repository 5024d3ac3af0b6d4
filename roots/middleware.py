import contextlib
import zoneinfo

from django.core.exceptions import BadRequest
from django.http import Http404
from django.utils import timezone


class UserTimezoneMiddleware:
    """Show times in the signed-in user's time zone; they are stored in UTC."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.time_zone:
            with contextlib.suppress(zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.activate(zoneinfo.ZoneInfo(user.time_zone))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


class NulCharacterMiddleware:
    """No address of the site and no value it asks for contains a NUL character, and PostgreSQL
    cannot take one in a query (the driver raises), so a request carrying one is answered here,
    before any view reads it: 404 for a path (it names nothing), 400 for a query string. Other
    characters need nothing: bytes that are not UTF-8 reach views percent-encoded again
    (Django), as text that simply matches nothing."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path_info:
            raise Http404
        if any("\x00" in key or "\x00" in "".join(values) for key, values in request.GET.lists()):
            raise BadRequest("NUL character in the query string")
        return self.get_response(request)
