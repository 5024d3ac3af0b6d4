import pytest
from django.core.exceptions import ValidationError

from courses.certificates import selectors, services
from courses.certificates.models import Certificate

from .factories import learner_with_steps

pytestmark = pytest.mark.django_db

STEPS = ["units", "post_test", "evaluation", "attestation", "name"]

# A learner who has done every step before a claim but one; the id says what is missing.
ONE_STEP_MISSING = [
    pytest.param("units", {"units": False}, id="one-lesson-unread"),
    pytest.param("post_test", {"post_test": None}, id="post-test-never-sat"),
    pytest.param("post_test", {"post_test": "failed"}, id="post-test-only-failed"),
    pytest.param("post_test", {"post_test": "open"}, id="post-test-started-not-submitted"),
    pytest.param("evaluation", {"evaluation": False}, id="no-evaluation"),
    pytest.param("attestation", {"attestation": False}, id="no-attestation"),
    pytest.param("name", {"full_name": "  "}, id="no-name"),
]


def test_credit_checklist_every_step_done_is_ready(rules):
    checklist = selectors.credit_checklist(user=learner_with_steps(rules), rules=rules)
    assert [item.key for item in checklist.items] == STEPS
    assert all(item.done for item in checklist.items)
    assert checklist.ready
    assert checklist.missing == []


@pytest.mark.parametrize(("missing", "steps"), ONE_STEP_MISSING)
def test_credit_checklist_one_step_missing_only_that_step_is_not_done(rules, missing, steps):
    learner = learner_with_steps(rules, **steps)
    checklist = selectors.credit_checklist(user=learner, rules=rules)
    assert {item.key: item.done for item in checklist.items} == {
        step: step != missing for step in STEPS
    }
    assert not checklist.ready
    [label] = checklist.missing
    assert label == next(str(item.label) for item in checklist.items if item.key == missing)
    # The flags the pages read (post-test page, attestation form) agree with the items.
    assert checklist.post_test_passed is (missing != "post_test")
    assert checklist.evaluation_submitted is (missing != "evaluation")
    assert checklist.attested is (missing != "attestation")


@pytest.mark.parametrize(("missing", "steps"), ONE_STEP_MISSING)
def test_certificate_claim_one_step_missing_refused_naming_only_that_step(
    rules, course, missing, steps
):
    learner = learner_with_steps(rules, **steps)
    labels = {
        item.key: str(item.label).lower()
        for item in selectors.credit_checklist(user=learner, rules=rules).items
    }
    with pytest.raises(ValidationError) as error:
        services.certificate_claim(user=learner, course=course, credit_type="ches")
    message = " ".join(error.value.messages)
    assert message == f"Not yet: {labels[missing]}."
    assert not Certificate.objects.exists()
