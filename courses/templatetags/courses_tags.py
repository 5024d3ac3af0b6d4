from django import template
from django.urls import NoReverseMatch
from django.utils.html import format_html

from ..selectors import duration_display

register = template.Library()


@register.simple_tag
def resource_link(resource):
    """A link to a library resource's page (its file only ever through the download view)."""
    try:
        url = resource.get_absolute_url()
    except NoReverseMatch:
        url = ""
    label = f"{resource.title} ({resource.catalog_number})"
    if not url:
        return label
    return format_html('<a href="{}">{}</a>', url, label)


@register.filter
def duration(seconds) -> str:
    """Engaged time as the pages write it: 4,500 seconds -> "1 h 15 min"."""
    if seconds in (None, ""):
        return ""
    return duration_display(seconds)
