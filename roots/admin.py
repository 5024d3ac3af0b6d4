from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .admin_base import CalendarRange, ModelAdmin, SafeInitialData
from .models import Organization, OrganizationAdministrator, User


class OrganizationAdministratorInline(admin.TabularInline):
    model = OrganizationAdministrator
    extra = 0
    autocomplete_fields = ["user"]
    readonly_fields = ["created_at"]


@admin.register(Organization)
class OrganizationAdmin(ModelAdmin):
    list_display = ["name", "kind", "city", "state", "created_at"]
    list_filter = ["kind", "state"]
    search_fields = ["name", "city"]
    inlines = [OrganizationAdministratorInline]


@admin.register(OrganizationAdministrator)
class OrganizationAdministratorAdmin(ModelAdmin):
    list_display = ["user", "organization", "created_at"]
    list_filter = ["organization__kind", "organization__state"]
    search_fields = ["user__email", "user__full_name", "organization__name"]
    autocomplete_fields = ["organization", "user"]
    list_select_related = ["user", "organization"]


@admin.register(User)
class UserAdmin(SafeInitialData, CalendarRange, BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "organization", "discipline", "is_staff", "date_joined"]
    list_filter = ["is_staff", "is_superuser", "is_active", "discipline", "groups"]
    search_fields = ["email", "full_name", "organization__name"]
    autocomplete_fields = ["organization"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (
            _("Profile"),
            {
                "fields": [
                    "full_name",
                    "organization",
                    "discipline",
                    "credential_number",
                    "dob_month",
                    "dob_day",
                    "time_zone",
                ]
            },
        ),
        (
            _("Permissions"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "full_name", "password1", "password2"]}),
    ]
