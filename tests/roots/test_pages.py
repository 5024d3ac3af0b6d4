import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_home_explains_the_course_and_collaborative_to_anonymous_visitors(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "root causes of health inequity" in content.lower()
    assert reverse("account_signup") in content
    assert 'href="#main"' in content  # skip link
    for landmark in ("<main", "<nav", "<footer"):
        assert landmark in content


def test_home_shows_signed_in_users_name_and_no_signup_link(client, practitioner):
    client.force_login(practitioner)
    content = client.get(reverse("home")).content.decode()
    assert practitioner.full_name in content
    assert "Create a free account" not in content


def test_every_page_sends_a_content_security_policy_without_inline_script(client):
    response = client.get(reverse("home"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "<script>" not in response.content.decode()


def test_unknown_page_answers_404_with_a_helpful_page(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"We could not find that page" in response.content


def test_static_assets_are_vendored_not_from_a_cdn(client):
    content = client.get(reverse("home")).content.decode()
    assert "/static/vendor/bootstrap/bootstrap.min.css" in content
    assert "/static/vendor/htmx/htmx.min.js" in content
    assert "cdn" not in content.lower()
