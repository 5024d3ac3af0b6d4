"""The admin fills an add form from its address (`/admin/courses/unit/add/?course=3`). Every
add page of the project's admins (those built on roots.admin_base), with every field of its model
set to values the field cannot take, answers without a server error, and a value it can take is
still filled in. (Third-party admins, such as Celery beat's schedules, are their own.)"""

import datetime

import pytest
from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.urls import NoReverseMatch, reverse

from roots.admin_base import SafeInitialData
from tests.courses.factories import CourseFactory

pytestmark = pytest.mark.django_db

HOSTILE = ["junk", "-1", "9" * 30, "9999-12-31 23:59:59", "0001-01-01", "1,2,x"]


def _add_pages():
    for model, model_admin in admin.site._registry.items():
        if not isinstance(model_admin, SafeInitialData):
            continue
        try:
            url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
        except NoReverseMatch:
            continue
        fields = [
            field.name
            for field in model._meta.get_fields()
            if getattr(field, "concrete", False) and not field.auto_created
        ]
        yield model_admin, url, fields


def test_every_add_page_survives_hostile_prefill_values(admin_client):
    checked = 0
    for _model_admin, url, fields in _add_pages():
        for value in HOSTILE:
            response = admin_client.get(url, dict.fromkeys(fields, value))
            assert response.status_code < 500, (url, value)
            checked += 1
    assert checked > 100  # every admin with an add page was reached


def test_a_value_the_field_takes_is_still_filled_in(admin_client):
    course = CourseFactory(title="Roots of health inequity")
    response = admin_client.get(reverse("admin:courses_unit_add"), {"course": course.pk})
    assert response.status_code == 200
    assert f'<option value="{course.pk}" selected>' in response.content.decode()
    junk = admin_client.get(reverse("admin:courses_unit_add"), {"course": "junk"})
    assert junk.status_code == 200
    assert "selected>Roots" not in junk.content.decode()


def test_admin_forms_keep_dates_to_the_calendar(rf, admin_user):
    """Every date or date-and-time field of every project admin's form refuses a day past
    2999 with a form error (it was stored, then broke every page showing it)."""
    checked = 0
    for model, model_admin in admin.site._registry.items():
        if not isinstance(model_admin, SafeInitialData):
            continue
        request = rf.get("/")
        request.user = admin_user
        form = model_admin.get_form(request)(data={})
        form.full_clean()  # project forms add their checks when they clean
        for name, field in form.fields.items():
            try:
                model_field = model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if not isinstance(model_field, models.DateField):  # DateTimeField too
                continue
            with pytest.raises(ValidationError):  # noqa: PT012 - one call
                field.run_validators(datetime.date(9999, 12, 31))
                pytest.fail(f"{model.__name__}.{name} took 9999-12-31")
            field.run_validators(datetime.date(2026, 12, 6))
            checked += 1
    assert checked >= 5, "the admins' date fields were found"
