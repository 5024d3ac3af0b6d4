import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.auth import authenticate
from django.core.management import call_command

pytestmark = pytest.mark.django_db

DEMO_EMAILS = [
    "admin@example.org",
    "editor@example.org",
    "facilitator@example.org",
    "practitioner@example.org",
]


def _row_counts():
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label
        in {
            "roots",
            "courses",
            "certificates",
            "learning_groups",
            "resources",
            "coalition",
            "account",
        }
    }


def test_seed_demo_twice_leaves_the_same_rows():
    call_command("seed_demo", verbosity=0)
    first = _row_counts()
    call_command("seed_demo", verbosity=0)
    assert _row_counts() == first
    assert first["roots.User"] >= 4
    assert first["roots.Organization"] >= 3


def test_seed_demo_accounts_sign_in_with_verified_email():
    call_command("seed_demo", verbosity=0)
    for email in DEMO_EMAILS:
        user = authenticate(email=email, password="roots-demo")
        assert user is not None, email
        assert EmailAddress.objects.get(user=user, email=email).verified
    admin = authenticate(email="admin@example.org", password="roots-demo")
    assert admin.is_superuser
    editor = authenticate(email="editor@example.org", password="roots-demo")
    assert editor.groups.filter(name="editors").exists()
