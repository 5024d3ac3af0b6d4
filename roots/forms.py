from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Organization, User
from .validators import validate_encodable_text


class StorableTextMixin:
    """For every form of the project: text the database cannot store is refused on its own field
    with an inline error, before model validation (constraints, unique checks) or a service sends
    it to PostgreSQL, which would raise instead. A NUL character is refused by every CharField
    already (Django's ProhibitNullCharactersValidator); this adds lone surrogates. Applied when
    the form is cleaned, so that fields a form adds in its __init__ are covered too. Choice
    fields need nothing: a value that is not one of their choices is refused already."""

    def full_clean(self):
        for field in self.fields.values():
            is_text = isinstance(field, forms.CharField)
            if is_text and validate_encodable_text not in field.validators:
                field.validators.append(validate_encodable_text)
        super().full_clean()


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
        fields = ["full_name", "organization", "discipline", "credential_number", "time_zone"]
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
