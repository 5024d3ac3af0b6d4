"""A visitor searches from the navigation; staff read the analytics; an organization's
administrator reads its roll-up. Each page passes axe-core."""

import re

import pytest
from playwright.sync_api import expect

from courses.models import Enrollment, LessonCompletion
from tests.coalition.factories import EventFactory, ReportFactory
from tests.courses.factories import LessonFactory, build_course
from tests.factories import UserFactory
from tests.groups.factories import LearningGroupFactory, MembershipFactory, SessionFactory
from tests.insights.factories import OrganizationAdministratorFactory
from tests.resources.factories import ResourceFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_visitor_searches_from_the_navigation_and_narrows_to_a_kind(page, assert_accessible):
    LessonFactory(title="Zoning and health", body="How land-use rules shape neighbourhoods.")
    ResourceFactory(title="A guide", summary="Zoning reform for health departments.")
    EventFactory(title="Webinar on zoning")
    ReportFactory(title="Zoning draft")  # a draft: never shown to a visitor

    page.goto("/")
    page.get_by_role("searchbox", name="Search the site").fill("zoning")
    page.get_by_role("searchbox", name="Search the site").press("Enter")

    expect(page.get_by_role("heading", name="Search", level=1)).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("3 results for “zoning”")
    expect(page.locator(".search-results mark").first).to_have_text(re.compile("^zoning$", re.I))
    expect(page.get_by_text("Zoning draft")).to_have_count(0)
    assert_accessible(page)

    page.get_by_role("navigation", name="Kinds of results").get_by_role(
        "link", name="Events"
    ).click()
    expect(page.get_by_role("status")).to_contain_text("1 result among Events")
    page.get_by_role("link", name="Webinar on zoning").click()
    expect(page.get_by_role("heading", name="Webinar on zoning", level=1)).to_be_visible()


def test_search_empty_and_no_result_states_are_accessible(page, assert_accessible):
    page.goto("/search/")
    expect(page.get_by_text("Type a few words to search")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Search units, lessons, resources, reports, events and goals").fill("zzyzx")
    page.get_by_role("button", name="Search", exact=True).last.click()
    expect(page.get_by_role("heading", name="No results for “zzyzx”")).to_be_visible()
    assert_accessible(page)


def _activity(organization):
    course = build_course(units=2, lessons=2, questions=0)
    group = LearningGroupFactory(organization=organization, course=course, name="Brown-bag")
    for n in range(3):
        person = UserFactory(verified=True, organization=organization, full_name=f"Person {n}")
        Enrollment.objects.create(user=person, course=course)
        for lesson in course.units.get(number=1).lessons.all():
            LessonCompletion.objects.create(user=person, lesson=lesson)
        MembershipFactory(group=group, user=person)
    SessionFactory(group=group, past=True)


def test_staff_read_the_analytics_and_download_a_table(page, sign_in, assert_accessible):
    staff = UserFactory(verified=True, staff=True)
    _activity(staff.organization)
    sign_in(page, staff)
    page.goto("/staff/analytics/")
    expect(page.get_by_role("heading", name="Analytics", level=1)).to_be_visible()
    expect(page.get_by_role("img", name="New accounts")).to_be_visible()
    expect(page.get_by_role("table", name="Enrolments and completions")).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download “New accounts” as CSV").click()
    assert download.value.suggested_filename.startswith("roots-accounts-")


def test_organization_administrator_reads_the_rollup(page, sign_in, assert_accessible):
    administrator = OrganizationAdministratorFactory().user
    _activity(administrator.administered_organizations.get().organization)
    sign_in(page, administrator)
    page.goto("/accounts/profile/")
    page.get_by_role("link", name="groups and progress").click()
    expect(page.get_by_role("heading", name="Learning groups")).to_be_visible()
    expect(
        page.get_by_role("table", name="People and what they completed (all time)")
    ).to_contain_text("Person 2")
    expect(page.get_by_role("img", name="Enrolments and completions")).to_be_visible()
    assert_accessible(page)
