from django import template

from ..services import hours_display

register = template.Library()


@register.filter
def hours(value) -> str:
    """Contact hours as accreditors write them: 5 -> "5.0", 1.25 -> "1.25"."""
    if value in (None, ""):
        return ""
    return hours_display(value)
