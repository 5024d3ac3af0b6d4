import datetime

from django import forms
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from roots.forms import StorableTextMixin
from roots.models import TIME_ZONE_CHOICES

from .models import Event, GoalUpdate, Page, Partner, Report, ReportComment

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


class HttpsURLField(forms.URLField):
    """An address typed without a scheme is taken to be https://, as browsers do today."""

    def __init__(self, **kwargs):
        kwargs.setdefault("assume_scheme", "https")
        super().__init__(**kwargs)


class ReportForm(StorableTextMixin, forms.ModelForm):
    class Meta:
        model = Report
        fields = ["title", "slug", "year", "summary", "key_findings", "pdf", "cover", "cover_alt"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "key_findings": forms.Textarea(attrs={"rows": 5}),
            "pdf": forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
            "cover": forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["slug"].help_text = _(
            "Part of the report's web address. Leave empty to make one from the title."
        )
        if not self.instance.pk:
            self.initial.setdefault("year", timezone.now().year)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("slug") and cleaned.get("title"):
            cleaned["slug"] = slugify(cleaned["title"])[:120]
        if cleaned.get("cover") and not cleaned.get("cover_alt"):
            self.add_error("cover_alt", _("Describe the cover for people who cannot see it."))
        return cleaned


class SectionForm(StorableTextMixin, forms.Form):
    heading = forms.CharField(label=_("Heading"), max_length=200)
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Markdown: **bold**, *italic*, lists, [links](https://example.org)."),
    )


SectionFormSet = forms.formset_factory(
    SectionForm, extra=1, can_delete=True, can_order=True, max_num=30, validate_max=True
)


def section_initial(report: Report) -> list[dict]:
    return [{"heading": s.heading, "body": s.body} for s in report.sections.all()]


def sections_from(formset) -> list[dict]:
    return [
        {"heading": form.cleaned_data["heading"], "body": form.cleaned_data["body"]}
        for form in formset.ordered_forms
    ]


class ReportMoveForm(StorableTextMixin, forms.Form):
    publish_at = forms.DateTimeField(
        label=_("Goes live at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL),
    )
    note = forms.CharField(
        label=_("Note for the history"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional: why, or what should change. Editors see it in the history."),
    )

    def __init__(self, *args, needs_time: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if needs_time:
            self.fields["publish_at"].required = True
            self.fields["publish_at"].help_text = _("In your time zone (%(zone)s).") % {
                "zone": timezone.get_current_timezone_name()
            }
        else:
            del self.fields["publish_at"]


class CommentForm(StorableTextMixin, forms.ModelForm):
    class Meta:
        model = ReportComment
        fields = ["body"]
        labels = {"body": _("Your reply")}
        widgets = {"body": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"body": _("Plain text; web addresses become links.")}


class PageForm(StorableTextMixin, forms.ModelForm):
    class Meta:
        model = Page
        fields = ["title", "summary", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 16})}


class GoalUpdateForm(StorableTextMixin, forms.ModelForm):
    class Meta:
        model = GoalUpdate
        fields = ["date", "status", "note"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "note": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("date", timezone.localdate())


class WallClockDateTimeField(forms.DateTimeField):
    """A date and time as typed, with no time zone yet: the form decides which zone it is in."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL)

    def to_python(self, value):
        with timezone.override(datetime.UTC):
            result = super().to_python(value)
        return result.replace(tzinfo=None) if result else result


class EventForm(StorableTextMixin, forms.ModelForm):
    """Times are typed as the clock reads where the event happens, and stored in UTC."""

    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        choices=TIME_ZONE_CHOICES,
        initial="America/Chicago",
        help_text=_("Where the event happens; the times above are read in this zone."),
    )
    starts_at = WallClockDateTimeField(label=_("Starts"))
    ends_at = WallClockDateTimeField(label=_("Ends"))

    class Meta:
        model = Event
        fields = [
            "title",
            "slug",
            "kind",
            "starts_at",
            "ends_at",
            "time_zone",
            "venue",
            "address",
            "online_url",
            "description",
            "registration_url",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 8})}
        field_classes = {"online_url": HttpsURLField, "registration_url": HttpsURLField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["slug"].help_text = _("Leave empty to make one from the title and date.")
        if self.instance.pk:
            zone = self.instance.zone
            self.initial["starts_at"] = self.instance.starts_at.astimezone(zone).replace(
                tzinfo=None
            )
            self.initial["ends_at"] = self.instance.ends_at.astimezone(zone).replace(tzinfo=None)

    def clean(self):
        cleaned = super().clean()
        zone_name = cleaned.get("time_zone")
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if zone_name and starts and ends:
            zone = Event(time_zone=zone_name).zone
            local_starts, local_ends = starts.replace(tzinfo=zone), ends.replace(tzinfo=zone)
            cleaned["starts_at"], cleaned["ends_at"] = local_starts, local_ends
            for field, local in (("starts_at", local_starts), ("ends_at", local_ends)):
                if local.astimezone(datetime.UTC).astimezone(zone).replace(
                    tzinfo=None
                ) != local.replace(tzinfo=None):
                    self.add_error(
                        field, _("This time does not exist on that day (the clocks move forward).")
                    )
            if local_ends <= local_starts:
                self.add_error("ends_at", _("The event must end after it starts."))
        if not cleaned.get("venue") and not cleaned.get("online_url"):
            self.add_error("venue", _("Give a place, an online link, or both."))
        return cleaned

    def _get_validation_exclusions(self):
        # The slug is made by the service when left empty; unique checks run there.
        exclusions = super()._get_validation_exclusions()
        if not self.cleaned_data.get("slug"):
            exclusions.add("slug")
        return exclusions


class PartnerFilterForm(StorableTextMixin, forms.Form):
    tier = forms.ChoiceField(
        label=_("Tier"), required=False, choices=[("", _("All tiers")), *Partner.Tier.choices]
    )
    sector = forms.ChoiceField(
        label=_("Sector"),
        required=False,
        choices=[("", _("All sectors")), *Partner.Sector.choices],
    )
