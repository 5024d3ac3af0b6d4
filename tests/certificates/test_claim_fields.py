"""The claim page asks, inline, for the profile fields the credit's accreditor needs and the
learner has not given (a credential number; a birth month and day), saves them to the
profile and then claims; a missing or impossible value is marked on its field."""

import re

import pytest
from django.urls import reverse

from courses.certificates.models import Certificate
from tests.factories import UserFactory

from .conftest import make_ready
from .factories import CreditOfferingFactory, ProviderFactory

pytestmark = pytest.mark.django_db


def claim_url(rules):
    return reverse("certificates:claim", args=[rules.course.slug])


def field_error(content: str, field: str) -> str:
    """The inline error shown under a field, or ""."""
    match = re.search(rf'id="error_1_id_{field}"[^>]*>\s*<strong>(.*?)</strong>', content, re.S)
    return " ".join(match[1].split()) if match else ""


@pytest.fixture
def learner_without_number(rules):
    return make_ready(UserFactory(verified=True, full_name="Lee Chen", credential_number=""), rules)


def test_claim_page_asks_for_the_ches_number_the_profile_needs(
    client, rules, learner_without_number
):
    client.force_login(learner_without_number)
    content = client.get(claim_url(rules)).content.decode()
    assert "What the accreditor asks of you" in content
    assert re.search(r'<label\s+for="id_credential_number"[^>]*>\s*Your CHES/MCHES number', content)
    assert 'name="dob_month"' not in content  # no profile here asks for a birth day


def test_claim_page_asks_nothing_the_learner_has_given(client, rules, ready_learner):
    client.force_login(ready_learner)
    content = client.get(claim_url(rules)).content.decode()
    assert 'name="credential_number"' not in content
    assert "What the accreditor asks of you" not in content


def test_claim_without_the_number_marks_the_field_and_makes_nothing(
    client, rules, learner_without_number
):
    client.force_login(learner_without_number)
    response = client.post(
        claim_url(rules), {"action": "claim", "credit_type": "ches", "credential_number": "  "}
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert field_error(content, "credential_number") == (
        "Give your CHES/MCHES number before claiming this certificate."
    )
    assert "fill in what is marked below" in content
    assert not Certificate.objects.exists()


def test_claim_with_the_number_saves_it_to_the_profile_then_claims(
    client, rules, learner_without_number
):
    client.force_login(learner_without_number)
    response = client.post(
        claim_url(rules),
        {"action": "claim", "credit_type": "ches", "credential_number": " CH-4242 "},
        follow=True,
    )
    assert "being prepared" in response.content.decode()
    learner_without_number.refresh_from_db()
    assert learner_without_number.credential_number == "CH-4242"
    certificate = Certificate.objects.get(learner=learner_without_number)
    assert certificate.credential_number == "CH-4242"


def test_learner_not_ready_is_told_what_is_left_before_any_field(client, rules):
    learner = UserFactory(verified=True, full_name="Lee Chen", credential_number="")
    client.force_login(learner)
    response = client.post(claim_url(rules), {"action": "claim", "credit_type": "ches"})
    content = response.content.decode()
    assert "Not yet" in content
    assert field_error(content, "credential_number") == ""
    assert not Certificate.objects.exists()


@pytest.fixture
def ama_rules(rules):
    rules.provider = ProviderFactory(signed=True)
    rules.save()
    rules.offerings.all().delete()
    CreditOfferingFactory(rules=rules, credit_type="cme")
    return rules


@pytest.mark.parametrize(
    ("month", "day", "field", "error"),
    [
        ("", "", "dob_month", "Give your date of birth (month and day) before claiming"),
        ("2", "", "dob_day", "Give the day as well as the month."),
        ("", "14", "dob_month", "Give the month as well as the day."),
        ("2", "30", "dob_day", "That day does not exist in that month."),
        ("4", "31", "dob_day", "That day does not exist in that month."),
        ("13", "1", "dob_month", "Select a valid choice."),
        ("1", "32", "dob_day", "Select a valid choice."),
        ("x", "-1", "dob_month", "Select a valid choice."),
    ],
)
def test_claim_for_ama_credit_marks_a_missing_or_impossible_birth_day(
    client, ama_rules, ready_learner, month, day, field, error
):
    client.force_login(ready_learner)
    response = client.post(
        claim_url(ama_rules),
        {"action": "claim", "credit_type": "cme", "dob_month": month, "dob_day": day},
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert field_error(content, field).startswith(error)
    assert not Certificate.objects.exists()
    ready_learner.refresh_from_db()
    assert (ready_learner.dob_month, ready_learner.dob_day) == (None, None)


@pytest.mark.parametrize(("month", "day"), [("2", "29"), ("12", "31"), ("1", "1")])
def test_claim_for_ama_credit_saves_the_birth_day_then_claims(
    client, ama_rules, ready_learner, month, day
):
    client.force_login(ready_learner)
    content = client.get(claim_url(ama_rules)).content.decode()
    assert re.search(r'<label\s+for="id_dob_month"', content)
    assert re.search(r'<label\s+for="id_dob_day"', content)
    response = client.post(
        claim_url(ama_rules),
        {"action": "claim", "credit_type": "cme", "dob_month": month, "dob_day": day},
        follow=True,
    )
    assert "being prepared" in response.content.decode()
    ready_learner.refresh_from_db()
    assert (ready_learner.dob_month, ready_learner.dob_day) == (int(month), int(day))
    assert Certificate.objects.filter(learner=ready_learner, credit_type="cme").exists()


def test_claim_refused_for_what_staff_must_add_says_so_above_the_form(client, rules, ready_learner):
    rules.provider = ProviderFactory(address="")
    rules.save()
    rules.offerings.all().delete()
    CreditOfferingFactory(rules=rules, credit_type="cne")
    client.force_login(ready_learner)
    response = client.post(claim_url(rules), {"action": "claim", "credit_type": "cne"})
    content = response.content.decode()
    assert "The provider&#x27;s address is not set — staff must add it" in content
    assert "The signature image is not set — staff must add it" in content
    assert not Certificate.objects.exists()
