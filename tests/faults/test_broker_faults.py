"""Redis (the broker) and Celery workers failing under real processes.

- Redis stopped while learners claim certificates and RSVP: every request still succeeds, every
  claim and answer is kept, and the certificates are issued once Redis is back (the periodic
  re-queue task finds the pending ones).
- A worker SIGKILLed in the middle of rendering: after a new worker starts, every claimed
  certificate is issued exactly once.
"""

from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from courses.certificates import services
from courses.certificates.models import Certificate, CertificateRevision
from groups.models import RSVP
from tests.certificates import factories
from tests.certificates.conftest import make_ready
from tests.factories import UserFactory
from tests.groups.factories import MembershipFactory, SessionFactory

from .conftest import wait_until

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def rules(db):
    rules = factories.CreditRulesFactory(course__title="Roots of Health Inequity")
    unit = factories.UnitFactory(course=rules.course, number=1)
    factories.LessonFactory(unit=unit, position=1)
    factories.CreditOfferingFactory(rules=rules, credit_type="ches")
    factories.CreditOfferingFactory(rules=rules, credit_type="completion")
    factories.PostTestQuestionFactory(rules=rules)
    factories.EvaluationItemFactory(rules=rules)
    return rules


def _learners(rules, count):
    return [
        make_ready(
            UserFactory(verified=True, full_name=f"Learner Number{n}", credential_number=f"CH-{n}"),
            rules,
        )
        for n in range(count)
    ]


def _claim(user, course, credit_type="ches"):
    client = Client()
    client.force_login(user)
    return client.post(
        reverse("certificates:claim", args=[course.slug]), {"credit_type": credit_type}
    )


def _all_issued(certificates) -> bool:
    pks = [certificate.pk for certificate in certificates]
    return Certificate.objects.filter(pk__in=pks, status="issued").count() == len(pks)


def _assert_issued_exactly_once(certificates) -> None:
    for certificate in Certificate.objects.filter(pk__in=[c.pk for c in certificates]):
        assert certificate.status == "issued"
        assert certificate.revision == 1
        assert CertificateRevision.objects.filter(certificate=certificate).count() == 1
        assert default_storage.exists(certificate.pdf.name)
        # One render produced the file that is kept: its name is the revision's fixed name.
        assert certificate.pdf.name.endswith(f"{certificate.code}-r1.pdf")


def test_redis_stopped_while_learners_claim_and_rsvp_loses_nothing(fault_workers, own_redis, rules):
    course = rules.course
    learners = _learners(rules, 4)
    session = SessionFactory(group__course=course)
    for learner in learners:
        MembershipFactory(group=session.group, user=learner)
    fault_workers.start()

    own_redis.stop()
    responses = []
    for learner in learners:
        responses.append(_claim(learner, course))
        client = Client()
        client.force_login(learner)
        responses.append(
            client.post(
                reverse("groups:session_rsvp", args=[session.group.slug, session.pk]),
                {"response": "yes"},
            )
        )
    assert [response.status_code for response in responses] == [302] * len(responses)
    claimed = list(Certificate.objects.filter(course=course))
    assert len(claimed) == len(learners)
    assert {c.status for c in claimed} == {"pending"}
    assert RSVP.objects.filter(session=session, response="yes").count() == len(learners)

    own_redis.start()
    # Beat runs the re-queue every few minutes; it finds the claims that were never queued.
    _pending_for_a_while(claimed)
    assert wait_until(services.certificate_requeue_stale, 30)
    assert wait_until(lambda: _all_issued(claimed), 90), _states(claimed)
    _assert_issued_exactly_once(claimed)


def test_worker_killed_mid_render_then_new_worker_issues_each_claim_exactly_once(
    fault_workers, rules
):
    course = rules.course
    learners = _learners(rules, 6)
    worker = fault_workers.start()
    claimed = [
        services.certificate_claim(user=learner, course=course, credit_type=credit_type)
        for learner in learners
        for credit_type in ("ches", "completion")
    ]

    def rendering():
        # A render has started (attempts counted) and not everything is issued yet.
        rows = Certificate.objects.filter(pk__in=[c.pk for c in claimed])
        return rows.filter(attempts__gte=1).exists() and rows.exclude(status="issued").exists()

    assert wait_until(rendering, 60, interval=0.02), _states(claimed)
    fault_workers.kill(worker)
    assert not _all_issued(claimed)

    fault_workers.start()
    # The killed worker's messages were taken and never acknowledged: the re-queue task (beat)
    # sends the pending ones again; a render that already happened is left alone.
    _pending_for_a_while(claimed)
    services.certificate_requeue_stale()
    assert wait_until(lambda: _all_issued(claimed), 120), _states(claimed)
    _assert_issued_exactly_once(claimed)
    # Re-queueing everything again does no second issue.
    for certificate in claimed:
        services.certificate_render(certificate_id=certificate.pk)
    _assert_issued_exactly_once(claimed)


def _pending_for_a_while(certificates):
    """As if the re-queue period had passed since they were queued."""
    Certificate.objects.filter(pk__in=[c.pk for c in certificates]).update(
        queued_at=timezone.now() - timedelta(hours=1)
    )


def _states(certificates):
    return list(
        Certificate.objects.filter(pk__in=[c.pk for c in certificates]).values_list(
            "pk", "status", "attempts", "last_error"
        )
    )
