"""Every password check is limited, and nobody can use the limits to lock another person out
(roots.login_limits): attacks from other clients, spread over many clients, through a cookie of
one's own account, and through the admin's sign-in page."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from roots import login_limits
from tests.factories import PASSWORD, UserFactory
from tests.roots.test_accounts import TOO_MANY, rate_limit_clock  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db

ATTACKER = "203.0.113.9"
PERSON = "198.51.100.7"


def _client(address=PERSON) -> Client:
    return Client(REMOTE_ADDR=address)


def _log_in(client, email, password, **extra):
    return client.post(reverse("account_login"), {"login": email, "password": password}, **extra)


def _signed_in_as(client):
    return client.session.get("_auth_user_id")


def _browser_that_signed_in_before(user) -> Client:
    browser = _client()
    assert _log_in(browser, user.email, PASSWORD).status_code == 302
    browser.post(reverse("account_logout"))
    assert login_limits.COOKIE in browser.cookies
    return browser


def test_failures_from_another_client_never_lock_the_person_out(practitioner):
    attacker = _client(ATTACKER)
    answers = [_log_in(attacker, practitioner.email, "guess").content for _ in range(25)]
    assert TOO_MANY in answers[-1]  # the attacker is held back...

    person = _client(PERSON)  # ...and the person, from their own network, signs in at once
    assert _log_in(person, practitioner.email, PASSWORD).status_code == 302
    assert _signed_in_as(person) == str(practitioner.pk)


def test_the_failing_client_waits_five_minutes_then_may_try_again(practitioner, rate_limit_clock):  # noqa: F811
    attacker = _client(ATTACKER)
    for _ in range(5):
        assert TOO_MANY not in _log_in(attacker, practitioner.email, "guess").content
    assert TOO_MANY in _log_in(attacker, practitioner.email, PASSWORD).content
    assert _signed_in_as(attacker) is None

    rate_limit_clock.now += 5 * 60 + 1
    assert _log_in(attacker, practitioner.email, PASSWORD).status_code == 302


def test_guesses_spread_over_many_clients_are_capped_per_account(practitioner):
    checked = 0
    for n in range(40):
        if TOO_MANY not in _log_in(_client(f"192.0.2.{n}"), practitioner.email, "guess").content:
            checked += 1
    assert checked == 20  # passwords checked in the hour, however many clients send them

    refused = _client("192.0.2.200")
    assert TOO_MANY in _log_in(refused, practitioner.email, PASSWORD).content
    assert _signed_in_as(refused) is None


def test_a_browser_that_signed_in_before_gets_in_while_the_account_is_attacked(practitioner):
    browser = _browser_that_signed_in_before(practitioner)
    for n in range(40):
        _log_in(_client(f"192.0.2.{n}"), practitioner.email, "guess")
    for _ in range(10):
        _log_in(_client(PERSON), practitioner.email, "guess")  # even from the person's network
    assert TOO_MANY in _log_in(_client(PERSON), practitioner.email, PASSWORD).content

    assert _log_in(browser, practitioner.email, PASSWORD).status_code == 302
    assert _signed_in_as(browser) == str(practitioner.pk)


def test_the_cookie_of_ones_own_account_buys_no_guesses_at_another(practitioner):
    attacker_account = UserFactory(verified=True)
    attacker = _browser_that_signed_in_before(attacker_account)
    attacker.defaults["REMOTE_ADDR"] = ATTACKER
    checked = sum(
        TOO_MANY not in _log_in(attacker, practitioner.email, "guess").content for _ in range(10)
    )
    assert checked == 5

    attacker.cookies[login_limits.COOKIE] = attacker.cookies[login_limits.COOKIE].value + "x"
    assert TOO_MANY in _log_in(attacker, practitioner.email, "guess").content


def test_a_password_reset_lets_the_person_in_from_a_new_client(practitioner):
    for n in range(25):
        _log_in(_client(f"192.0.2.{n}"), practitioner.email, "guess")
    person = _client("198.51.100.50")
    assert TOO_MANY in _log_in(person, practitioner.email, PASSWORD).content

    person.post(reverse("account_reset_password"), {"email": practitioner.email})
    link = mail.outbox[-1].body.split("http://testserver", 1)[1].split()[0]
    form_url = person.get(link, follow=True).redirect_chain[-1][0]
    new_password = "another-long-passphrase"
    person.post(form_url, {"password1": new_password, "password2": new_password})
    person.post(reverse("account_logout"))
    person.cookies.pop(login_limits.COOKIE, None)  # a client the limits do not know

    assert _log_in(person, practitioner.email, new_password).status_code == 302


def test_re_authentication_counts_against_the_same_limits(client, practitioner):
    for _ in range(5):
        _log_in(_client(PERSON), practitioner.email, "guess")
    client.defaults["REMOTE_ADDR"] = PERSON
    client.force_login(practitioner)
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert TOO_MANY in response.content


# The admin's sign-in page.


def test_admin_login_checks_no_password(client, staff_user):
    admin_login = reverse("admin:login")
    for _ in range(30):
        client.post(admin_login, {"username": staff_user.email, "password": "guess"})
    response = client.post(
        f"{admin_login}?next=/admin/", {"username": staff_user.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next=/admin/"
    assert _signed_in_as(client) is None


def test_staff_reach_the_admin_through_the_limited_sign_in(client, staff_user):
    response = client.get(reverse("admin:index"), follow=True)
    assert response.redirect_chain[-1][0] == f"{reverse('account_login')}?next=/admin/"

    for _ in range(5):
        _log_in(client, staff_user.email, "guess", QUERY_STRING="next=/admin/")
    assert TOO_MANY in _log_in(client, staff_user.email, PASSWORD).content

    person = _client()
    response = person.post(
        f"{reverse('account_login')}?next=/admin/",
        {"login": staff_user.email, "password": PASSWORD},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/admin/"
    assert b"Site administration" in response.content


def test_admin_login_sends_signed_in_staff_on_and_refuses_others(client, staff_user, practitioner):
    client.force_login(staff_user)
    response = client.get(reverse("admin:login"), {"next": "/admin/roots/user/"})
    assert response["Location"] == "/admin/roots/user/"
    response = client.get(reverse("admin:login"), {"next": "https://elsewhere.example/"})
    assert response["Location"] == reverse("admin:index")
    response = client.get(reverse("admin:login"), {"next": "home"})  # a path, never a view name
    assert response["Location"] == "home"

    client.force_login(practitioner)
    response = client.get(reverse("admin:login"), {"next": "/admin/"})
    assert response.status_code == 403
    assert b"Your account has no access to the administration." in response.content


def test_admin_login_sends_visitors_to_the_sign_in_page(client):
    response = client.get(reverse("admin:login"), {"next": "https://elsewhere.example/"})
    assert response["Location"] == f"{reverse('account_login')}?next=/admin/"
