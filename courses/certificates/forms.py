import json

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from courses.models import Course
from roots.forms import StorableTextMixin
from roots.models import DAYS_IN_MONTH, MONTH_CHOICES

from .models import (
    CODE_GROUP_LENGTH,
    CODE_GROUPS,
    AccreditorProfile,
    Certificate,
    EvaluationItem,
    LearnerField,
    normalize_code,
)
from .services import hours_display

LIKERT_CHOICES = [
    (5, _("Strongly agree")),
    (4, _("Agree")),
    (3, _("Neither agree nor disagree")),
    (2, _("Disagree")),
    (1, _("Strongly disagree")),
]


class AttestationForm(StorableTextMixin, forms.Form):
    attest = forms.BooleanField(required=True)

    def __init__(self, *args, statement: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attest"].label = statement
        self.fields["attest"].error_messages["required"] = _("Tick the statement to attest to it.")


class ClaimForm(StorableTextMixin, forms.Form):
    """The credit to claim and, inline, the profile fields its accreditor asks for that the
    learner has not given yet (saved to their profile before the claim)."""

    credit_type = forms.ChoiceField(label=_("Credit to claim"), widget=forms.RadioSelect)

    def __init__(self, *args, offerings, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.profiles = {offering.credit_type: offering.profile for offering in offerings}
        self.fields["credit_type"].choices = [
            (
                offering.credit_type,
                _("%(credit)s: %(hours)s %(unit)s")
                % {
                    "credit": offering.get_credit_type_display(),
                    "hours": hours_display(offering.hours),
                    "unit": offering.profile.credit_unit,
                },
            )
            for offering in offerings
        ]
        if len(offerings) == 1:
            self.fields["credit_type"].initial = offerings[0].credit_type
        profiles = self.profiles.values()
        labels = sorted(
            {p.credential_label for p in profiles if p.asks(LearnerField.CREDENTIAL_NUMBER)}
        )
        if labels and not user.credential_number.strip():
            self.fields["credential_number"] = forms.CharField(
                label=_("Your %(credential)s") % {"credential": _(" or ").join(labels)},
                max_length=60,
                required=False,
                help_text=_("Saved to your profile and printed on your certificate."),
            )
        if any(p.asks(LearnerField.BIRTH_DAY) for p in profiles) and not user.has_birth_day:
            self.fields["dob_month"] = forms.TypedChoiceField(
                label=_("Birth month"),
                choices=[("", "---------"), *MONTH_CHOICES],
                coerce=int,
                empty_value=None,
                required=False,
            )
            self.fields["dob_day"] = forms.TypedChoiceField(
                label=_("Birth day"),
                choices=[("", "---------"), *((day, day) for day in range(1, 32))],
                coerce=int,
                empty_value=None,
                required=False,
                help_text=_(
                    "Month and day only, never the year: reported to the accreditor with your "
                    "credit. Saved to your profile."
                ),
            )

    # Where a claim's refusal for a missing profile field is shown (services.check keys).
    REFUSAL_FIELDS = {
        LearnerField.CREDENTIAL_NUMBER: "credential_number",
        LearnerField.BIRTH_DAY: "dob_month",
    }

    @property
    def asks_profile_fields(self) -> bool:
        return any(name in self.fields for name in ("credential_number", "dob_month"))

    def clean(self):
        """The shape of a birth day; whether the credit needs the fields is the claim's to say
        (`show_refusal`), after it has checked that everything else is done."""
        cleaned = super().clean()
        if "dob_month" in self.fields:
            month, day = cleaned.get("dob_month"), cleaned.get("dob_day")
            if month is not None and day is None:
                self.add_error("dob_day", _("Give the day as well as the month."))
            elif day is not None and month is None:
                self.add_error("dob_month", _("Give the month as well as the day."))
            elif month and day and day > DAYS_IN_MONTH[month]:
                self.add_error("dob_day", _("That day does not exist in that month."))
        return cleaned

    def profile_fields(self) -> dict:
        """The profile fields given on this form, to save before claiming."""
        return {
            name: self.cleaned_data[name]
            for name in ("credential_number", "dob_month", "dob_day")
            if name in self.fields and self.cleaned_data.get(name) not in (None, "")
        }

    def show_refusal(self, exc: ValidationError) -> list[str]:
        """Put the claim's refusals for a profile field this form asks for on that field; the
        other messages, to show above the form."""
        if not hasattr(exc, "error_dict"):
            return exc.messages
        rest = []
        for key, errors in exc.message_dict.items():
            field = self.REFUSAL_FIELDS.get(key)
            if field in self.fields:
                for message in errors:
                    self.add_error(field, message)
            else:
                rest.extend(errors)
        return rest


class PostTestForm(StorableTextMixin, forms.Form):
    """One radio group per question, in the attempt's shuffled order."""

    def __init__(self, *args, attempt, questions: dict, **kwargs):
        super().__init__(*args, **kwargs)
        for number, (question_id, choice_ids) in enumerate(attempt.layout, start=1):
            question = questions.get(question_id)
            if question is None:  # deleted by staff after this attempt was laid out
                continue
            choices = {choice.pk: choice for choice in question.choices.all()}
            self.fields[f"q{question_id}"] = forms.TypedChoiceField(
                label=_("Question %(number)s. %(text)s")
                % {"number": number, "text": question.text},
                choices=[(pk, choices[pk].text) for pk in choice_ids if pk in choices],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose an answer.")},
            )

    def answers(self) -> dict[str, int]:
        return {name[1:]: value for name, value in self.cleaned_data.items()}


class EvaluationForm(StorableTextMixin, forms.Form):
    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        for item in items:
            if item.kind == EvaluationItem.Kind.LIKERT:
                field = forms.TypedChoiceField(
                    choices=LIKERT_CHOICES,
                    coerce=int,
                    widget=forms.RadioSelect,
                    required=item.required,
                    error_messages={"required": _("Choose one.")},
                )
            else:
                field = forms.CharField(
                    widget=forms.Textarea(attrs={"rows": 3}),
                    required=item.required,
                    max_length=4000,
                )
            field.label = item.prompt
            self.fields[f"item{item.pk}"] = field

    def answers(self) -> dict[int, object]:
        return {int(name[4:]): value for name, value in self.cleaned_data.items()}


class RevokeForm(StorableTextMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason for revoking"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Kept in the certificate's history. Not shown on the public page."),
    )


class CertificateSearchForm(StorableTextMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *Certificate.Status.choices],
    )


