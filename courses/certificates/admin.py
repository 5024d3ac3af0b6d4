from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from roots.admin_base import ModelAdmin

from . import services
from .models import (
    Attestation,
    Certificate,
    CertificateRevision,
    CertificateTemplate,
    CreditOffering,
    CreditRules,
    EvaluationAnswer,
    EvaluationItem,
    EvaluationResponse,
    PostTestAttempt,
    PostTestChoice,
    PostTestQuestion,
    Transcript,
)


class CreditOfferingInline(admin.TabularInline):
    model = CreditOffering
    extra = 0
    fields = [
        "credit_type",
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
        "pass_mark",
        "max_attempts",
        "questions_per_attempt",
        "lesson_time_share",
    ]
    list_filter = ["active"]
    search_fields = ["course__title"]
    autocomplete_fields = ["course"]
    inlines = [CreditOfferingInline, EvaluationItemInline]


@admin.register(CreditOffering)
class CreditOfferingAdmin(ModelAdmin):
    list_display = ["rules", "credit_type", "hours", "provider_number", "activity_number"]
    list_filter = ["credit_type"]
    search_fields = ["rules__course__title", "provider_number", "activity_number"]
    autocomplete_fields = ["rules"]


class PostTestChoiceInline(admin.TabularInline):
    model = PostTestChoice
    extra = 0
    fields = ["position", "text", "is_correct"]


@admin.register(PostTestQuestion)
class PostTestQuestionAdmin(ModelAdmin):
    list_display = ["text", "rules", "position", "active"]
    list_filter = ["active", "rules__course"]
    search_fields = ["text", "rules__course__title"]
    autocomplete_fields = ["rules"]
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
    readonly_fields = ["layout", "answers", "started_at"]


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
