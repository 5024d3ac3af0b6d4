"""A learner fails a knowledge check and the post-test in a real browser: before the limit the
check marks the wrong questions only, after it the answers show and the form is gone; the failed
post-test says which units to review and when the next round opens. Each page passes axe-core."""

import pytest
from playwright.sync_api import expect

from courses import services as course_services
from tests.certificates.factories import CreditOfferingFactory, CreditRulesFactory, question_bank
from tests.courses.factories import build_course

pytestmark = pytest.mark.django_db(transaction=True)


def _answer_every_question_wrong(page, wrong_label):
    for option in page.get_by_label(wrong_label).all():
        option.check()


def test_learner_fails_check_and_post_test_and_is_told_what_to_review(
    page, sign_in, assert_accessible, practitioner
):
    course = build_course(units=2, lessons=1, questions=2, title="Roots of Health Inequity")
    course.check_attempts = 2
    course.save()
    unit = course.units.get(number=1)
    course_services.enrollment_create(user=practitioner, course=course)
    rules = CreditRulesFactory(course=course, questions_per_attempt=4, max_attempts=1)
    CreditOfferingFactory(rules=rules)
    question_bank(rules, [3, 3])
    sign_in(page, practitioner)

    page.goto(unit.get_check_url())
    expect(page.get_by_text("You have 2 attempts;")).to_be_visible()
    _answer_every_question_wrong(page, "A wrong answer")
    page.get_by_role("button", name="Submit answers").click()
    expect(page.get_by_role("heading", name="Your result: 0%")).to_be_visible()
    expect(page.get_by_text("Correct answer")).to_have_count(0)
    expect(page.get_by_text("you have 1 attempt left").first).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Take the check again").click()
    _answer_every_question_wrong(page, "A wrong answer")
    page.get_by_role("button", name="Submit answers").click()
    expect(page.get_by_text("Correct answer").first).to_be_visible()
    expect(page.get_by_text("Yes: that is why.").first).to_be_visible()
    assert_accessible(page)
    page.goto(unit.get_check_url())
    expect(page.get_by_text("You have used all 2 attempts at this check")).to_be_visible()
    expect(page.get_by_role("button", name="Submit answers")).to_have_count(0)
    assert_accessible(page)

    page.goto(f"/courses/{course.slug}/credit/post-test/")
    page.get_by_role("button", name="Start the post-test").click()
    _answer_every_question_wrong(page, "Wrong answer 2")
    page.get_by_role("button", name="Submit my answers").click()
    expect(page.get_by_role("heading", name="What to review")).to_be_visible()
    expect(page.get_by_role("link", name="review Unit 1")).to_be_visible()
    expect(page.get_by_role("link", name="review Unit 2")).to_be_visible()
    expect(page.get_by_text("A new round opens on")).to_be_visible()
    expect(page.get_by_text("Right answer 1")).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("link", name="review Unit 2").click()
    expect(page).to_have_url(course.units.get(number=2).get_absolute_url())
