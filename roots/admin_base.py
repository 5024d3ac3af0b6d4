"""What every admin page of the project shares: the base class the apps' ModelAdmins extend."""

from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist, ValidationError

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


class ModelAdmin(SafeInitialData, admin.ModelAdmin):
    pass
