"""A NUL character anywhere in a request's address: answered before any view, never a server
error (PostgreSQL's driver raises on a NUL in a query). tests/abuse/test_hostile_urls.py sends
this and more to every URL of the site."""

import pytest
from django.urls import reverse

from tests.certificates.test_views import issued
from tests.groups.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return issued()


@pytest.mark.parametrize("suffix", ["%00", "a%00b", "%00%00"])
def test_nul_in_a_certificate_code_is_not_found(client, certificate, suffix):
    client.raise_request_exception = False
    response = client.get(f"/certificates/verify/{certificate.code}{suffix}/")
    assert response.status_code == 404
    assert "Page not found" in response.text


def test_nul_in_a_calendar_feed_key_is_not_found(client, practitioner):
    membership = MembershipFactory(user=practitioner)
    client.raise_request_exception = False
    token = membership.calendar_token
    for path in ("/groups/calendar/%00.ics", f"/groups/calendar/{token}%00.ics"):
        assert client.get(path).status_code == 404
        assert client.post(path).status_code == 404


def test_the_real_addresses_still_answer(client, certificate, practitioner):
    membership = MembershipFactory(user=practitioner)
    assert client.get(reverse("certificates:verify", args=[certificate.code])).status_code == 200
    assert client.get(membership.get_calendar_feed_url()).status_code == 200


@pytest.mark.parametrize("query", ["page=%00", "q=a%00b", "%00=1", "state=1&state=%00"])
def test_nul_in_the_query_string_is_a_bad_request(client, staff_user, query):
    client.force_login(staff_user)
    client.raise_request_exception = False
    for path in (reverse("coalition:report_manage"), reverse("search"), reverse("home")):
        response = client.get(f"{path}?{query}")
        assert response.status_code == 400, path
