"""Everything in the admin too; state changes and moderation go through the services, so the
admin keeps the same rules and the same history as the site."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from roots.admin_base import ModelAdmin

from . import services
from .forms import EventForm
from .models import (
    Event,
    Goal,
    GoalUpdate,
    Page,
    Partner,
    Report,
    ReportComment,
    ReportRevision,
    ReportSection,
)
from .permissions import can_edit_coalition, can_edit_report


class ReportSectionInline(admin.StackedInline):
    model = ReportSection
    extra = 0
    fields = ["position", "heading", "body"]


def _move_selected(modeladmin, request, queryset, to: str, *, use_publish_at: bool = False):
    moved = 0
    for report in queryset:
        try:
            services.report_transition(
                report=report,
                to=to,
                by=request.user,
                publish_at=report.publish_at if use_publish_at else None,
            )
        except (ValidationError, PermissionDenied) as exc:
            text = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            modeladmin.message_user(request, f"{report.title}: {text}", messages.ERROR)
        else:
            moved += 1
    if moved:
        modeladmin.message_user(
            request,
            ngettext("%(count)d report moved.", "%(count)d reports moved.", moved)
            % {"count": moved},
            messages.SUCCESS,
        )


@admin.register(Report)
class ReportAdmin(ModelAdmin):
    list_display = ["title", "year", "state", "publish_at", "published_at", "updated_at"]
    list_filter = ["state", "year"]
    search_fields = ["title", "slug", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["state", "published_at", "created_by", "created_at", "updated_at"]
    inlines = [ReportSectionInline]
    date_hierarchy = "updated_at"
    actions = [
        "submit_for_review",
        "send_back_to_draft",
        "publish_now",
        "schedule_at_publish_time",
        "unpublish",
    ]
    fieldsets = [
        (None, {"fields": ["title", "slug", "year", "summary", "key_findings"]}),
        (_("Files"), {"fields": ["pdf", "cover", "cover_alt"]}),
        (
            _("Workflow"),
            {
                "fields": ["state", "publish_at", "published_at", "created_by"],
                "description": _(
                    "Change the state with the actions on the list of reports. “Publish at” is "
                    "used by the “Schedule” action."
                ),
            },
        ),
    ]

    def has_change_permission(self, request, obj=None):
        if obj is not None and not can_edit_report(request.user, obj):
            return False
        return super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.report_record_edit(report=form.instance, by=request.user, created=not change)

    @admin.action(description=_("Submit for review"))
    def submit_for_review(self, request, queryset):
        _move_selected(self, request, queryset, Report.State.IN_REVIEW)

    @admin.action(description=_("Send back to draft"))
    def send_back_to_draft(self, request, queryset):
        _move_selected(self, request, queryset, Report.State.DRAFT)

    @admin.action(description=_("Publish now"))
    def publish_now(self, request, queryset):
        _move_selected(self, request, queryset, Report.State.PUBLISHED)

    @admin.action(description=_("Schedule at their “publish at” time"))
    def schedule_at_publish_time(self, request, queryset):
        _move_selected(self, request, queryset, Report.State.SCHEDULED, use_publish_at=True)

    @admin.action(description=_("Unpublish"))
    def unpublish(self, request, queryset):
        _move_selected(self, request, queryset, Report.State.UNPUBLISHED)


@admin.register(ReportRevision)
class ReportRevisionAdmin(ModelAdmin):
    list_display = ["report", "action", "from_state", "to_state", "actor", "created_at"]
    list_filter = ["action", "to_state"]
    search_fields = ["report__title", "actor__email", "note"]
    autocomplete_fields = ["report", "actor"]
    list_select_related = ["report", "actor"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ReportComment)
class ReportCommentAdmin(ModelAdmin):
    list_display = ["author", "report", "status", "created_at", "moderated_by"]
    list_filter = ["status"]
    search_fields = ["body", "author__email", "author__full_name", "report__title"]
    autocomplete_fields = ["report", "author", "moderated_by"]
    list_select_related = ["report", "author", "moderated_by"]
    readonly_fields = ["status", "moderated_by", "moderated_at", "created_at"]
    actions = ["approve", "hide"]

    def _moderate(self, request, queryset, status):
        done = 0
        for comment in queryset.select_related("author"):
            try:
                services.comment_moderate(comment=comment, status=status, by=request.user)
            except PermissionDenied as exc:
                self.message_user(request, str(exc), messages.ERROR)
                return
            done += 1
        self.message_user(
            request,
            ngettext("%(count)d reply updated.", "%(count)d replies updated.", done)
            % {"count": done},
            messages.SUCCESS,
        )

    @admin.action(description=_("Approve selected replies"))
    def approve(self, request, queryset):
        self._moderate(request, queryset, ReportComment.Status.APPROVED)

    @admin.action(description=_("Hide selected replies"))
    def hide(self, request, queryset):
        self._moderate(request, queryset, ReportComment.Status.HIDDEN)


@admin.register(Page)
class PageAdmin(ModelAdmin):
    list_display = ["title", "slug", "updated_at", "updated_by"]
    search_fields = ["title", "slug", "body"]
    list_filter = ["updated_at"]
    readonly_fields = ["updated_at", "updated_by"]

    def save_model(self, request, obj, form, change):
        services.page_update(page=obj, by=request.user, data={})

    def has_change_permission(self, request, obj=None):
        return can_edit_coalition(request.user) and super().has_change_permission(request, obj)


class GoalUpdateInline(admin.TabularInline):
    model = GoalUpdate
    extra = 0
    fields = ["date", "status", "note"]


@admin.register(Goal)
class GoalAdmin(ModelAdmin):
    list_display = ["number", "title", "target_year", "status", "updated_at"]
    list_filter = ["status", "target_year"]
    search_fields = ["title", "description"]
    readonly_fields = ["status"]
    inlines = [GoalUpdateInline]

    def save_formset(self, request, form, formset, change):
        for update in formset.save(commit=False):
            update.created_by = update.created_by or request.user
            update.save()
        for update in formset.deleted_objects:
            update.delete()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.goal_status_refresh(goal=form.instance)


@admin.register(GoalUpdate)
class GoalUpdateAdmin(ModelAdmin):
    list_display = ["goal", "date", "status", "created_by"]
    list_filter = ["status", "date"]
    search_fields = ["note", "goal__title"]
    autocomplete_fields = ["goal", "created_by"]
    list_select_related = ["goal", "created_by"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        services.goal_status_refresh(goal=obj.goal)

    def delete_model(self, request, obj):
        goal = obj.goal
        super().delete_model(request, obj)
        services.goal_status_refresh(goal=goal)


@admin.register(Partner)
class PartnerAdmin(ModelAdmin):
    list_display = ["name", "tier", "sector", "year_joined", "website"]
    list_filter = ["tier", "sector", "year_joined"]
    search_fields = ["name", "description"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Event)
class EventAdmin(ModelAdmin):
    form = EventForm
    list_display = ["title", "kind", "starts_at", "time_zone", "venue"]
    list_filter = ["kind", "time_zone"]
    search_fields = ["title", "description", "venue", "address"]
    date_hierarchy = "starts_at"

    def save_model(self, request, obj, form, change):
        services.event_save(event=obj, by=request.user, data={})
