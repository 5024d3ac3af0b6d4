"""Markdown for discussion posts, rendered once when a post is saved and sanitized with nh3.

Posts are written by any member, so the HTML keeps only text formatting and links: no images
(a tracking pixel is as easy as a picture), no headings (they would break the page's outline),
no attributes but a link's address and title; links open nothing but http(s) and mailto
addresses and carry rel="nofollow noopener"."""

from roots.text import render_safe_markdown

ALLOWED_TAGS = {
    "a",
    "blockquote",
    "br",
    "code",
    "del",
    "em",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
LINK_REL = "nofollow noopener noreferrer"


def render_post(text: str) -> str:
    return str(
        render_safe_markdown(
            text,
            extensions=["sane_lists", "fenced_code", "nl2br"],
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            link_rel=LINK_REL,
        )
    )