class DateInput(forms.DateInput):
    input_type = "date"


class ExportForm(StorableTextMixin, forms.Form):
    start = forms.DateField(label=_("Issued from"), widget=DateInput)
    end = forms.DateField(label=_("Issued until"), widget=DateInput)
    course = forms.ModelChoiceField(
        label=_("Course"),
        queryset=Course.objects.filter(credit_rules__isnull=False).order_by("title"),
        required=False,
        empty_label=_("All courses"),
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end date is before the start date."))
        return cleaned


class VerifyForm(StorableTextMixin, forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        max_length=40,
        help_text=_(
            "Printed at the bottom of the certificate, beside its QR code, as four groups of "
            "four letters and digits (R7KQ-2M9X-4HTP-WQ3N). Dashes, spaces and small letters "
            "are fine."
        ),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )

    def clean_code(self) -> str:
        code = normalize_code(self.cleaned_data["code"])
        if len(code.replace("-", "")) < CODE_GROUPS * CODE_GROUP_LENGTH:
            raise ValidationError(
                _("A code has 16 letters and digits; this one has %(count)s."),
                params={"count": len(code.replace("-", ""))},
            )
        return code


class RosterForm(StorableTextMixin, forms.Form):
    profile = forms.ModelChoiceField(
        label=_("Accreditor profile"),
        queryset=AccreditorProfile.objects.order_by("name"),
        empty_label=None,
    )
    start = forms.DateField(label=_("Completed from"), widget=DateInput)
    end = forms.DateField(label=_("Completed until"), widget=DateInput)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end date is before the start date."))
        return cleaned


class CredentialCheckForm(StorableTextMixin, forms.Form):
    """A credential to check: pasted, or uploaded as the JSON file a learner downloaded."""

    text = forms.CharField(
        label=_("Paste the credential (JSON)"),
        required=False,
        max_length=256 * 1024,
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false"}),
    )
    upload = forms.FileField(label=_("Or upload the credential's .json file"), required=False)

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("upload")
        text = cleaned.get("text", "")
        if upload:
            if upload.size > 256 * 1024:
                raise ValidationError(_("The file is larger than 256 KB; a credential is smaller."))
            raw = upload.read()
            try:
                text = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                raise ValidationError(
                    _("The file is not text: upload the credential's .json file.")
                ) from None
        if not text.strip():
            raise ValidationError(_("Paste a credential or choose its file."))
        try:
            cleaned["credential"] = json.loads(text)
        except ValueError as error:
            raise ValidationError(
                _("This is not valid JSON (line %(line)s): %(problem)s"),
                params={
                    "line": getattr(error, "lineno", "?"),
                    "problem": getattr(error, "msg", ""),
                },
            ) from None
        return cleaned
