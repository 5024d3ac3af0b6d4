"""Every form the project defines, fed hostile input (hypothesis): it answers with form errors
or cleaned data, never an exception. Forms are found by walking the apps' `forms` modules, so a
new form is fuzzed without being listed here."""

import importlib
import inspect
import re
from types import SimpleNamespace

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roots.forms import StorableTextMixin

from .strategies import hostile_text, hostile_upload

FORM_MODULES = [
    "roots.forms",
    "courses.forms",
    "courses.certificates.forms",
    "groups.forms",
    "resources.forms",
    "coalition.forms",
]


def _group():
    from tests.groups.factories import LearningGroupFactory

    return LearningGroupFactory()


def _session():
    from tests.groups.factories import SessionFactory

    return SessionFactory(past=True)


# Keyword arguments some forms need, by name.
FORM_KWARGS = {
    "questions": dict,  # CheckForm iterates it, PostTestForm looks questions up in it
    "members": list,
    "session_seconds": lambda: 3600,
    "session": _session,
    "group": _group,
    # GroupForm offers the organizations its user may attach a group to (staff: all of them).
    "user": lambda: SimpleNamespace(is_authenticated=True, is_staff=True),
    "statement": lambda: "I completed the whole course myself.",
    "offerings": list,
    "items": list,
    "attempt": lambda: SimpleNamespace(layout=[]),
}


def _project_forms():
    found = []
    for module_name in FORM_MODULES:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError:
            continue
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if (
                issubclass(cls, forms.BaseForm)
                and cls.__module__ == module_name
                and not getattr(getattr(cls, "Meta", None), "abstract", False)
            ):
                found.append(cls)
    return found


def _needed_kwargs(cls) -> dict | None:
    """Keyword arguments the constructor needs beyond data/files, or None if unknown."""
    kwargs = {}
    for klass in cls.__mro__:
        if "__init__" not in vars(klass) or klass.__module__.startswith("django."):
            continue
        for param in inspect.signature(klass.__init__).parameters.values():
            if param.kind is param.KEYWORD_ONLY and param.default is param.empty:
                if param.name not in FORM_KWARGS:
                    return None
                kwargs[param.name] = FORM_KWARGS[param.name]()
    return kwargs


PROJECT_FORMS = _project_forms()


# Text PostgreSQL cannot take: lone surrogates (no UTF-8 form) and NUL.
UNSTORABLE = ["\ud800", "ok \udfff then", "nul\x00byte"]
LONE_SURROGATE = re.compile("[\ud800-\udfff]")


@pytest.mark.django_db
@pytest.mark.parametrize("form_class", PROJECT_FORMS, ids=lambda cls: cls.__name__)
def test_form_refuses_unstorable_text_on_each_text_field_with_an_inline_error(form_class):
    kwargs = _needed_kwargs(form_class)
    if kwargs is None:
        pytest.skip(f"{form_class.__name__} needs constructor arguments the test cannot make")
    probe = form_class(**kwargs)
    names = [name for name, field in probe.fields.items() if isinstance(field, forms.CharField)]
    assert not names or isinstance(probe, StorableTextMixin), "use roots.forms.StorableTextMixin"
    refused = {}
    for name in names:
        for text in UNSTORABLE:
            form = form_class(data={name: text}, **kwargs)
            refused[(name, text)] = not form.is_valid() and bool(form.errors.get(name))
            assert name not in form.cleaned_data
    assert refused == dict.fromkeys(refused, True)


