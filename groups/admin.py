from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from roots.admin_base import ModelAdmin

from . import services
from .models import (
    RSVP,
    Attendance,
    Board,
    Invitation,
    LearningGroup,
    Membership,
    Post,
    PostRevision,
    Session,
    SessionReminder,
    Thread,
)

# The course and unit admins belong to the courses app; until they offer search, course and unit
# fields use raw ids instead of autocompletion.


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]
    fields = ["user", "role", "status", "joined_at", "notify_replies", "notify_sessions"]


@admin.register(LearningGroup)
class LearningGroupAdmin(ModelAdmin):
    list_display = [
        "name",
        "course",
        "organization",
        "kind",
        "state",
        "listed",
        "approved_at",
        "created_at",
    ]
    list_filter = [("approved_at", admin.EmptyFieldListFilter), "kind", "listed", "state", "course"]
    search_fields = ["name", "slug", "organization__name", "description"]
    list_select_related = ["course", "organization"]
    autocomplete_fields = ["organization", "created_by"]
    raw_id_fields = ["course"]
    readonly_fields = ["join_code", "approved_at", "approved_by", "created_at", "updated_at"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]
    actions = ["approve", "withdraw_approval", "regenerate_join_codes"]

    @admin.action(
        description=_(
            "Approve the selected groups (their facilitators see facilitators-only resources)"
        )
    )
    def approve(self, request, queryset):
        for group in queryset:
            services.group_approve(group=group, approved_by=request.user)
        self.message_user(request, _("The selected groups are approved."), messages.SUCCESS)

    @admin.action(description=_("Withdraw the approval of the selected groups"))
    def withdraw_approval(self, request, queryset):
        for group in queryset:
            services.group_approval_withdraw(group=group)
        self.message_user(
            request, _("The selected groups are no longer approved."), messages.SUCCESS
        )

    @admin.action(description=_("Give the selected groups a new join code"))
    def regenerate_join_codes(self, request, queryset):
        for group in queryset:
            services.join_code_regenerate(group=group)
        count = queryset.count()
        self.message_user(
            request,
            ngettext("%d group has a new join code.", "%d groups have a new join code.", count)
            % count,
            messages.SUCCESS,
        )


@admin.register(Membership)
class MembershipAdmin(ModelAdmin):
    list_display = ["user", "group", "role", "status", "joined_at", "notify_replies"]
    list_filter = ["role", "status", "notify_replies", "notify_sessions"]
    search_fields = ["user__email", "user__full_name", "group__name"]
    list_select_related = ["user", "group"]
    autocomplete_fields = ["user", "group"]
    readonly_fields = ["calendar_token", "removed_at", "created_at", "updated_at"]


@admin.register(Invitation)
class InvitationAdmin(ModelAdmin):
    list_display = [
        "email",
        "group",
        "invited_by",
        "created_at",
        "sent_at",
        "expires_at",
        "accepted_at",
        "reported_at",
    ]
    list_filter = [
        ("accepted_at", admin.EmptyFieldListFilter),
        ("reported_at", admin.EmptyFieldListFilter),
        "created_at",
    ]
    search_fields = ["email", "group__name"]
    list_select_related = ["group", "invited_by"]
    autocomplete_fields = ["group", "invited_by", "accepted_by"]
    readonly_fields = ["created_at", "sent_at"]


class RSVPInline(admin.TabularInline):
    model = RSVP
    extra = 0
    autocomplete_fields = ["user"]


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    autocomplete_fields = ["user", "recorded_by"]


@admin.register(Session)
class SessionAdmin(ModelAdmin):
    list_display = ["title", "group", "starts_at", "time_zone", "unit", "place"]
    list_filter = ["time_zone", "starts_at"]
    search_fields = ["title", "group__name", "place", "agenda"]
    list_select_related = ["group", "unit"]
    date_hierarchy = "starts_at"
    autocomplete_fields = ["group", "created_by"]
    raw_id_fields = ["unit"]
    inlines = [RSVPInline, AttendanceInline]


@admin.register(RSVP)
class RSVPAdmin(ModelAdmin):
    list_display = ["session", "user", "response", "updated_at"]
    list_filter = ["response"]
    search_fields = ["session__title", "session__group__name", "user__email", "user__full_name"]
    list_select_related = ["session", "user"]
    autocomplete_fields = ["session", "user"]


@admin.register(Attendance)
class AttendanceAdmin(ModelAdmin):
    list_display = ["session", "user", "attended", "recorded_by", "recorded_at"]
    list_filter = ["attended"]
    search_fields = ["session__title", "session__group__name", "user__email", "user__full_name"]
    list_select_related = ["session", "user", "recorded_by"]
    autocomplete_fields = ["session", "user", "recorded_by"]


@admin.register(SessionReminder)
class SessionReminderAdmin(ModelAdmin):
    list_display = ["session", "user", "sent_at"]
    list_filter = ["sent_at"]
    search_fields = ["session__title", "user__email"]
    list_select_related = ["session", "user"]
    autocomplete_fields = ["session", "user"]


@admin.register(Board)
class BoardAdmin(ModelAdmin):
    list_display = ["__str__", "group", "unit", "created_at"]
    list_filter = ["group__course"]
    search_fields = ["group__name", "unit__title"]
    list_select_related = ["group", "unit"]
    autocomplete_fields = ["group"]
    raw_id_fields = ["unit"]


@admin.register(Thread)
class ThreadAdmin(ModelAdmin):
    list_display = ["title", "board", "author", "pinned", "locked", "hidden", "last_post_at"]
    list_filter = ["pinned", "locked", "hidden"]
    search_fields = ["title", "board__group__name", "author__email"]
    list_select_related = ["board__group", "board__unit", "author"]
    autocomplete_fields = ["board", "author"]


class PostRevisionInline(admin.TabularInline):
    model = PostRevision
    extra = 0
    can_delete = False
    readonly_fields = ["body", "reason", "changed_by", "created_at"]


@admin.register(Post)
class PostAdmin(ModelAdmin):
    list_display = ["__str__", "author", "created_at", "edited_at", "deleted", "hidden"]
    list_filter = ["deleted", "hidden", "created_at"]
    search_fields = ["body", "thread__title", "author__email"]
    list_select_related = ["thread", "author"]
    autocomplete_fields = ["thread", "author"]
    readonly_fields = ["body", "body_html", "edited_at", "notified_at"]
    inlines = [PostRevisionInline]


@admin.register(PostRevision)
class PostRevisionAdmin(ModelAdmin):
    list_display = ["post", "reason", "changed_by", "created_at"]
    list_filter = ["reason"]
    search_fields = ["body", "post__thread__title"]
    list_select_related = ["post__thread", "post__author", "changed_by"]
    autocomplete_fields = ["post", "changed_by"]
