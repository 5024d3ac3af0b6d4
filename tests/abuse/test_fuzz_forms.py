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


# Keyword arguments some forms need, by name.
FORM_KWARGS = {
    "questions": dict,  # CheckForm iterates it, PostTestForm looks questions up in it
    "members": list,
    "group": _group,
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
