"""Factories and date helpers for the search, analytics and roll-up tests."""

from datetime import UTC, datetime

import factory
from django.utils import timezone

from roots.models import OrganizationAdministrator
from tests.factories import OrganizationFactory, UserFactory


class OrganizationAdministratorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganizationAdministrator

    organization = factory.SubFactory(OrganizationFactory)
    user = factory.SubFactory(UserFactory, verified=True)


def months_ago(months: int, *, day: int = 15, hour: int = 12) -> datetime:
    """A moment `months` calendar months before the current one (UTC), mid-month by default so
    that no time zone moves it into another month; for this month, now (never in the future)."""
    today = timezone.now().astimezone(UTC)
    if months == 0:
        return today
    index = today.year * 12 + today.month - 1 - months
    return datetime(index // 12, index % 12 + 1, day, hour, tzinfo=UTC)


def month_start(moment: datetime):
    return moment.date().replace(day=1)
