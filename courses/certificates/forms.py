from django import forms
from django.utils.translation import gettext_lazy as _

from courses.models import Course
from roots.forms import StorableTextMixin

from .models import Certificate, EvaluationItem
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
    credit_type = forms.ChoiceField(label=_("Credit to claim"), widget=forms.RadioSelect)

    def __init__(self, *args, offerings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["credit_type"].choices = [
            (
                offering.credit_type,
                _("%(credit)s: %(hours)s contact hours")
                % {
                    "credit": offering.get_credit_type_display(),
                    "hours": hours_display(offering.hours),
                },
            )
            for offering in offerings
        ]
        if len(offerings) == 1:
            self.fields["credit_type"].initial = offerings[0].credit_type


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
