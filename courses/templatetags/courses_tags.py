from django import template
from django.urls import NoReverseMatch
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def resource_link(resource):
    """A link to a library resource's page, or to its file while the library has no pages."""
    try:
        url = resource.get_absolute_url()
    except NoReverseMatch:
        url = resource.file.url if resource.file else ""
    label = f"{resource.title} ({resource.catalog_number})"
    if not url:
        return label
    return format_html('<a href="{}">{}</a>', url, label)
