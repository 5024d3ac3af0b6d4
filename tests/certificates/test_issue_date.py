"""A certificate is dated on the learner's own calendar: the day it is where they are when they
claim, not in UTC or the site's zone (an accreditor reads the date on the certificate)."""

from datetime import UTC, date, datetime
from unittest import mock

import pytest
from django.utils import timezone

from courses.certificates.services.claim import local_today
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# 11:30 UTC on 1 January: already 2 January in Kiritimati (UTC+14), still 1 January in
# Honolulu (UTC-10).
MOMENT = datetime(2026, 1, 1, 11, 30, tzinfo=UTC)


@pytest.fixture
def at_moment():
    with mock.patch("django.utils.timezone.now", return_value=MOMENT):
        yield


def test_the_date_is_the_learners_own_whatever_zone_is_active(at_moment, settings):
    settings.TIME_ZONE = "Pacific/Honolulu"
    learner = UserFactory(time_zone="Pacific/Kiritimati")
    with timezone.override("Pacific/Honolulu"):
        assert local_today(learner) == date(2026, 1, 2)
    far_west = UserFactory(time_zone="Pacific/Honolulu")
    with timezone.override("Pacific/Kiritimati"):
        assert local_today(far_west) == date(2026, 1, 1)


def test_an_unknown_zone_falls_back_to_the_sites_not_the_one_active(at_moment, settings):
    settings.TIME_ZONE = "Pacific/Kiritimati"
    learner = UserFactory(time_zone="Not/AZone")
    with timezone.override("Pacific/Honolulu"):
        assert local_today(learner) == date(2026, 1, 2)
