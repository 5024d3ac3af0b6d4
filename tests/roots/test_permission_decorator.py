"""roots.permissions.permission_required: one guard for every view."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.test import RequestFactory

from roots.permissions import permission_required
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _view(request, *args):
    return HttpResponse("the page")


def _request(user):
    request = RequestFactory().get("/somewhere/?x=1")
    request.user = user
    return request


def test_refused_by_default_as_not_found_so_the_object_is_not_revealed():
    guarded = permission_required(lambda user: False)(_view)
    with pytest.raises(Http404):
        guarded(_request(UserFactory()))


def test_refused_with_403_carries_its_message_or_none():
    with pytest.raises(PermissionDenied) as refused:
        permission_required(lambda user: False, refuse=403)(_view)(_request(UserFactory()))
    assert str(refused.value) == ""
    with pytest.raises(PermissionDenied, match="Only facilitators"):
        permission_required(lambda user: False, refuse=403, message="Only facilitators")(_view)(
            _request(UserFactory())
        )


def test_anonymous_visitor_is_sent_to_sign_in_and_back():
    response = permission_required(lambda user: False)(_view)(_request(AnonymousUser()))
    assert response.status_code == 302
    assert response["Location"].endswith("?next=/somewhere/%3Fx%3D1")


def test_loaded_object_is_checked_and_passed_to_the_view():
    seen = []

    def view(request, obj):
        seen.append(obj)
        return HttpResponse()

    guarded = permission_required(
        lambda user, obj: obj == "mine", load=lambda request, pk: "mine" if pk == 1 else "theirs"
    )(view)
    guarded(_request(UserFactory()), pk=1)
    assert seen == ["mine"]
    with pytest.raises(Http404):
        guarded(_request(UserFactory()), pk=2)
