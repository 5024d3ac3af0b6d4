from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from roots.forms import StorableTextMixin

from .models import Resource, max_upload_bytes
from .selectors import resource_unit_choices, units_relation


class ResourceFilterForm(StorableTextMixin, forms.Form):
    """The list's search and filters (GET). An invalid value just drops that filter."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Title, author, topic or NA616")}
        ),
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("All kinds")), *Resource.Kind.choices],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        units = resource_unit_choices()
        if units is not None:
            self.fields["unit"] = forms.ModelChoiceField(
                label=_("Course unit"),
                required=False,
                queryset=units,
                empty_label=_("All units"),
                widget=forms.Select(attrs={"class": "form-select"}),
            )

    def filters(self) -> dict:
        self.is_valid()
        data = self.cleaned_data
        return {
            "query": data.get("q") or "",
            "kind": data.get("kind") or "",
            "unit": data.get("unit"),
        }

    def is_filtered(self) -> bool:
        return any(self.filters().values())


class ResourceAdminFormBase(StorableTextMixin, forms.ModelForm):
    class Meta:
        model = Resource
        fields = [
            "catalog_number",
            "title",
            "kind",
            "summary",
            "authors",
            "year",
            "file",
            "audience",
            "published",
        ]
        widgets = {"file": forms.FileInput(attrs={"accept": "application/pdf,.pdf"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "file" in self.fields:
            self.fields["file"].help_text = _(
                "A PDF of at most %(limit)s. Uploading a new file replaces the current one; the "
                "catalog number and the download address stay the same."
            ) % {"limit": filesizeformat(max_upload_bytes())}
        if "units" in self.fields and self.instance.pk:
            self.fields["units"].initial = list(self.instance.units.all())

    def clean_catalog_number(self):
        return self.cleaned_data["catalog_number"].strip().upper()


def _resource_admin_form():
    """The admin form, with a units picker once the courses app relates units to resources."""
    relation = units_relation()
    if relation is None:
        return type("ResourceAdminForm", (ResourceAdminFormBase,), {"__module__": __name__})
    units = forms.ModelMultipleChoiceField(
        label=_("Course units"),
        required=False,
        queryset=relation.related_model.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The units this publication belongs with; their pages link to it."),
    )
    return type(
        "ResourceAdminForm", (ResourceAdminFormBase,), {"__module__": __name__, "units": units}
    )


ResourceAdminForm = _resource_admin_form()
