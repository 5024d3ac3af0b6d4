"""What every admin page of the project shares: the base class the apps' ModelAdmins extend."""

from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models

from .validators import validate_calendar_range


class SafeInitialData:
    """The admin fills an add form from the address's query (`?course=3`). A value the field
    cannot take (`?course=junk`, a date past the project's calendar) is left out instead of
    reaching the form, where rendering it was a server error; one it takes is given to the form
    as the field cleans it (a date as a date)."""

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        for name, value in list(initial.items()):
            try:
                field = self.opts.get_field(name).formfield()
            except (FieldDoesNotExist, AttributeError):
                continue  # not a model field: the admin leaves it to the form, as before
            if field is None:
                del initial[name]
                continue
            try:
                cleaned = field.clean(value)
                validate_calendar_range(cleaned)
            except (ValidationError, ValueError, TypeError, OverflowError):
                del initial[name]
            else:
                initial[name] = cleaned
        return initial


class CalendarRange:
    """Dates and times typed in the admin keep to the project's calendar (1900 to 2999), as in
    every other form: one far outside it could be stored and then break every page showing it."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None and isinstance(db_field, models.DateField):  # and DateTimeField
            formfield.validators.append(validate_calendar_range)
        return formfield


class ModelAdmin(SafeInitialData, CalendarRange, admin.ModelAdmin):
    pass
