import datetime
import re
import time

import pytest
from allauth.account.models import EmailAddress
from allauth.core.internal import ratelimit as allauth_ratelimit
from django.core import mail
from django.test import Client
from django.urls import reverse

from roots.models import Organization, User
from tests.factories import PASSWORD, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _link_in(message) -> str:
    return re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)


def test_signup_sends_verification_email_and_confirming_verifies(client):
    response = client.post(
        reverse("account_signup"),
        {
            "full_name": "Maya Rivera",
            "email": "Maya@Example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session  # signed in by the link, not before
    user = User.objects.get(email="maya@example.org")
    assert user.full_name == "Maya Rivera"
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["maya@example.org"]

    confirm_path = _link_in(mail.outbox[0])
    page = client.get(confirm_path)
    assert b"maya@example.org" in page.content
    response = client.post(confirm_path)
    assert response.status_code == 302
    assert EmailAddress.objects.get(user=user).verified

    client.logout()
    assert client.login(email="maya@example.org", password=PASSWORD)


def _sign_up(client, email, full_name="Someone Else"):
    return client.post(
        reverse("account_signup"),
        {"full_name": full_name, "email": email, "password1": PASSWORD, "password2": PASSWORD},
    )


def _page_without(response, email) -> str:
    page = response.content.decode().replace(email, "ADDRESS")
    return re.sub(r'"X-CSRFToken": "\w+"', "", page)


def test_signup_never_says_which_addresses_have_accounts(practitioner):
    # Enumeration: someone signs up once with an address they want to test, once with a new one.
    taken_email, new_email = practitioner.email.upper(), "new-person@example.org"
    answers = {}
    for email in (taken_email, new_email):
        client = Client()
        response = _sign_up(client, email)
        assert response.status_code == 302
        assert response["Location"] == reverse("account_email_verification_sent")
        assert "_auth_user_id" not in client.session
        answers[email] = _page_without(client.get(response["Location"]), email.lower())
    assert answers[taken_email] == answers[new_email]
    # The owner learns of it by e-mail, with the way back in; their account is unchanged.
    (to_owner,) = (message for message in mail.outbox if message.to == [practitioner.email])
    assert "an account using that email address already exists" in to_owner.body
    assert reverse("account_reset_password") in to_owner.body
    practitioner.refresh_from_db()
    assert practitioner.full_name != "Someone Else"
    assert practitioner.check_password(PASSWORD)
    assert User.objects.filter(email__iexact=practitioner.email).count() == 1


def test_signup_errors_keep_the_input(client):
    response = client.post(
        reverse("account_signup"),
        {
            "full_name": "Someone Else",
            "email": "someone@example.org",
            "password1": PASSWORD,
            "password2": "not the same",
        },
    )
    assert response.status_code == 200
    assert b"You must type the same password each time." in response.content
    assert b'value="Someone Else"' in response.content


def test_login_by_email_lands_on_home_with_name_in_nav(client, practitioner):
    response = client.post(
        reverse("account_login"), {"login": practitioner.email, "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("home")
    assert practitioner.full_name.encode() in response.content


def test_login_failures_are_rate_limited(client, practitioner):
    url = reverse("account_login")
    for _ in range(5):
        response = client.post(url, {"login": practitioner.email, "password": "wrong"})
        assert b"Too many failed login attempts" not in response.content
    # After five failures for the address, even the right password is refused for a while.
    response = client.post(url, {"login": practitioner.email, "password": PASSWORD})
    assert response.status_code == 200
    assert b"Too many failed login attempts" in response.content
    assert "_auth_user_id" not in client.session


def test_login_attempts_per_address_are_rate_limited_with_429(client, practitioner):
    url = reverse("account_login")
    statuses = {
        client.post(url, {"login": f"x{n}@example.org", "password": "no"}).status_code
        for n in range(31)
    }
    assert 429 in statuses


def test_password_reset_by_email_link(client, practitioner):
    client.post(reverse("account_reset_password"), {"email": practitioner.email})
    assert len(mail.outbox) == 1
    reset_path = _link_in(mail.outbox[0])
    form_page = client.get(reset_path, follow=True)
    form_url = form_page.redirect_chain[-1][0] if form_page.redirect_chain else reset_path
    response = client.post(
        form_url, {"password1": "another-long-passphrase", "password2": "another-long-passphrase"}
    )
    assert response.status_code == 302
    client.logout()
    assert client.login(email=practitioner.email, password="another-long-passphrase")


def test_profile_requires_sign_in(client):
    response = client.get(reverse("profile"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "next=/accounts/profile/" in response["Location"]


def test_profile_edit_saves_fields_and_new_organization(client, practitioner):
    client.force_login(practitioner)
    response = client.post(
        reverse("profile"),
        {
            "full_name": "Dr. Ana María Pérez",
            "discipline": User.Discipline.EPIDEMIOLOGIST,
            "credential_number": "RN-12345",
            "time_zone": "America/Denver",
            "new_organization_name": "Mesa County Public Health",
            "new_organization_kind": Organization.Kind.LOCAL_HEALTH_DEPARTMENT,
            "new_organization_city": "Grand Junction",
            "new_organization_state": "CO",
        },
        follow=True,
    )
    assert b"Your profile has been saved." in response.content
    practitioner.refresh_from_db()
    assert practitioner.full_name == "Dr. Ana María Pérez"
    assert practitioner.organization.name == "Mesa County Public Health"
    assert practitioner.organization.state == "CO"
    assert practitioner.credential_number == "RN-12345"
    assert practitioner.time_zone == "America/Denver"


def test_profile_edit_invalid_shows_inline_errors_and_keeps_input(client, practitioner):
    organization = OrganizationFactory()
    client.force_login(practitioner)
    original_name = practitioner.full_name
    response = client.post(
        reverse("profile"),
        {
            "full_name": "",
            "organization": organization.pk,
            "credential_number": "KEEP-ME",
            "time_zone": "America/Chicago",
            "new_organization_name": "Also New",
        },
    )
    assert response.status_code == 200
    assert b"This field is required." in response.content
    assert b"not both" in response.content
    assert b'value="KEEP-ME"' in response.content
    practitioner.refresh_from_db()
    assert practitioner.full_name == original_name


def test_profile_shows_unverified_warning(client, unverified_user):
    client.force_login(unverified_user)
    response = client.get(reverse("profile"))
    assert b"E-mail not verified yet" in response.content


def test_change_email_requires_verifying_the_new_address(client, practitioner):
    client.force_login(practitioner)
    response = client.post(
        reverse("account_email"), {"action_add": "", "email": "new-address@example.org"}
    )
    assert response.status_code == 302
    assert mail.outbox[-1].to == ["new-address@example.org"]
    practitioner.refresh_from_db()
    assert practitioner.email != "new-address@example.org"  # not until verified


def test_user_email_is_unique_case_insensitively(db):
    UserFactory(email="dup@example.org")
    with pytest.raises(Exception):  # noqa: B017, PT011 - IntegrityError or ValidationError
        User.objects.create_user(email="DUP@example.org", password=PASSWORD)


def test_times_shown_in_users_time_zone(client, practitioner):
    practitioner.time_zone = "Asia/Tokyo"
    practitioner.date_joined = datetime.datetime(2026, 3, 1, 20, 30, tzinfo=datetime.UTC)
    practitioner.save()
    client.force_login(practitioner)
    response = client.get(reverse("profile"))
    assert b"Member since 2 March 2026, 05:30 (Asia/Tokyo time)" in response.content


def test_display_name_shown_to_others_never_reveals_the_email(db):
    nameless = UserFactory(full_name="", email="private.person@example.org")
    assert nameless.display_name == "A Roots member"
    assert UserFactory(full_name="Ana Pérez").display_name == "Ana Pérez"


class _RateLimitClock:
    """The clock of allauth's rate limiter, which reads `time.time()` through its own `time`
    module reference: moved by hand, while its locks keep real waits."""

    monotonic = staticmethod(time.monotonic)
    sleep = staticmethod(time.sleep)

    def __init__(self):
        self.now = time.time()

    def time(self) -> float:
        return self.now


@pytest.fixture
def rate_limit_clock(monkeypatch):
    clock = _RateLimitClock()
    monkeypatch.setattr(allauth_ratelimit, "time", clock)
    return clock


TOO_MANY = b"Too many failed login attempts"


def _log_in(client, email, password):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_login_limit_per_address_holds_to_the_last_second_of_five_minutes(
    client, practitioner, rate_limit_clock
):
    for _ in range(5):
        assert TOO_MANY not in _log_in(client, practitioner.email, "wrong").content
    rate_limit_clock.now += 4 * 60 + 59
    refused = _log_in(client, practitioner.email, PASSWORD)
    assert TOO_MANY in refused.content
    assert "_auth_user_id" not in client.session

    rate_limit_clock.now += 2  # five minutes and a second after the failures
    response = _log_in(client, practitioner.email, PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(practitioner.pk)


def test_login_limit_per_ip_holds_to_the_last_second_of_the_minute(
    client, practitioner, rate_limit_clock
):
    for n in range(10):  # ten addresses, one failure each: only the per-IP limit counts them
        assert TOO_MANY not in _log_in(client, f"x{n}@example.org", "wrong").content
    rate_limit_clock.now += 59
    refused = _log_in(client, practitioner.email, PASSWORD)
    assert TOO_MANY in refused.content
    assert "_auth_user_id" not in client.session

    rate_limit_clock.now += 2
    assert _log_in(client, practitioner.email, PASSWORD).status_code == 302
    assert client.session["_auth_user_id"] == str(practitioner.pk)
