"""Learners find the CE pages from the course and dashboard pages."""

import pytest
from django.urls import reverse

from tests.certificates.factories import CreditRulesFactory
from tests.courses.factories import CourseFactory, EnrollmentFactory

pytestmark = pytest.mark.django_db


def test_course_page_links_the_claim_page_for_an_enrolled_learner_when_credit_is_offered(
    client, practitioner
):
    course = CourseFactory()
    CreditRulesFactory(course=course)
    EnrollmentFactory(user=practitioner, course=course)
    client.force_login(practitioner)
    content = client.get(course.get_absolute_url()).content.decode()
    assert reverse("certificates:claim", args=[course.slug]) in content


def test_course_page_has_no_claim_link_when_the_course_offers_no_credit(client, practitioner):
    course = CourseFactory()
    EnrollmentFactory(user=practitioner, course=course)
    client.force_login(practitioner)
    content = client.get(course.get_absolute_url()).content.decode()
    assert reverse("certificates:claim", args=[course.slug]) not in content


def test_learner_dashboard_links_the_transcript(client, practitioner):
    client.force_login(practitioner)
    content = client.get(reverse("learn:dashboard")).content.decode()
    assert reverse("certificates:transcript") in content
