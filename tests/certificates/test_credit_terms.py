"""Before enrolment, the course page says what credit the course gives, what it asks and what
the planners disclose; enrolling from that page is recorded for the claim."""

from decimal import Decimal

import pytest
from django.urls import reverse

from courses.models import Enrollment
from tests.factories import UserFactory

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(rules):
    rules.disclosures = "Dr. Rivera, a planner, consults for Acme Health; the content was reviewed."
    rules.max_attempts = 2
    rules.save()
    factories.CreditOfferingFactory(
        rules=rules,
        completion=True,
        hours=Decimal("5.5"),
        validity_months=24,
    )
    factories.EvaluationItemFactory(rules=rules)
    rules.course.published = True
    rules.course.save()
    return rules.course


def _terms(response):
    content = response.content.decode()
    start = content.index('id="credit-terms-title"')
    return content[start : content.index("</section>", start)]


@pytest.mark.parametrize("who", ["anonymous", "signed_in"])
def test_course_page_shows_credit_requirements_and_disclosures_before_enrolment(
    client, course, who
):
    if who == "signed_in":
        client.force_login(UserFactory())
    response = client.get(course.get_absolute_url())
    terms = _terms(response)
    assert "CHES (Certified Health Education Specialist)" in terms
    assert "National Commission for Health Education Credentialing" in terms
    assert "6.0" in terms
    assert "Provider PR-98765 · activity EV-123456" in terms
    assert "Certificate of completion" in terms
    assert "5.5" in terms
    assert "24 months" in terms
    assert "Does not expire" in terms
    assert "Pass the post-test with 80% or more (2 attempts)." in terms
    assert "Submit the course evaluation." in terms
    assert "consults for Acme Health" in terms


def test_course_without_credit_shows_no_credit_section(client, course):
    course.credit_rules.active = False
    course.credit_rules.save()
    response = client.get(course.get_absolute_url())
    assert 'id="credit-terms-title"' not in response.content.decode()


def test_course_page_without_recorded_disclosures_says_so(client, course):
    course.credit_rules.disclosures = ""
    course.credit_rules.save()
    assert "has not recorded disclosures" in _terms(client.get(course.get_absolute_url()))


def test_enrolling_from_the_course_page_records_when_the_terms_were_seen(client, course):
    learner = UserFactory(verified=True)
    client.force_login(learner)
    page = client.get(course.get_absolute_url())
    assert 'name="from_course_page" value="1"' in page.content.decode()
    client.post(reverse("courses:enroll", args=[course.slug]), {"from_course_page": "1"})
    enrollment = Enrollment.objects.get(user=learner, course=course)
    assert enrollment.terms_seen_at is not None


def test_enrolling_another_way_records_no_terms_seen(client, course):
    learner = UserFactory(verified=True)
    client.force_login(learner)
    client.post(reverse("courses:enroll", args=[course.slug]))
    assert Enrollment.objects.get(user=learner, course=course).terms_seen_at is None


@pytest.mark.parametrize("offerings", [1, 4])
def test_course_page_queries_do_not_grow_with_offerings(
    client, course, offerings, django_assert_max_num_queries
):
    rules = course.credit_rules
    rules.offerings.exclude(profile__credit_type="ches").delete()
    for credit_type in ["cne", "cme", "cph"][: offerings - 1]:
        factories.CreditOfferingFactory(rules=rules, credit_type=credit_type)
    with django_assert_max_num_queries(8):
        assert client.get(course.get_absolute_url()).status_code == 200


def test_the_claim_records_when_the_learner_saw_the_terms(client, rules):
    from courses.certificates import services

    from .factories import learner_with_steps

    rules.course.published = True
    rules.course.save()
    learner = learner_with_steps(rules)
    Enrollment.objects.filter(user=learner, course=rules.course).update(terms_seen_at=None)
    client.force_login(learner)
    client.post(reverse("courses:enroll", args=[rules.course.slug]), {"from_course_page": "1"})
    seen = Enrollment.objects.get(user=learner, course=rules.course).terms_seen_at
    assert seen is not None
    certificate = services.certificate_claim(user=learner, course=rules.course, credit_type="ches")
    assert certificate.terms_seen_at == seen
