"""Turning what editors and commenters type into HTML that is safe to show."""

import html

import nh3
from django.utils.html import linebreaks, urlize
from django.utils.safestring import SafeString, mark_safe
from markdown.extensions.toc import TocExtension

from roots.text import WEB_URL_SCHEMES, render_safe_markdown

MARKDOWN_TAGS = {
    "p",
    "br",
    "hr",
    "strong",
    "em",
    "b",
    "i",
    "ul",
    "ol",
    "li",
    "blockquote",
    "code",
    "pre",
    "a",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "abbr",
    "sup",
    "sub",
}
MARKDOWN_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}


def render_markdown(text: str, *, top_heading: int = 2) -> SafeString:
    """Markdown to sanitized HTML. `# Heading` becomes `<h{top_heading}>` so that a body never
    breaks the heading order of the page it sits in."""
    return render_safe_markdown(
        text,
        extensions=[
            "tables",
            "fenced_code",
            "sane_lists",
            TocExtension(baselevel=top_heading, anchorlink=False, permalink=False),
        ],
        tags=MARKDOWN_TAGS,
        attributes=MARKDOWN_ATTRIBUTES,
    )


def plain_text(text: str) -> str:
    """What a commenter typed, with any markup removed (scripts with their content)."""
    return html.unescape(nh3.clean(text or "", tags=set())).strip()


def render_comment(text: str) -> SafeString:
    """Plain text shown as paragraphs, web addresses as links that search engines ignore."""
    rendered = linebreaks(urlize(text, nofollow=True, autoescape=True))
    return mark_safe(  # noqa: S308 - nh3 keeps only paragraphs, line breaks and links
        nh3.clean(
            rendered,
            tags={"p", "br", "a"},
            attributes={"a": {"href"}},
            url_schemes=set(WEB_URL_SCHEMES),
            link_rel="nofollow ugc noopener noreferrer",
        )
    )
