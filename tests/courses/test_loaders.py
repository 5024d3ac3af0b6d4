"""A knowledge-check attempt is found only under the course and unit its URL names."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.test import RequestFactory

from courses import permissions

from .factories import CheckAttemptFactory, UnitFactory

pytestmark = pytest.mark.django_db


def test_load_attempt_only_under_its_own_course_and_unit():
    attempt = CheckAttemptFactory()
    unit = attempt.unit
    other = UnitFactory(number=unit.number)  # another course, same unit number
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    found = permissions.load_attempt(request, unit.course.slug, unit.number, attempt.pk)
    assert found == attempt
    for slug, number in [(other.course.slug, unit.number), (unit.course.slug, unit.number + 1)]:
        with pytest.raises(Http404):
            permissions.load_attempt(request, slug, number, attempt.pk)
