"""The public verification form: a code typed any reasonable way finds its certificate; an
unknown one gets a page that says what a code looks like and where to find it (404); lookups
are limited per address."""

import re

import pytest
from django.urls import reverse

from courses.certificates.models import normalize_code

from .test_views import issued, verification_on_page

pytestmark = pytest.mark.django_db

FORM = "certificates:verify_form"


def test_verify_form_page_has_a_labelled_code_field(client):
    response = client.get(reverse(FORM))
    content = response.content.decode()
    assert response.status_code == 200
    assert re.search(r'<label\s+for="id_code"', content)
    assert 'name="code"' in content
    assert "Verify a certificate" in content


@pytest.mark.parametrize(
    "typed",
    [
        pytest.param(lambda code: code, id="as-printed"),
        pytest.param(lambda code: code.lower(), id="lower-case"),
        pytest.param(lambda code: code.replace("-", ""), id="no-dashes"),
        pytest.param(lambda code: code.replace("-", "").lower(), id="no-dashes-lower"),
        pytest.param(lambda code: f"  {code.replace('-', ' ')}  ", id="spaces"),
    ],
)
def test_verify_form_finds_a_code_however_typed(client, typed):
    certificate = issued(learner_name="Ana Lima")
    response = client.get(reverse(FORM), {"code": typed(certificate.code)})
    assert response.status_code == 302
    assert response["Location"] == reverse("certificates:verify", args=[certificate.code])
    badges, text = verification_on_page(client.get(response["Location"]))
    assert badges == ["Valid"]
    assert "Ana Lima" in text


def test_verify_page_finds_a_code_typed_without_dashes_in_its_address(client):
    certificate = issued()
    code = certificate.code.replace("-", "").lower()
    badges, _text = verification_on_page(client.get(reverse("certificates:verify", args=[code])))
    assert badges == ["Valid"]


def test_normalize_code_groups_by_four_whatever_the_separators():
    assert normalize_code(" r7kq 2m9x_4htp.wq3n ") == "R7KQ-2M9X-4HTP-WQ3N"
    assert normalize_code("zzzz-abcd-efgh-jkmn-pqrs") == "ZZZZ-ABCD-EFGH-JKMN-PQRS"
    assert normalize_code("") == ""


def test_unknown_code_gets_a_helpful_not_found_page_with_the_form(client):
    response = client.get(reverse(FORM), {"code": "ABCD-EFGH-JKMN-PQRS"})
    content = response.content.decode()
    assert response.status_code == 404
    assert "No certificate has this code" in content
    assert "sixteen letters and digits in four groups" in content
    assert "beside the QR code" in content
    assert 'value="ABCD-EFGH-JKMN-PQRS"' in content  # the form keeps what was typed
    for word in ["Valid", "Revoked"]:
        assert word not in content


def test_unknown_code_in_the_address_gets_the_same_page(client):
    response = client.get(reverse("certificates:verify", args=["NOPE-NOPE-NOPE-NOPE"]))
    assert response.status_code == 404
    assert "No certificate has this code" in response.content.decode()


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        ("", "This field is required."),
        ("R7KQ-2M9X", "A code has 16 letters and digits; this one has 8."),
        ("----", "A code has 16 letters and digits; this one has 0."),
        ("X" * 41, "Ensure this value has at most 40 characters (it has 41)."),
    ],
)
def test_verify_form_explains_a_malformed_code_inline(client, typed, error):
    response = client.get(reverse(FORM), {"code": typed})
    content = response.content.decode()
    assert response.status_code == 200
    assert "invalid-feedback" in content
    assert error in content


def test_verify_form_survives_hostile_input(client):
    for typed in ["\x00", "<script>alert(1)</script>", "\u202e" * 30, "%" * 40]:
        response = client.get(reverse(FORM), {"code": typed})
        assert response.status_code in (200, 400, 404)  # a NUL is refused by the middleware
        assert "<script>alert(1)</script>" not in response.content.decode()


def test_lookups_are_limited_per_address_with_a_way_back(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "lookup": "3/m/ip"}
    certificate = issued()
    for _ in range(2):
        assert client.get(reverse("certificates:verify", args=[certificate.code])).status_code
    assert client.get(reverse(FORM), {"code": "ABCD-EFGH-JKMN-PQRS"}).status_code == 404
    refused = client.get(reverse("certificates:verify", args=[certificate.code]))
    assert refused.status_code == 429
    assert "You have looked up 3 certificates in the last 1 minute." in refused.content.decode()
    assert f'href="{reverse(FORM)}"' in refused.content.decode()
    assert int(refused["Retry-After"]) <= 60


def test_lookups_count_per_address_not_per_person(client, practitioner, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "lookup": "2/m/ip"}
    certificate = issued()
    url = reverse("certificates:verify", args=[certificate.code])
    assert client.get(url).status_code == 200
    client.force_login(practitioner)  # signing in does not start a fresh count
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 429
