from django import template
from django.urls import NoReverseMatch
from django.utils.html import format_html

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
