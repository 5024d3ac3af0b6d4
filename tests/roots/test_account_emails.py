"""Every e-mail flow of /accounts/email/ (add, verify, make primary, remove, change) leaves the
account a working login: each test ends by signing in the way a person would, from a fresh
browser, with the password and, where the site asks for it, the link it e-mails."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client
from django.urls import reverse

from roots.models import User
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NEW = "new-address@example.org"


def _confirm_link_sent_to(email: str) -> str | None:
    for message in reversed(mail.outbox):
        if message.to == [email]:
            found = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+)", message.body)
            if found:
                return found.group(1)
    return None


def _signs_in_as(email: str, password: str = PASSWORD) -> User | None:
    """Sign in with `email` and the password in a new browser, following the confirmation link
    if the site e-mails one instead; the account signed in to, or None."""
    client = Client()
    sent_before = len(mail.outbox)
    client.post(reverse("account_login"), {"login": email, "password": password})
    if "_auth_user_id" not in client.session:
        link = _confirm_link_sent_to(email) if len(mail.outbox) > sent_before else None
        if link is None:
            return None
        client.post(link)
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id) if user_id else None


def _add(client, email=NEW):
    return client.post(reverse("account_email"), {"action_add": "", "email": email})


def test_adding_an_address_keeps_the_unverified_sign_in_address(client, unverified_user):
    old = unverified_user.email
    client.force_login(unverified_user)

    assert _add(client).status_code == 302
    unverified_user.refresh_from_db()
    assert unverified_user.email == old
    assert _confirm_link_sent_to(NEW)
    page = client.get(reverse("account_email")).content.decode()
    assert re.search(rf"Current email.*{re.escape(old)}.*Changing to.*{NEW}", page, re.DOTALL)
    assert _signs_in_as(old) == unverified_user


def test_second_unverified_user_adding_an_address_gets_no_server_error(db):
    first, second = UserFactory(unverified=True), UserFactory(unverified=True)
    for number, user in enumerate([first, second]):
        client = Client()
        client.force_login(user)
        assert _add(client, f"changed{number}@example.org").status_code == 302
    for user in (first, second):
        old = user.email
        user.refresh_from_db()
        assert user.email == old
        assert _signs_in_as(old) == user


def test_adding_an_address_to_an_account_made_without_one_keeps_its_login(client):
    made_by_admin = UserFactory()  # no EmailAddress row, as createsuperuser or the admin make
    old = made_by_admin.email
    client.force_login(made_by_admin)

    assert _add(client).status_code == 302
    made_by_admin.refresh_from_db()
    assert made_by_admin.email == old
    assert _signs_in_as(old) == made_by_admin


def test_a_second_change_replaces_the_first_and_never_the_sign_in_address(client, unverified_user):
    old = unverified_user.email
    client.force_login(unverified_user)
    _add(client, "first-try@example.org")
    _add(client, NEW)

    addresses = set(EmailAddress.objects.filter(user=unverified_user).values_list("email"))
    assert addresses == {(old,), (NEW,)}
    assert _signs_in_as(old) == unverified_user


@pytest.mark.parametrize("verified", [True, False])
def test_verifying_the_new_address_makes_it_the_sign_in_address(client, verified):
    user = UserFactory(verified=True) if verified else UserFactory(unverified=True)
    old = user.email
    client.force_login(user)
    _add(client)

    response = client.post(_confirm_link_sent_to(NEW), follow=True)
    assert b"You have confirmed" in response.content
    user.refresh_from_db()
    assert user.email == NEW
    assert list(EmailAddress.objects.filter(user=user).values_list("email", "verified")) == [
        (NEW, True)
    ]
    assert _signs_in_as(NEW) == user
    assert _signs_in_as(old) is None


def test_verifying_an_address_another_account_signs_in_with_is_refused_cleanly(
    client, practitioner
):
    # The add form does not say the address is taken (enumeration prevention), so the
    # confirmation is where it must be stopped.
    other = UserFactory(email=NEW)
    old = practitioner.email
    client.force_login(practitioner)
    _add(client)

    response = client.post(_confirm_link_sent_to(NEW), follow=True)
    assert response.status_code == 200
    assert f"{NEW} could not be confirmed: another account signs in with it." in (
        response.content.decode()
    )
    practitioner.refresh_from_db()
    other.refresh_from_db()
    assert (practitioner.email, other.email) == (old, NEW)
    assert _signs_in_as(old) == practitioner


def test_making_an_unverified_address_primary_is_refused_and_keeps_the_login(
    client, unverified_user
):
    old = unverified_user.email
    client.force_login(unverified_user)
    _add(client)

    response = client.post(
        reverse("account_email"), {"action_primary": "", "email": NEW}, follow=True
    )
    assert f"Verify {NEW} first" in response.content.decode()
    unverified_user.refresh_from_db()
    assert unverified_user.email == old
    assert _signs_in_as(old) == unverified_user


def test_making_primary_an_address_another_account_signs_in_with_is_no_server_error(
    client, unverified_user
):
    other = UserFactory(email=NEW, verified=True, password="the-other-persons-passphrase")
    client.force_login(unverified_user)
    _add(client)

    response = client.post(reverse("account_email"), {"action_primary": "", "email": NEW})
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.email == NEW
    assert _signs_in_as(NEW, "the-other-persons-passphrase") == other
    assert _signs_in_as(unverified_user.email) == unverified_user


def test_removing_the_sign_in_address_is_refused(client):
    made_by_admin = UserFactory()
    old = made_by_admin.email
    client.force_login(made_by_admin)
    _add(client)

    response = client.post(
        reverse("account_email"), {"action_remove": "", "email": old}, follow=True
    )
    assert "You cannot remove" in response.content.decode()
    made_by_admin.refresh_from_db()
    assert made_by_admin.email == old
    assert EmailAddress.objects.filter(user=made_by_admin, email=old).exists()
    assert _signs_in_as(old) == made_by_admin


def test_cancelling_a_change_removes_only_the_new_address(client, practitioner):
    old = practitioner.email
    client.force_login(practitioner)
    _add(client)

    response = client.post(reverse("account_email"), {"action_remove": "", "email": NEW})
    assert response.status_code == 302
    assert list(EmailAddress.objects.filter(user=practitioner).values_list("email")) == [(old,)]
    assert _signs_in_as(old) == practitioner
    assert _signs_in_as(NEW) is None


def test_email_page_requires_sign_in(client):
    response = client.get(reverse("account_email"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
