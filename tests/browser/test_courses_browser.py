"""A practitioner takes a course in a real browser: enrol, complete a lesson, reflect (autosaved),
pass a knowledge check, find the progress on /learn/. Also without JavaScript, and axe-core; the
lesson clock counts the time the page is open and in use, by heartbeats."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from courses import services
from courses.models import (
    CheckAttempt,
    Enrollment,
    Lesson,
    LessonCompletion,
    LessonTime,
    Reflection,
)
from tests.courses.factories import build_course, spend_time
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def course(db):
    return build_course(units=2, lessons=2, questions=2, title="Roots of Health Inequity")


def _csp_errors(page):
    errors = []
    page.on(
        "console",
        lambda message: (
            errors.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return errors


def test_practitioner_enrols_completes_reflects_passes_check_and_sees_progress(
    page, sign_in, practitioner, course
):
    csp_errors = _csp_errors(page)
    sign_in(page, practitioner)
    page.goto("/courses/")
    page.get_by_role("link", name="Roots of Health Inequity").click()
    page.get_by_role("button", name="Enrol in this course").click()

    # Enrolling opens the first lesson.
    expect(page.get_by_role("heading", level=1)).to_have_text("Lesson 1.1")
    expect(page.get_by_text("You are enrolled")).to_be_visible()
    # The learner has read each lesson long enough (the clock has tests of its own below).
    spend_time(practitioner, Lesson.objects.filter(unit__course=course))

    page.get_by_role("button", name="Mark complete").click()
    expect(page.get_by_text("Lesson marked complete.")).to_be_visible()
    expect(page.get_by_role("link", name="Continue: Lesson 1.2")).to_be_visible()

    journal = page.get_by_label("What does this mean for your practice?")
    journal.click()
    journal.press_sequentially("Look upstream at housing.", delay=10)
    expect(page.locator("#reflection-status")).to_have_text(re.compile(r"Saved at \d\d:\d\d"))
    reflection = Reflection.objects.get(user=practitioner)
    assert reflection.text == "Look upstream at housing."

    page.get_by_role("link", name="Continue: Lesson 1.2").click()
    page.get_by_role("button", name="Mark complete").click()
    page.get_by_role("link", name=re.compile("Continue: Unit 1 knowledge check")).click()

    expect(page.get_by_role("heading", name="Knowledge check", level=1)).to_be_visible()
    for group in page.get_by_role("group").filter(has_text="choose one").all():
        group.get_by_label("The right answer").check()
    page.get_by_role("button", name="Submit answers").click()
    expect(page.get_by_role("heading", name="Your result: 100%")).to_be_visible()
    expect(page.get_by_text("Yes: that is why.").first).to_be_visible()

    page.get_by_role("link", name="My learning").click()
    expect(page.get_by_role("heading", name="My learning")).to_be_visible()
    expect(page.get_by_text("50% complete")).to_be_visible()
    expect(page.get_by_text("Next: Lesson 2.1")).to_be_visible()

    assert LessonCompletion.objects.filter(user=practitioner).count() == 2
    assert CheckAttempt.objects.get(user=practitioner).passed
    assert not csp_errors


def test_leaving_with_unsaved_reflection_warns_first(page, sign_in, practitioner, course):
    Enrollment.objects.create(user=practitioner, course=course)
    sign_in(page, practitioner)
    lesson = course.units.get(number=1).lessons.get(position=1)
    page.goto(lesson.get_absolute_url())
    page.get_by_label("What does this mean for your practice?").press_sequentially("Half a th")
    dialogs = []

    def dismiss(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", dismiss)
    page.get_by_role("link", name="My learning").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lesson 1.1")
    assert dialogs == ["beforeunload"]


def test_mark_complete_and_reflection_work_without_javascript(
    browser, live_server, practitioner, course
):
    Enrollment.objects.create(user=practitioner, course=course)
    lesson = course.units.get(number=1).lessons.get(position=1)
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"/accounts/login/?next={lesson.get_absolute_url()}")
        page.get_by_label("Email").fill(practitioner.email)
        page.get_by_label(re.compile(r"^\s*Password\W*$")).fill(PASSWORD)
        page.get_by_role("button", name="Sign In").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Lesson 1.1")
        # No heartbeats without JavaScript: the time since the lesson was opened counts.
        LessonTime.objects.filter(user=practitioner, lesson=lesson).update(
            opened_at=timezone.now() - timedelta(minutes=10)
        )

        page.get_by_role("button", name="Mark complete").click()
        expect(page.get_by_text("You completed this lesson.")).to_be_visible()

        page.get_by_label("What does this mean for your practice?").fill("Written without JS.")
        page.get_by_role("button", name="Save reflection").click()
        expect(page.get_by_text(re.compile(r"Reflection saved at \d\d:\d\d"))).to_be_visible()
        expect(page.get_by_label("What does this mean for your practice?")).to_have_value(
            "Written without JS."
        )
    finally:
        context.close()
    assert LessonCompletion.objects.filter(user=practitioner, lesson=lesson).exists()
    assert Reflection.objects.get(user=practitioner).text == "Written without JS."


def test_anonymous_visitor_signs_in_from_a_lesson_and_comes_back(page, practitioner, course):
    lesson = course.units.get(number=1).lessons.get(position=1)
    page.goto(lesson.get_absolute_url())
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next="))
    page.get_by_label("Email").fill(practitioner.email)
    page.get_by_label(re.compile(r"^\s*Password\W*$")).fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    # Not enrolled yet: back on the course page, asked to enrol.
    expect(page.get_by_role("button", name="Enrol in this course")).to_be_visible()


def test_course_pages_have_no_serious_accessibility_violations(
    page, sign_in, practitioner, course, assert_accessible
):
    Enrollment.objects.create(user=practitioner, course=course)
    unit = course.units.get(number=1)
    lesson = unit.lessons.get(position=1)
    page.goto("/courses/")
    assert_accessible(page)
    page.goto(course.get_absolute_url())
    assert_accessible(page)
    sign_in(page, practitioner)
    for path in [
        "/courses/",
        course.get_absolute_url(),
        unit.get_absolute_url(),
        lesson.get_absolute_url(),
        unit.get_check_url(),
        "/learn/",
    ]:
        page.goto(path)
        assert_accessible(page)
    page.goto(unit.get_check_url())
    for group in page.get_by_role("group").filter(has_text="choose one").all():
        group.get_by_label("A wrong answer").check()
    page.get_by_role("button", name="Submit answers").click()
    expect(page.get_by_role("heading", name="Your result: 0%")).to_be_visible()
    assert_accessible(page)


def test_pages_seen_before_show_new_progress_at_once(page, sign_in, practitioner, course):
    """The lesson page and the dashboard are kept in the page cache per person: coming back
    to them after a step shows the step, never the copy from before it."""
    Enrollment.objects.create(user=practitioner, course=course)
    spend_time(practitioner, Lesson.objects.filter(unit__course=course))
    sign_in(page, practitioner)
    lesson_url = course.units.get(number=1).lessons.get(position=1).get_absolute_url()
    for _ in range(2):  # the second visit of each is served from the cache
        page.goto("/learn/")
        expect(page.get_by_text("0% complete")).to_be_visible()
        page.goto(lesson_url)
        expect(page.get_by_role("button", name="Mark complete")).to_be_visible()

    page.get_by_role("button", name="Mark complete").click()
    expect(page.get_by_text("Lesson marked complete.")).to_be_visible()

    page.goto("/learn/")
    expect(page.get_by_text("16% complete")).to_be_visible()
    page.goto(lesson_url)
    expect(page.get_by_text("You completed this lesson.")).to_be_visible()
    expect(page.get_by_role("button", name="Mark complete")).to_have_count(0)


def test_lesson_clock_counts_heartbeats_while_the_page_is_in_use(
    page, sign_in, practitioner, course, monkeypatch
):
    monkeypatch.setattr(services, "BEAT_SECONDS", 1)  # the page beats every second
    csp_errors = _csp_errors(page)
    Enrollment.objects.create(user=practitioner, course=course)
    lesson = course.units.get(number=1).lessons.get(position=1)
    sign_in(page, practitioner)
    page.goto(lesson.get_absolute_url())
    expect(page.locator("#lesson-clock")).to_contain_text(
        "Your time on this lesson: 0 of 15 minutes"
    )
    assert page.locator("#lesson-clock").get_attribute("data-beat-seconds") == "1"

    def counted():
        row = LessonTime.objects.filter(user=practitioner, lesson=lesson).first()
        return row.seconds if row and row.last_beat_at else 0

    deadline = timezone.now() + timedelta(seconds=15)
    while counted() < 3 and timezone.now() < deadline:
        page.mouse.move(10 + counted(), 200)  # the learner is reading: the page is in use
        page.wait_for_timeout(500)
    seconds = counted()
    assert 3 <= seconds <= 15  # never more than the time the page was open
    assert LessonTime.objects.get(user=practitioner, lesson=lesson).last_beat_at is not None

    # Rushing: too little time for Mark complete, and the page says how much is left.
    page.get_by_role("button", name="Mark complete").click()
    expect(page.locator("#completion-error")).to_have_text(
        re.compile(r"About [78] more minutes on this lesson before it can be marked complete\.")
    )
    assert not LessonCompletion.objects.filter(user=practitioner).exists()
    assert not csp_errors


def test_last_lesson_lands_on_you_have_finished_with_the_credit_steps(
    page, sign_in, practitioner, assert_accessible
):
    from tests.certificates.factories import CreditOfferingFactory, CreditRulesFactory
    from tests.courses.factories import complete_unit

    course = build_course(units=1, lessons=2, questions=0, title="Short course with credit")
    CreditOfferingFactory(rules=CreditRulesFactory(course=course), hours="0.5")
    Enrollment.objects.create(user=practitioner, course=course)
    first, last = course.units.get().lessons.order_by("position")
    spend_time(practitioner, [first, last])
    complete_unit(practitioner, course.units.get())
    LessonCompletion.objects.filter(lesson=last).delete()
    sign_in(page, practitioner)
    page.goto(last.get_absolute_url())
    page.get_by_role("button", name="Mark complete").click()
    expect(page).to_have_url(re.compile(rf"/courses/{course.slug}/finished/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        re.compile(r"You have finished — claim your CE credit \(\d steps? left\)")
    )
    expect(page.get_by_role("link", name="Pass the post-test")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="My learning").click()
    page.get_by_role("link", name=re.compile("Claim credit")).click()
    expect(page.get_by_role("heading", name="Continuing-education credit")).to_be_visible()
