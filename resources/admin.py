from django.contrib import admin, messages
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from roots.admin_base import ModelAdmin

from .forms import ResourceAdminForm
from .models import DownloadCount, Resource
from .selectors import resource_admin_list, units_relation
from .services import (
    resource_cover_queue,
    resource_delete,
    resource_save,
    resources_set_published,
)


@admin.register(Resource)
class ResourceAdmin(ModelAdmin):
    form = ResourceAdminForm
    list_display = [
        "catalog_number",
        "title",
        "kind",
        "year",
        "audience",
        "published",
        "download_total",
    ]
    list_display_links = ["catalog_number", "title"]
    list_filter = ["published", "kind", "audience", "year"]
    search_fields = ["catalog_number", "title", "authors", "summary"]
    ordering = ["catalog_number"]
    readonly_fields = [
        "current_file",
        "cover_preview",
        "page_count",
        "size",
        "created_at",
        "updated_at",
    ]
    actions = ["publish", "unpublish", "render_covers"]

    def get_fieldsets(self, request, obj=None):
        about = ["catalog_number", "title", "kind", "summary", "authors", "year"]
        if units_relation() is not None:
            about.append("units")
        return [
            (None, {"fields": about}),
            (
                _("File"),
                {"fields": ["current_file", "file", "cover_preview", "page_count", "size"]},
            ),
            (_("Who may download it"), {"fields": ["audience", "published"]}),
            (_("History"), {"fields": ["created_at", "updated_at"]}),
        ]

    def get_readonly_fields(self, request, obj=None):
        # The catalog number is the resource's address and file name: fixed once created.
        fields = list(self.readonly_fields)
        if obj is not None:
            fields.append("catalog_number")
        return fields

    def get_queryset(self, request):
        return resource_admin_list()

    @admin.display(description=_("downloads"), ordering="download_total")
    def download_total(self, obj):
        return obj.download_total

    @admin.display(description=_("file size"))
    def size(self, obj):
        return filesizeformat(obj.file_size) if obj.file_size else "-"

    @admin.display(description=_("current file"))
    def current_file(self, obj):
        if not obj.pk or not obj.file:
            return "-"
        return format_html('<a href="{}">{}</a>', obj.get_download_url(), obj.download_filename)

    @admin.display(description=_("cover"))
    def cover_preview(self, obj):
        if obj.cover_problem:
            return format_html(
                "{} {}",
                _("No cover could be made of this PDF:"),
                obj.get_cover_problem_display(),
            )
        if not obj.cover:
            return _(
                "None yet: the first page is drawn in the background after a PDF is uploaded; "
                "reload this page in a moment."
            )
        return format_html(
            '<img src="{}" alt="" class="resource-admin-cover" width="120">', obj.get_cover_url()
        )

    def save_model(self, request, obj, form, change):
        upload = form.cleaned_data.get("file")
        resource_save(
            resource=obj,
            upload=upload if isinstance(upload, UploadedFile) else None,
            units=form.cleaned_data.get("units"),
        )

    def delete_model(self, request, obj):
        resource_delete(resource=obj)

    def delete_queryset(self, request, queryset):
        for resource in queryset:
            resource_delete(resource=resource)

    @admin.action(description=_("Publish the selected resources"), permissions=["change"])
    def publish(self, request, queryset):
        count = resources_set_published(resources=queryset, published=True)
        self.message_user(
            request,
            ngettext("%(count)d resource published.", "%(count)d resources published.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Unpublish the selected resources"), permissions=["change"])
    def unpublish(self, request, queryset):
        count = resources_set_published(resources=queryset, published=False)
        self.message_user(
            request,
            ngettext(
                "%(count)d resource unpublished: only editors can see it now.",
                "%(count)d resources unpublished: only editors can see them now.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Make the cover thumbnails again"), permissions=["change"])
    def render_covers(self, request, queryset):
        count = 0
        for resource in queryset:
            resource_cover_queue(resource=resource)
            count += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d cover is being drawn; reload in a moment to see it.",
                "%(count)d covers are being drawn; reload in a moment to see them.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(DownloadCount)
class DownloadCountAdmin(ModelAdmin):
    """Counted downloads (one row per person or anonymous visitor and day): read only."""

    list_display = ["day", "resource", "user", "visitor_key"]
    list_filter = ["day", "resource__kind", "resource"]
    search_fields = ["resource__catalog_number", "resource__title", "user__email"]
    autocomplete_fields = ["resource", "user"]
    list_select_related = ["resource", "user"]
    date_hierarchy = "day"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
