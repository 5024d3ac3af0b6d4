"""Lesson Markdown to HTML that is safe to show: authors write Markdown (HTML allowed), and the
result is cleaned by nh3 so that no script, style or event handler reaches the page (the CSP
would block them anyway, but broken markup would still show)."""

import functools

from django.utils.safestring import SafeString

from roots.text import render_safe_markdown

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "dl", "dt",
    "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "li", "mark",
    "ol", "p", "pre", "q", "s", "small", "strong", "sub", "sup", "table", "tbody", "td", "tfoot",
    "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
}


# Keyed by the text itself, so an edited lesson is simply a new entry: nothing to invalidate.
# Rendering a lesson takes milliseconds; looking it up here, microseconds.
@functools.lru_cache(maxsize=512)
def render_markdown(text: str) -> SafeString:
    return render_safe_markdown(
        text, extensions=["extra", "sane_lists"], tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES
    )
