"""The progress grid's cells, written in one pass: a 50-member page of a 6-unit course has 300
of them, and rendering each through template tags was most of the page's time."""

from django import template
from django.utils.html import format_html, format_html_join

register = template.Library()


@register.filter
def grid_cells(cells) -> str:
    """`{{ row.units|grid_cells }}`: one `<td>` per unit, its state and, once started, what is
    done."""
    return format_html_join(
        "",
        '<td class="unit-cell unit-{}"><span class="unit-state">{}{}</span>{}</td>',
        (
            (
                cell.state,
                cell.icon,
                cell.label,
                format_html('<span class="d-block small">{}</span>', detail) if detail else "",
            )
            for cell in cells
            for detail in (cell.detail,)
        ),
    )
