from django import template

from roots import text

register = template.Library()


@register.filter
def render(value, policy):
    """`{{ lesson.body|render:"lesson" }}`: the text as safe HTML under the named policy of
    `roots.text.POLICIES`."""
    return text.render(value, text.POLICIES[policy])
