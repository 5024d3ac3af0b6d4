import re

import pytest
from playwright.sync_api import expect

from roots.models import User

pytestmark = pytest.mark.django_db(transaction=True)


def test_visitor_signs_up_and_the_link_in_the_email_file_signs_them_in(page, settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path

    page.goto("/")
    page.get_by_role("link", name="Create an account").first.click()
    page.get_by_label("Full name").fill("Jordan Okafor")
    page.get_by_label("Email").fill("jordan@example.org")
    page.get_by_label(re.compile(r"^\s*Password\W*$")).fill("a-long-browser-passphrase")
    page.get_by_label("Password (again)").fill("a-long-browser-passphrase")
    page.get_by_role("button", name="Sign Up").click()
    # Not signed in yet: the same answer as for an address that has an account already.
    expect(page.get_by_role("heading", name="Verify Your Email Address")).to_be_visible()
    expect(page.get_by_role("navigation", name="Main")).not_to_contain_text("Jordan Okafor")

    (message_file,) = list(tmp_path.iterdir())
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", message_file.read_text()).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("status")).to_contain_text("confirmed")
    expect(page.get_by_role("navigation", name="Main")).to_contain_text("Jordan Okafor")

    page.goto("/accounts/profile/")
    expect(page.get_by_text("E-mail verified")).to_be_visible()
    assert User.objects.get(email="jordan@example.org").emailaddress_set.get().verified


def test_home_signup_and_login_pages_have_no_serious_accessibility_violations(
    page, assert_accessible
):
    for path in ["/", "/accounts/signup/", "/accounts/login/", "/accounts/password/reset/"]:
        page.goto(path)
        assert_accessible(page)


def test_signed_in_profile_page_is_accessible(page, practitioner, sign_in, assert_accessible):
    sign_in(page, practitioner)
    page.goto("/accounts/profile/")
    expect(page.get_by_role("heading", name="Your profile")).to_be_visible()
    assert_accessible(page)
