"""Authoring in the admin: a course with its units inline, a unit with its lessons and
knowledge-check questions inline, a lesson with its readings, a question with its choices.
Order is explicit (unit number, positions). Progress rows are listed for support; reflections
are private, so the admin shows that one exists but never its text."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from roots import pagecache
from roots.admin_base import ModelAdmin

from .models import (
    CheckAttempt,
    CheckChoice,
    CheckQuestion,
    Course,
    Enrollment,
    JournalPdf,
    Lesson,
    LessonCompletion,
    LessonReading,
    LessonTime,
    Reflection,
    Unit,
)


class UnitInline(admin.TabularInline):
    model = Unit
    fields = ["number", "title", "estimated_minutes", "pass_mark"]
    extra = 0
    show_change_link = True
    ordering = ["number"]


@admin.register(Course)
class CourseAdmin(ModelAdmin):
    list_display = [
        "title",
        "slug",
        "published",
        "estimated_hours",
        "check_attempts",
        "unit_count",
        "updated_at",
    ]
    list_filter = ["published"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [UnitInline]
    actions = ["publish", "unpublish"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(unit_total=Count("units"))

    @admin.display(description=_("units"), ordering="unit_total")
    def unit_count(self, course):
        return course.unit_total

    @admin.action(description=_("Publish the selected courses"))
    def publish(self, request, queryset):
        count = queryset.update(published=True)
        pagecache.bump_families_of(Course)
        self.message_user(request, _("%(count)d course(s) published.") % {"count": count})

    @admin.action(description=_("Unpublish the selected courses"))
    def unpublish(self, request, queryset):
        count = queryset.update(published=False)
        pagecache.bump_families_of(Course)
        self.message_user(request, _("%(count)d course(s) unpublished.") % {"count": count})


class LessonInline(admin.TabularInline):
    model = Lesson
    fields = ["position", "title", "slug", "estimated_minutes"]
    prepopulated_fields = {"slug": ["title"]}
    extra = 0
    show_change_link = True
    ordering = ["position"]


class CheckQuestionInline(admin.TabularInline):
    model = CheckQuestion
    fields = ["position", "text", "kind"]
    extra = 0
    show_change_link = True
    ordering = ["position"]


@admin.register(Unit)
class UnitAdmin(ModelAdmin):
    list_display = ["__str__", "course", "number", "estimated_minutes", "pass_mark"]
    list_filter = ["course"]
    search_fields = ["title", "overview", "guiding_question"]
    autocomplete_fields = ["course"]
    filter_horizontal = ["resources"]
    inlines = [LessonInline, CheckQuestionInline]
    list_select_related = ["course"]
    fieldsets = [
        (None, {"fields": ["course", "number", "title", "guiding_question", "estimated_minutes"]}),
        (_("Content"), {"fields": ["overview", "objectives", "resources"]}),
        (_("Learning groups"), {"fields": ["discussion_questions"]}),
        (_("Knowledge check"), {"fields": ["pass_mark"]}),
    ]


# Web addresses typed without a scheme are taken as https (Django 6's default, chosen now).
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}


class LessonReadingInline(admin.TabularInline):
    model = LessonReading
    formfield_overrides = HTTPS_URLS
    fields = ["position", "title", "url", "resource", "note"]
    extra = 0
    ordering = ["position"]


@admin.register(Lesson)
class LessonAdmin(ModelAdmin):
    formfield_overrides = HTTPS_URLS
    list_display = ["title", "unit", "position", "estimated_minutes", "has_video"]
    list_filter = ["unit__course", "unit"]
    search_fields = ["title", "body", "reflection_prompt"]
    autocomplete_fields = ["unit"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [LessonReadingInline]
    list_select_related = ["unit__course"]
    fieldsets = [
        (None, {"fields": ["unit", "position", "title", "slug", "estimated_minutes"]}),
        (_("Content"), {"fields": ["body", "video_url", "transcript"]}),
        (_("Reflection"), {"fields": ["reflection_prompt"]}),
    ]

    @admin.display(description=_("video"), boolean=True)
    def has_video(self, lesson):
        return bool(lesson.video_url)


class CheckChoiceFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        kept = [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        correct = sum(1 for data in kept if data.get("is_correct"))
        if len(kept) < 2:
            raise ValidationError(_("A question needs at least two choices."))
        if correct == 0:
            raise ValidationError(_("Mark at least one choice as correct."))
        if self.instance.kind == CheckQuestion.Kind.SINGLE and correct > 1:
            raise ValidationError(
                _("A one-answer question has exactly one correct choice; choose “Several answers”.")
            )


class CheckChoiceInline(admin.TabularInline):
    model = CheckChoice
    formset = CheckChoiceFormSet
    fields = ["position", "text", "is_correct", "feedback"]
    extra = 0
    ordering = ["position"]


@admin.register(CheckQuestion)
class CheckQuestionAdmin(ModelAdmin):
    list_display = ["__str__", "unit", "position", "kind"]
    list_filter = ["kind", "unit__course", "unit"]
    search_fields = ["text"]
    autocomplete_fields = ["unit"]
    inlines = [CheckChoiceInline]
    list_select_related = ["unit__course"]


@admin.register(Enrollment)
class EnrollmentAdmin(ModelAdmin):
    list_display = ["user", "course", "enrolled_at", "last_activity_at", "completed_at"]
    list_filter = ["course", "enrolled_at"]
    search_fields = ["user__email", "user__full_name", "course__title"]
    autocomplete_fields = ["user", "course"]
    list_select_related = ["user", "course"]
    readonly_fields = ["enrolled_at", "last_activity_at", "completed_at", "engaged_until"]


@admin.register(LessonCompletion)
class LessonCompletionAdmin(ModelAdmin):
    list_display = ["user", "lesson", "completed_at"]
    list_filter = ["lesson__unit__course", "completed_at"]
    search_fields = ["user__email", "user__full_name", "lesson__title"]
    autocomplete_fields = ["user", "lesson"]
    list_select_related = ["user", "lesson"]


@admin.register(LessonTime)
class LessonTimeAdmin(ModelAdmin):
    """Engaged time as the server counted it, for support and audits: never edited by hand,
    since a certificate's claim rests on it."""

    list_display = ["user", "lesson", "minutes", "opened_at", "last_beat_at"]
    list_filter = ["lesson__unit__course", "opened_at"]
    search_fields = ["user__email", "user__full_name", "lesson__title"]
    autocomplete_fields = ["user", "lesson"]
    list_select_related = ["user", "lesson"]
    fields = ["user", "lesson", "seconds", "video_watched", "opened_at", "last_beat_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("minutes"), ordering="seconds")
    def minutes(self, row):
        return row.seconds // 60


@admin.register(Reflection)
class ReflectionAdmin(ModelAdmin):
    """Metadata only: a learner's journal is theirs alone."""

    list_display = ["user", "lesson", "length", "updated_at"]
    list_filter = ["lesson__unit__course", "updated_at"]
    search_fields = ["user__email", "user__full_name", "lesson__title"]
    autocomplete_fields = ["user", "lesson"]
    list_select_related = ["user", "lesson"]
    fields = ["user", "lesson", "length", "created_at", "updated_at"]
    readonly_fields = ["user", "lesson", "length", "created_at", "updated_at"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("characters"))
    def length(self, reflection):
        return len(reflection.text)


@admin.register(JournalPdf)
class JournalPdfAdmin(ModelAdmin):
    """A render's state for support (a failed one shows its error); the PDF is the learner's
    journal, so the admin never offers the file."""

    list_display = ["user", "status", "requested_at", "ready_at", "attempts"]
    list_filter = ["status"]
    search_fields = ["user__email", "user__full_name"]
    autocomplete_fields = ["user"]
    list_select_related = ["user"]
    fields = ["user", "status", "attempts", "last_error", "requested_at", "ready_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False


@admin.register(CheckAttempt)
class CheckAttemptAdmin(ModelAdmin):
    list_display = ["user", "unit", "score", "passed", "submitted_at"]
    list_filter = ["passed", "unit__course", "unit"]
    search_fields = ["user__email", "user__full_name"]
    autocomplete_fields = ["user", "unit"]
    list_select_related = ["user", "unit__course"]
    readonly_fields = ["submitted_at", "submission_key"]
