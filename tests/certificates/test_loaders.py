"""The objects a certificate URL names: the one with that number, loaded with what the page
shows, whoever else has one."""

from django.urls import reverse

from courses.certificates.models import Transcript
from tests.factories import UserFactory

from .test_views import issued


def test_transcript_status_finds_the_learners_own_among_many(client, practitioner):
    Transcript.objects.create(learner=UserFactory())
    mine = Transcript.objects.create(learner=practitioner)
    Transcript.objects.create(learner=UserFactory())
    client.force_login(practitioner)
    response = client.get(reverse("certificates:transcript_status", args=[mine.pk]))
    assert response.status_code == 200


def test_certificate_page_loads_course_and_learner_with_the_certificate(
    client, practitioner, django_assert_num_queries
):
    certificate = issued(learner=practitioner)
    issued(learner=UserFactory())
    client.force_login(practitioner)
    url = reverse("certificates:detail", args=[certificate.pk])
    client.get(url)
    # The user (the session is cached), then the certificate with its course in one join.
    with django_assert_num_queries(2):
        response = client.get(url)
    assert response.status_code == 200
    assert certificate.course.title in response.content.decode()


def test_credit_pages_of_a_course_whose_credit_is_closed_are_not_found(client, practitioner):
    from .factories import CreditRulesFactory

    closed = CreditRulesFactory(active=False, course__published=True)
    client.force_login(practitioner)
    response = client.get(reverse("certificates:claim", args=[closed.course.slug]))
    assert response.status_code == 404
