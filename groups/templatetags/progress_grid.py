"""The progress grid's cells, written in one pass: a 50-member page of a 6-unit course has 300
of them, and rendering each through template tags (or `format_html`) was most of the page's
time."""

from html import escape

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def grid_cells(cells) -> str:
    """`{{ row.units|grid_cells }}`: one `<td>` per unit, its state and, once started, what is
    done. Every text is escaped here; the state is one of the completion rule's fixed names."""
    html = []
    for cell in cells:
        detail = cell.detail
        html.append(
            f'<td class="unit-cell unit-{cell.state}"><span class="unit-state">'
            f"{cell.icon}{escape(cell.label)}</span>"
            + (f'<span class="d-block small">{escape(detail)}</span>' if detail else "")
            + "</td>"
        )
    return mark_safe("".join(html))  # noqa: S308 - built from escaped text above
