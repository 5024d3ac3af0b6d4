from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Organization, User
from .validators import (
    strip_control_characters,
    validate_calendar_range,
    validate_encodable_text,
)


class StorableTextMixin:
    """For every form of the project: what people type is stored and shown as they meant it, or
    refused on its own field with an inline error, before model validation (constraints, unique
    checks) or a service sends it to PostgreSQL, which would raise instead.

    - Text: control and bidirectional-override characters are taken out (a one-line field such
      as a name keeps no line breaks either; passwords are left as typed), and lone surrogates
      are refused. A NUL character is refused by every CharField already (Django's
      ProhibitNullCharactersValidator).
    - Dates, and dates with times: refused outside the calendar the site keeps
      (`roots.validators.validate_calendar_range`), so that no time zone turns one into a year
      Python cannot hold.

    Applied when the form is cleaned, so that fields a form adds in its __init__ are covered
    too. Choice fields need nothing: a value that is not one of their choices is refused
    already."""

    def full_clean(self):
        for field in self.fields.values():
            if isinstance(field, forms.CharField):
                _make_storable_text(field)
            elif isinstance(field, DATE_FIELDS) and validate_calendar_range not in field.validators:
                field.validators.append(validate_calendar_range)
        super().full_clean()


DATE_FIELDS = (forms.DateField, forms.DateTimeField, forms.SplitDateTimeField)


def _make_storable_text(field: forms.CharField) -> None:
    if validate_encodable_text in field.validators:
        return  # done at an earlier cleaning of this form
    field.validators.append(validate_encodable_text)
    if isinstance(field.widget, forms.PasswordInput):
        return
    multiline = isinstance(field.widget, forms.Textarea)
    to_python = field.to_python

    def to_python_without_controls(value):
        value = to_python(value)
        if isinstance(value, str):
            value = strip_control_characters(value, multiline=multiline)
            if field.strip:
                value = value.strip()
        return value

    field.to_python = to_python_without_controls


class SignupForm(StorableTextMixin, forms.Form):
    """Extra fields on allauth's sign-up form (ACCOUNT_SIGNUP_FORM_CLASS)."""

    full_name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        help_text=_("As it should be printed on your certificates."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    field_order = ["full_name", "email", "password1", "password2"]

    def signup(self, request, user):
        user.full_name = self.cleaned_data["full_name"].strip()
        user.save(update_fields=["full_name"])


class ProfileForm(StorableTextMixin, forms.ModelForm):
    new_organization_name = forms.CharField(
        label=_("Or add your organization"),
        max_length=200,
        required=False,
        help_text=_("If it is not in the list above."),
    )
    new_organization_kind = forms.ChoiceField(
        label=_("Kind of organization"),
        choices=[("", "---------"), *Organization.Kind.choices],
        required=False,
    )
    new_organization_city = forms.CharField(label=_("City"), max_length=100, required=False)
    new_organization_state = forms.ChoiceField(
        label=_("State"),
        choices=[("", "---------"), *Organization._meta.get_field("state").choices],
        required=False,
    )

    class Meta:
        model = User
        fields = [
            "full_name",
            "organization",
            "discipline",
            "credential_number",
            "dob_month",
            "dob_day",
            "time_zone",
        ]
        widgets = {"full_name": forms.TextInput(attrs={"autocomplete": "name"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["full_name"].required = True
        self.fields["organization"].queryset = Organization.objects.order_by("name")

    def clean(self):
        cleaned = super().clean()
        new_name = (cleaned.get("new_organization_name") or "").strip()
        if new_name and cleaned.get("organization"):
            self.add_error(
                "new_organization_name",
                _("Choose an organization from the list or add a new one, not both."),
            )
        if new_name and not cleaned.get("new_organization_kind"):
            self.add_error("new_organization_kind", _("Say what kind of organization it is."))
        return cleaned


class SearchForm(StorableTextMixin, forms.Form):
    # Longer queries are cut short by the search rather than refused.
    q = forms.CharField(
        label=_("Search for"),
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "maxlength": 200}),
    )
    type = forms.CharField(required=False, max_length=20)
