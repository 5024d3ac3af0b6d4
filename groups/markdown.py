"""Markdown for discussion posts, rendered once when a post is saved and sanitized with nh3.

Posts are written by any member, so the HTML keeps only text formatting and links: no images
(a tracking pixel is as easy as a picture), no headings (they would break the page's outline),
no attributes but a link's address and title; links open nothing but http(s) and mailto
addresses and carry rel="nofollow noopener"."""

import markdown as markdown_lib
import nh3

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
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow noopener noreferrer"


def render_post(text: str) -> str:
    html = markdown_lib.markdown(
        text, extensions=["sane_lists", "fenced_code", "nl2br"], output_format="html"
    )
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel=LINK_REL,
    )
