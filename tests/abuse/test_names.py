"""Names with characters that change how they read without being seen: a right-to-left override
makes "Ann Lee\u202eredivorp" show as "Ann Leeprovider", a name that impersonates a role; line
breaks and control characters break the lines of certificates, e-mail subjects and lists. Every
form takes them out (roots.forms.StorableTextMixin); here, as a person would try it."""

import pytest
from django.urls import reverse

from groups.models import LearningGroup
from roots.models import User

pytestmark = pytest.mark.django_db

SPOOFED = "Ann Lee\u202eredivorp\u202c\u2066\x07\r\nStaff\x9b"


def test_profile_name_is_stored_and_shown_without_overrides_or_control_characters(
    client, practitioner
):
    client.force_login(practitioner)
    response = client.post(
        reverse("profile"),
        {
            "full_name": SPOOFED,
            "discipline": User.Discipline.NURSE,
            "credential_number": "RN\u202e-1",
            "time_zone": "America/Chicago",
        },
        follow=True,
    )
    assert "Your profile has been saved." in response.text
    practitioner.refresh_from_db()
    assert practitioner.full_name == "Ann Leeredivorp  Staff"
    assert practitioner.credential_number == "RN-1"
    assert "\u202e" not in client.get(reverse("profile")).text


def test_signup_name_is_stored_without_overrides(client, settings):
    settings.ACCOUNT_RATE_LIMITS = False
    client.post(
        reverse("account_signup"),
        {
            "email": "spoof@example.org",
            "full_name": SPOOFED,
            "password1": "a-Long-pass-4-names",
            "password2": "a-Long-pass-4-names",
        },
    )
    assert User.objects.get(email="spoof@example.org").full_name == "Ann Leeredivorp  Staff"


def test_name_of_only_invisible_characters_is_refused_as_empty(client, practitioner):
    client.force_login(practitioner)
    response = client.post(
        reverse("profile"),
        {
            "full_name": "\u202e\u2066\x07",
            "discipline": User.Discipline.NURSE,
            "time_zone": "America/Chicago",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["full_name"] == ["This field is required."]


def test_group_name_is_stored_and_shown_without_overrides(client, practitioner):
    from tests.courses.factories import build_course

    course = build_course(units=1, lessons=1, questions=0)
    client.force_login(practitioner)
    response = client.post(
        reverse("groups:create"),
        {
            "course": course.pk,
            "name": "Lakeside\u202e puorg\u202c\x1b",
            "kind": LearningGroup.Kind.OTHER,
            "state": "IL",
            "description": "We meet\u202e weekly.\nBring lunch.",
            "meeting_cadence": "Tuesdays\x07",
            "listed": "on",
        },
        follow=True,
    )
    assert response.status_code == 200
    group = LearningGroup.objects.get()
    assert group.name == "Lakeside puorg"
    assert group.description == "We meet weekly.\nBring lunch."
    assert group.meeting_cadence == "Tuesdays"
    assert "\u202e" not in response.text
