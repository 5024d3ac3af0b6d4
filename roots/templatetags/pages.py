from django import template

register = template.Library()


@register.simple_tag
def page_numbers(page_obj):
    """The page numbers a pager shows around the current page: the first and the last, two on
    each side of the current one, and None where numbers are left out. As many items for page
    1 of 3 as for page 5,000 of 10,000: the pager never walks the whole range."""
    paginator = page_obj.paginator
    return [
        None if number == paginator.ELLIPSIS else number
        for number in paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1)
    ]
