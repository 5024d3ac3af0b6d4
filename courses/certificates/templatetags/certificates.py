from django import template

from ..services import hours_display
from ..terms import credit_terms

register = template.Library()


@register.filter
def hours(value) -> str:
    """Contact hours as accreditors write them: 5 -> "5.0", 1.25 -> "1.25"."""
    if value in (None, ""):
        return ""
    return hours_display(value)


@register.inclusion_tag("certificates/_credit_terms.html")
def course_credit_terms(course):
    """The course's credit, its requirements and its disclosures, for the course page."""
    return {"course": course, "rules": credit_terms(course)}
