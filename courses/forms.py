import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from roots.forms import StorableTextMixin

from .models import CheckQuestion
from .services import REFLECTION_MAX_LENGTH


class ReflectionForm(StorableTextMixin, forms.Form):
    text = forms.CharField(
        label=_("Your reflection"),
        required=False,
        max_length=REFLECTION_MAX_LENGTH,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )


class BeatForm(forms.Form):
    """A lesson page's heartbeat: was the page visible and in use since the previous beat, and
    how many seconds of the lesson's own video were played."""

    # "1" or "0" (a checkbox field would read any "0" as ticked).
    visible = forms.TypedChoiceField(
        choices=[("1", "1"), ("0", "0")], coerce="1".__eq__, required=False, empty_value=False
    )
    active = forms.TypedChoiceField(
        choices=[("1", "1"), ("0", "0")], coerce="1".__eq__, required=False, empty_value=False
    )
    video_position = forms.FloatField(required=False, min_value=0, max_value=24 * 3600)


class CheckForm(StorableTextMixin, forms.Form):
    """One field per question: radio buttons for single-answer, checkboxes for several."""

    submission_key = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)

    def __init__(self, *args, questions: list[CheckQuestion], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            choices = [(choice.pk, choice.text) for choice in question.choices.all()]
            if question.kind == CheckQuestion.Kind.MULTIPLE:
                field = forms.TypedMultipleChoiceField(
                    choices=choices,
                    coerce=int,
                    widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
                    error_messages={"required": _("Choose at least one answer.")},
                )
            else:
                field = forms.TypedChoiceField(
                    choices=choices,
                    coerce=int,
                    widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                    error_messages={"required": _("Choose an answer.")},
                )
            field.label = question.text
            self.fields[self.field_name(question)] = field

    @staticmethod
    def field_name(question: CheckQuestion) -> str:
        return f"question_{question.pk}"

    def question_fields(self):
        """(question, bound field) pairs in order, for the template."""
        return [(q, self[self.field_name(q)]) for q in self.questions]

    def answers(self) -> dict[int, list[int]]:
        result = {}
        for question in self.questions:
            value = self.cleaned_data[self.field_name(question)]
            result[question.pk] = value if isinstance(value, list) else [value]
        return result
