import re

from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory


def _pager(count: int, number: int) -> list[str]:
    page = Paginator(range(count), 10).get_page(number)
    html = render_to_string(
        "components/pagination.html",
        {"page_obj": page, "label": "Pages"},
        request=RequestFactory().get("/list/?q=x"),
    )
    return re.findall(r'<li class="page-item[^"]*">(?:<a[^>]*>|<span[^>]*>)([^<]*)<', html)


def test_the_pager_shows_first_last_and_two_each_side_with_gaps_marked():
    assert _pager(10_000_000, 500_000) == [
        "Previous", "1", "…", "499998", "499999", "500000", "500001", "500002", "…",
        "1000000", "Next",
    ]  # fmt: skip


def test_page_links_keep_the_other_query_parameters():
    page = Paginator(range(100), 10).get_page(3)
    html = render_to_string(
        "components/pagination.html", {"page_obj": page}, request=RequestFactory().get("/?q=x")
    )
    assert 'href="?q=x&amp;page=4"' in html


def test_a_short_range_shows_every_page_and_no_gap():
    assert _pager(30, 2) == ["Previous", "1", "2", "3", "Next"]


def test_a_single_page_has_no_pager():
    assert _pager(5, 1) == []