# Characters that change how a name reads without being seen: a right-to-left override, an
# isolate, a bell, an escape, C1 controls, and (in a one-line field) line breaks.
INVISIBLE = "\u202e\u2066\x07\x1b\x85\x9b"
INVISIBLE_LEFT = re.compile("[\u202a-\u202e\u2066-\u2069\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@pytest.mark.django_db
@pytest.mark.parametrize("form_class", PROJECT_FORMS, ids=lambda cls: cls.__name__)
def test_form_takes_control_and_bidi_characters_out_of_each_text_field(form_class):
    kwargs = _needed_kwargs(form_class)
    if kwargs is None:
        pytest.skip(f"{form_class.__name__} needs constructor arguments the test cannot make")
    probe = form_class(**kwargs)
    for name, field in probe.fields.items():
        if not isinstance(field, forms.CharField) or isinstance(field.widget, forms.PasswordInput):
            continue
        one_line = not isinstance(field.widget, forms.Textarea)
        form = form_class(data={name: f"{INVISIBLE}Ann\tLee\r\nSmith{INVISIBLE}"}, **kwargs)
        form.is_valid()
        if name not in form.cleaned_data:
            continue  # refused for what the field is (an address, a code): refused is fine
        value = form.cleaned_data[name]
        assert not INVISIBLE_LEFT.search(value), (name, value)
        if one_line:
            assert not re.search("[\t\r\n]", value), (name, value)
        else:
            assert "Lee\r\nSmith" in value, (name, value)


def _date_data(name, field, text):
    if isinstance(field, forms.SplitDateTimeField):
        day, _, clock = text.partition("T")
        return {f"{name}_0": day, f"{name}_1": clock or "00:00"}
    if isinstance(field, forms.DateTimeField):
        return {name: text if "T" in text else f"{text}T00:00"}
    return {name: text.partition("T")[0]}


@pytest.mark.django_db
@pytest.mark.parametrize("form_class", PROJECT_FORMS, ids=lambda cls: cls.__name__)
@pytest.mark.parametrize("zone", ["America/Chicago", "Asia/Tokyo", "Pacific/Kiritimati"])
def test_form_refuses_dates_outside_the_calendar_on_each_date_field_in_any_zone(form_class, zone):
    from django.utils import timezone

    from roots.forms import DATE_FIELDS

    kwargs = _needed_kwargs(form_class)
    if kwargs is None:
        pytest.skip(f"{form_class.__name__} needs constructor arguments the test cannot make")
    probe = form_class(**kwargs)
    names = [name for name, field in probe.fields.items() if isinstance(field, DATE_FIELDS)]
    assert not names or isinstance(probe, StorableTextMixin), "use roots.forms.StorableTextMixin"
    with timezone.override(zone):
        for name in names:
            for text in ("9999-12-31T23:00", "0001-01-01T00:00", "1899-12-31", "3000-01-01"):
                data = {"time_zone": zone} | _date_data(name, probe.fields[name], text)
                form = form_class(data=data, **kwargs)
                assert not form.is_valid()
                assert "Enter a date from 1 January 1900 to 31 December 2999." in str(
                    form.errors.get(name)
                ), (name, text, form.errors)
            for text in ("2999-12-31T23:59", "1900-01-01T00:00"):
                data = {"time_zone": zone} | _date_data(name, probe.fields[name], text)
                form = form_class(data=data, **kwargs)
                form.is_valid()
                assert name not in form.errors, (name, text, form.errors)


def test_form_discovery_finds_the_project_forms():
    names = {cls.__name__ for cls in PROJECT_FORMS}
    assert {"SignupForm", "ProfileForm", "ReflectionForm", "PostForm", "CommentForm"} <= names


@pytest.mark.django_db
@pytest.mark.parametrize("form_class", PROJECT_FORMS, ids=lambda cls: cls.__name__)
@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_form_with_hostile_input_gives_errors_not_exceptions(form_class, data):
    kwargs = _needed_kwargs(form_class)
    if kwargs is None:
        pytest.skip(f"{form_class.__name__} needs constructor arguments the fuzzer cannot make")
    probe = form_class(**kwargs)
    values, files = {}, {}
    for name, field in probe.fields.items():
        if isinstance(field, forms.FileField):
            filename, content_type, content = data.draw(hostile_upload(), label=name)
            files[name] = SimpleUploadedFile(filename, content, content_type=content_type)
        elif isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
            values[name] = data.draw(st.lists(hostile_text(surrogates=True), max_size=3))
        else:
            values[name] = data.draw(hostile_text(surrogates=True), label=name)
    form = form_class(data=values, files=files, **kwargs)
    valid = form.is_valid()
    if not valid:
        assert form.errors
    for name, value in form.cleaned_data.items():
        if isinstance(value, str):
            # What the database cannot store never gets through cleaning.
            assert "\x00" not in value, name
            if isinstance(form, StorableTextMixin):
                assert not LONE_SURROGATE.search(value), name
