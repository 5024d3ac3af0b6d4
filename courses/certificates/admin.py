from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from roots.admin_base import ModelAdmin

from . import services
from .models import (
    AccreditorProfile,
    Attestation,
    Certificate,
    CertificateElement,
    CertificateRevision,
    CertificateTemplate,
    CreditOffering,
    CreditRules,
    EvaluationAnswer,
    EvaluationItem,
    EvaluationResponse,
    LearnerField,
    PostTestAttempt,
    PostTestChoice,
    PostTestQuestion,
    Provider,
    Transcript,
)


class AccreditorProfileForm(forms.ModelForm):
    certificate_elements = forms.MultipleChoiceField(
        label=_("Required on the certificate"),
        choices=CertificateElement.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("A certificate missing any of these is not issued."),
    )
    learner_fields = forms.MultipleChoiceField(
        label=_("Asked of the learner at claim"),
        choices=LearnerField.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = AccreditorProfile
        fields = [
            "name",
            "accreditor",
            "credit_type",
            "credit_unit",
            "certificate_elements",
            "learner_fields",
            "credential_label",
            "daily_cap_hours",
            "live_allowed",
            "statement",
            "report_kind",
        ]


@admin.register(AccreditorProfile)
class AccreditorProfileAdmin(ModelAdmin):
    form = AccreditorProfileForm
    list_display = ["name", "accreditor", "credit_type", "credit_unit", "report_kind"]
    list_filter = ["report_kind", "live_allowed"]
    search_fields = ["name", "accreditor"]


@admin.register(Provider)
class ProviderAdmin(ModelAdmin):
    list_display = ["name", "signatory_name", "updated_at"]
    list_filter = ["updated_at"]
    search_fields = ["name", "address", "signatory_name"]


class CreditOfferingInline(admin.TabularInline):
    model = CreditOffering
    extra = 0
    autocomplete_fields = ["profile"]
    fields = [
        "profile",
        "hours",
        "engaged_share",
        "provider_number",
        "activity_number",
        "validity_months",
        "accreditation_statement",
        "position",
    ]


class EvaluationItemInline(admin.TabularInline):
    model = EvaluationItem
    extra = 0
    fields = ["position", "kind", "prompt", "required"]


@admin.register(CreditRules)
class CreditRulesAdmin(ModelAdmin):
    list_display = [
        "course",
        "active",
        "provider",
        "pass_mark",
        "max_attempts",
        "retry_wait_hours",
        "questions_per_attempt",
        "min_questions_per_hour",
        "lesson_time_share",
    ]
    list_filter = ["active", "provider"]
    search_fields = ["course__title"]
    autocomplete_fields = ["course", "provider"]
    inlines = [CreditOfferingInline, EvaluationItemInline]


@admin.register(CreditOffering)
class CreditOfferingAdmin(ModelAdmin):
    list_display = ["rules", "profile", "hours", "provider_number", "activity_number"]
    list_filter = ["profile"]
    search_fields = ["rules__course__title", "provider_number", "activity_number"]
    autocomplete_fields = ["rules", "profile"]


class PostTestChoiceInline(admin.TabularInline):
    model = PostTestChoice
    extra = 0
    fields = ["position", "text", "is_correct"]


@admin.register(PostTestQuestion)
class PostTestQuestionAdmin(ModelAdmin):
    list_display = ["text", "rules", "unit", "position", "active"]
    list_filter = ["active", "rules__course", "unit"]
    search_fields = ["text", "rules__course__title"]
    autocomplete_fields = ["rules", "unit"]
    list_select_related = ["rules__course", "unit__course"]
    inlines = [PostTestChoiceInline]


@admin.register(PostTestChoice)
class PostTestChoiceAdmin(ModelAdmin):
    list_display = ["text", "question", "is_correct"]
    list_filter = ["is_correct"]
    search_fields = ["text", "question__text"]
    autocomplete_fields = ["question"]


@admin.register(PostTestAttempt)
class PostTestAttemptAdmin(ModelAdmin):
    list_display = ["user", "rules", "score", "passed", "started_at", "submitted_at"]
    list_filter = ["passed", "rules__course"]
    search_fields = ["user__email", "user__full_name", "rules__course__title"]
    autocomplete_fields = ["user", "rules"]
    readonly_fields = ["layout", "answers", "unit_results", "started_at"]


@admin.register(EvaluationItem)
class EvaluationItemAdmin(ModelAdmin):
    list_display = ["prompt", "rules", "kind", "position", "required"]
    list_filter = ["kind", "rules__course"]
    search_fields = ["prompt"]
    autocomplete_fields = ["rules"]


class EvaluationAnswerInline(admin.TabularInline):
    model = EvaluationAnswer
    extra = 0
    fields = ["item", "rating", "text"]
    readonly_fields = fields
    can_delete = False


@admin.register(EvaluationResponse)
class EvaluationResponseAdmin(ModelAdmin):
    list_display = ["user", "rules", "submitted_at"]
    list_filter = ["rules__course"]
    search_fields = ["user__email", "user__full_name"]
    autocomplete_fields = ["user", "rules"]
    inlines = [EvaluationAnswerInline]


@admin.register(EvaluationAnswer)
class EvaluationAnswerAdmin(ModelAdmin):
    list_display = ["item", "response", "rating"]
    list_filter = ["rating", "item__kind"]
    search_fields = ["text", "item__prompt"]
    autocomplete_fields = ["response", "item"]


@admin.register(Attestation)
class AttestationAdmin(ModelAdmin):
    list_display = ["user", "rules", "attested_at"]
    list_filter = ["rules__course"]
    search_fields = ["user__email", "user__full_name"]
    autocomplete_fields = ["user", "rules"]


@admin.register(CertificateTemplate)
class CertificateTemplateAdmin(ModelAdmin):
    """Saving an edit writes the next version; certificates keep the version they used."""

    list_display = ["__str__", "kind", "version", "note", "created_by", "created_at"]
    list_filter = ["kind"]
    search_fields = ["note"]
    autocomplete_fields = ["created_by"]
    readonly_fields = ["version", "created_by", "created_at"]
    fields = ["kind", "version", "note", "css", "background_html", "learner_html"]

    def save_model(self, request, obj, form, change):
        new = services.certificate_template_revise(
            template=obj, data=form.cleaned_data, by=request.user
        )
        obj.pk, obj.version = new.pk, new.version
        messages.info(
            request,
            _("Saved as version %(version)s; issued certificates keep theirs.")
            % {"version": new.version},
        )


class CertificateRevisionInline(admin.TabularInline):
    model = CertificateRevision
    extra = 0
    fields = ["revision", "code", "template", "learner_name", "pdf", "rendered_at", "revoked_at"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True


@admin.register(Certificate)
class CertificateAdmin(ModelAdmin):
    list_display = [
        "code",
        "learner_name",
        "course",
        "credit_type",
        "hours",
        "status",
        "issued_on",
        "attempts",
    ]
    list_filter = ["status", "credit_type", "course"]
    search_fields = ["code", "learner_name", "learner__email", "course_title"]
    autocomplete_fields = ["learner", "course", "template"]
    readonly_fields = [
        "code",
        "status",
        "revision",
        "template",
        "pdf",
        "attempts",
        "last_error",
        "queued_at",
        "issued_at",
        "emailed_revision",
        "reminder_sent_at",
        "revoked_at",
        "revoked_reason",
    ]
    date_hierarchy = "issued_on"
    inlines = [CertificateRevisionInline]
    actions = ["retry_failed"]

    @admin.action(description=_("Render the selected failed certificates again"))
    def retry_failed(self, request, queryset):
        count = 0
        for certificate in queryset.filter(status=Certificate.Status.FAILED):
            services.certificate_retry(certificate=certificate)
            count += 1
        self.message_user(
            request,
            ngettext(
                "%(count)s certificate queued again.",
                "%(count)s certificates queued again.",
                count,
            )
            % {"count": count},
        )


@admin.register(CertificateRevision)
class CertificateRevisionAdmin(ModelAdmin):
    list_display = ["code", "certificate", "revision", "template", "rendered_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["code", "learner_name", "certificate__code"]
    autocomplete_fields = ["certificate", "template", "revoked_by"]


@admin.register(Transcript)
class TranscriptAdmin(ModelAdmin):
    list_display = ["learner", "status", "requested_at", "ready_at", "attempts"]
    list_filter = ["status"]
    search_fields = ["learner__email", "learner__full_name"]
    autocomplete_fields = ["learner"]
