"""A learner's birth month and day (ACCME's MOC reporting asks for them, never the year): a
pair, a day that exists in its month, kept by the database, edited on the profile page and
given on a claim page (roots.services.profile_claim_fields_update)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from roots.services import profile_claim_fields_update
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("month", "day"), [(None, None), (2, 29), (1, 31), (4, 30), (12, 31), (6, 1)]
)
def test_real_birth_days_are_stored(month, day):
    user = UserFactory(dob_month=month, dob_day=day)
    user.refresh_from_db()
    assert (user.dob_month, user.dob_day) == (month, day)
    assert user.has_birth_day is (month is not None)


@pytest.mark.parametrize(
    ("month", "day"), [(2, 30), (4, 31), (11, 31), (13, 1), (0, 5), (5, 0), (5, None), (None, 5)]
)
def test_the_database_refuses_a_birth_day_that_does_not_exist(month, day):
    with pytest.raises(IntegrityError), transaction.atomic():
        UserFactory(dob_month=month, dob_day=day)


def test_profile_page_saves_and_clears_the_birth_day(client, practitioner):
    client.force_login(practitioner)
    data = {"full_name": "Ana Lima", "time_zone": "America/Chicago"}
    response = client.post(reverse("profile"), {**data, "dob_month": "7", "dob_day": "4"})
    assert response.status_code == 302
    practitioner.refresh_from_db()
    assert (practitioner.dob_month, practitioner.dob_day) == (7, 4)
    client.post(reverse("profile"), {**data, "dob_month": "", "dob_day": ""})
    practitioner.refresh_from_db()
    assert (practitioner.dob_month, practitioner.dob_day) == (None, None)


@pytest.mark.parametrize(
    ("month", "day", "message"),
    [
        ("2", "31", "That day does not exist in that month."),
        ("2", "", "Give both the month and the day, or neither."),
        ("", "9", "Give both the month and the day, or neither."),
    ],
)
def test_profile_page_marks_an_impossible_birth_day_inline(
    client, practitioner, month, day, message
):
    client.force_login(practitioner)
    response = client.post(
        reverse("profile"),
        {
            "full_name": "Ana Lima",
            "time_zone": "America/Chicago",
            "dob_month": month,
            "dob_day": day,
        },
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    practitioner.refresh_from_db()
    assert practitioner.dob_month is None


def test_claim_fields_update_saves_only_what_it_is_given():
    user = UserFactory(credential_number="CH-1", dob_month=None, dob_day=None)
    profile_claim_fields_update(user=user, data={"dob_month": 3, "dob_day": 9})
    user.refresh_from_db()
    assert (user.credential_number, user.dob_month, user.dob_day) == ("CH-1", 3, 9)
    profile_claim_fields_update(user=user, data={"credential_number": "  CH-2 "})
    user.refresh_from_db()
    assert (user.credential_number, user.dob_month) == ("CH-2", 3)


def test_claim_fields_update_refuses_an_impossible_day():
    user = UserFactory()
    with pytest.raises(ValidationError):
        profile_claim_fields_update(user=user, data={"dob_month": 2, "dob_day": 30})
    user.refresh_from_db()
    with pytest.raises(ValidationError):
        profile_claim_fields_update(user=user, data={"dob_day": 3})
    user.refresh_from_db()
    assert (user.dob_month, user.dob_day) == (None, None)
