"""A facilitator starts a group, invites a practitioner by e-mail, both discuss a unit, and the
facilitator follows progress; the group pages pass axe-core."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from courses.models import LessonCompletion
from groups import services
from roots.celery import app as celery_app
from tests.courses.factories import build_course
from tests.factories import PASSWORD, UserFactory
from tests.groups.factories import MembershipFactory, SessionFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _celery_eager():
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture
def mailbox(settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path
    return tmp_path


def _mails(mailbox):
    return [path.read_text() for path in sorted(mailbox.iterdir())]


def test_facilitator_invites_practitioner_they_discuss_and_facilitator_sees_progress(
    page, browser, live_server, sign_in, mailbox, assert_accessible
):
    course = build_course(units=3, lessons=2, questions=1)
    # An account past its first day: only accounts in good standing send invitations.
    facilitator = UserFactory(
        verified=True,
        full_name="Farah Facilitator",
        date_joined=timezone.now() - timedelta(days=30),
    )
    practitioner = UserFactory(verified=True, full_name="Pat Practitioner", email="pat@example.org")

    # The facilitator starts a group.
    sign_in(page, facilitator)
    page.goto("/groups/")
    page.get_by_role("link", name="Start a group").click()
    page.get_by_label("Name").fill("Lakeside brown-bag group")
    page.get_by_label("Course").select_option(label=course.title)
    page.get_by_label("Kind").select_option(label="Local health department")
    page.get_by_label("Description").fill("Monthly lunches to discuss each unit.")
    page.get_by_role("button", name="Create the group").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lakeside brown-bag group")
    expect(page.get_by_role("status")).to_contain_text("is ready")

    # ... and invites the practitioner by e-mail.
    page.get_by_role("navigation", name="Group sections").get_by_role(
        "link", name="Members"
    ).click()
    page.get_by_label("E-mail addresses").fill(practitioner.email)
    page.get_by_role("button", name="Send invitations").click()
    expect(page.get_by_role("status").filter(has_text="Invitation sent")).to_contain_text(
        "Invitation sent to pat@example.org"
    )
    expect(page.locator("#invite-allowance")).to_contain_text("You can send 29 more invitations")
    (invitation,) = _mails(mailbox)
    link = re.search(r"https?://\S+/groups/invitations/\S+/", invitation).group(0)

    # The practitioner opens the link, signs in on the way, accepts and lands in the group.
    context = browser.new_context(base_url=live_server.url, locale="en-US")
    other = context.new_page()
    other.goto(link)
    expect(other.get_by_role("heading", level=1)).to_contain_text("You are invited to join")
    other.get_by_role("link", name="Sign in").last.click()
    other.get_by_label("Email").fill(practitioner.email)
    other.get_by_label(re.compile(r"^\s*Password\W*$")).fill(PASSWORD)
    other.get_by_role("button", name="Sign In").click()
    other.get_by_role("button", name="Accept and join the group").click()
    expect(other.get_by_role("status")).to_contain_text("Welcome to Lakeside brown-bag group")
    expect(other.get_by_role("heading", level=1)).to_have_text("Lakeside brown-bag group")

    # The practitioner starts a discussion on the first unit's board.
    other.get_by_role("link", name="Go to the discussion boards").click()
    other.get_by_role("link", name=re.compile(r"^Unit 1: Unit 1 title")).click()
    other.get_by_role("link", name="Start a discussion").click()
    other.get_by_label("Title").fill("Clinic hours and who they leave out")
    other.get_by_label("Message").fill("We close at **4:30**; shift workers cannot come.")
    other.get_by_role("button", name="Post the discussion").click()
    expect(other.locator(".post-body strong")).to_have_text("4:30")

    # The facilitator replies; the practitioner is told by e-mail.
    page.goto("/groups/")
    page.get_by_role("link", name="Lakeside brown-bag group").first.click()
    page.get_by_role("link", name="Clinic hours and who they leave out").click()
    page.get_by_label("Your reply").fill("Good point. Let's bring it to lunch.")
    page.get_by_role("button", name="Post your reply").click()
    expect(page.get_by_role("status")).to_contain_text("Your reply has been posted")
    expect(page.get_by_text("Good point. Let's bring it to lunch.")).to_be_visible()
    assert_accessible(page)
    notification = _mails(mailbox)[-1]
    assert "To: pat@example.org" in notification
    assert "Good point. Let's bring it to lunch." in notification

    # The practitioner's progress shows on the facilitator's dashboard.
    for lesson in course.units.get(number=1).lessons.all():
        LessonCompletion.objects.create(user=practitioner, lesson=lesson)
    page.get_by_role("navigation", name="Group sections").get_by_role(
        "link", name="Progress"
    ).click()
    grid = page.get_by_role("table", name="Progress by member and unit")
    row = grid.get_by_role("row", name=re.compile("Pat Practitioner"))
    expect(row).to_contain_text("In progress")
    expect(row).to_contain_text("2/2 lessons")
    assert_accessible(page)
    context.close()


def test_group_pages_have_no_serious_accessibility_violations(page, sign_in, assert_accessible):
    course = build_course(units=3, lessons=2, questions=1)
    facilitator = UserFactory(verified=True, full_name="Farah Facilitator")
    group = services.group_create(
        creator=facilitator,
        course=course,
        name="Riverside learning circle",
        kind="community",
        description="We meet every other Saturday.",
    )
    member = MembershipFactory(group=group).user
    session = SessionFactory(group=group, unit=course.units.get(number=1))
    SessionFactory(group=group, past=True)
    board = group.boards.get(unit=None)
    thread = services.thread_create(
        board=board, author=member, title="Introductions", body="Hello, I am **new** here."
    )
    services.post_reply(thread=thread, author=facilitator, body="Welcome!")

    page.goto("/groups/")
    assert_accessible(page)
    page.goto(group.get_absolute_url())
    assert_accessible(page)  # the public summary, signed out

    sign_in(page, facilitator)
    slug = group.slug
    for path in [
        "/groups/",
        group.get_absolute_url(),
        f"/groups/{slug}/sessions/",
        session.get_absolute_url(),
        f"/groups/{slug}/sessions/new/",
        f"/groups/{slug}/discussions/",
        f"/groups/{slug}/discussions/general/",
        f"/groups/{slug}/discussions/unit-1/",
        thread.get_absolute_url(),
        f"/groups/{slug}/members/",
        f"/groups/{slug}/dashboard/",
        f"/groups/{slug}/settings/",
    ]:
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_accessible(page)
