"""Playwright driving Debian's chromium against pytest-django's live server."""

import os
import re
import shutil
import time

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

from tests.factories import PASSWORD

# Playwright's sync API runs an event loop in the test's thread; Django's ORM would refuse to run
# there. The live server runs in its own thread, so the tests' own ORM use stays synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        pytest.fail(f"Debian's chromium is needed at {CHROMIUM}: apt-get install -y chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-background-networking",
                "--disable-gpu",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, settings):
    settings.SITE_URL = live_server.url
    context = browser.new_context(base_url=live_server.url, locale="en-US")
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    # A lesson page sends heartbeats on a timer: close it, and let a beat already on its way
    # finish in the live server, before the test database is flushed under it (a beat holding
    # a row lock while the flush truncates deadlocks).
    for open_page in context.pages:
        open_page.close()
    time.sleep(0.5)
    context.close()


@pytest.fixture(scope="session")
def axe():
    return Axe()


@pytest.fixture
def assert_accessible(axe):
    """Run axe-core on the page; fail on any serious or critical violation, naming each."""

    def check(page):
        results = axe.run(page)
        bad = [
            f"{violation['id']} ({violation['impact']}): {violation['help']} -> "
            + "; ".join(
                node["target"][0] if isinstance(node["target"][0], str) else str(node["target"])
                for node in violation["nodes"][:5]
            )
            for violation in results.response["violations"]
            if violation["impact"] in {"serious", "critical"}
        ]
        assert not bad, f"axe-core on {page.url}:\n" + "\n".join(bad)
        return results

    return check


@pytest.fixture
def sign_in():
    def do(page, user, password=PASSWORD):
        page.goto("/accounts/login/")
        page.get_by_label("Email").fill(user.email)
        page.get_by_label(re.compile(r"^\s*Password\W*$")).fill(password)
        page.get_by_role("button", name="Sign In").click()
        page.wait_for_load_state()

    return do
