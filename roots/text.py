"""What people type, turned into HTML that is safe to show: one pipeline for every kind of text
(Python-Markdown, or for plain text Django's paragraphs and links, then nh3, which keeps only
the tags and attributes allowed and drops scripts and styles with their content).

What may survive differs by who writes and where it shows, so each kind of text has a named
policy; they sit side by side here so that widening one is a decision made in one visible place.
Python code calls `render(text, POST)`; templates use the one filter,
`{% load text %}{{ lesson.body|render:"lesson" }}`, which names the policy."""

import functools
import html
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import markdown
import nh3
from django.utils.html import linebreaks, urlize
from django.utils.safestring import SafeString, mark_safe

WEB_URL_SCHEMES = frozenset({"http", "https", "mailto"})


# Compared and hashed by identity (eq=False): each policy is one module constant, and the cache
# of rendered lessons is keyed by it.
@dataclass(frozen=True, eq=False)
class Policy:
    """What one kind of text may carry once shown."""

    tags: frozenset[str]
    attributes: Mapping[str, frozenset[str]]
    link_rel: str = "noopener noreferrer"
    # Python-Markdown extensions by name and their settings; with `markdown=False` the text is
    # plain: escaped, shown as paragraphs, its web addresses made links.
    extensions: tuple[str, ...] = ()
    extension_configs: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    markdown: bool = True
    # Keep the last renders in memory, keyed by the text itself (an edited text is simply a new
    # entry: nothing to invalidate). For long texts rendered on every view.
    cached: bool = False


# Lessons and unit overviews, written by course authors (HTML allowed). Rendering a lesson takes
# milliseconds; finding it in the cache, microseconds.
LESSON = Policy(
    tags=frozenset({
        "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "dl", "dt",
        "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "li",
        "mark", "ol", "p", "pre", "q", "s", "small", "strong", "sub", "sup", "table", "tbody",
        "td", "tfoot", "th", "thead", "tr", "ul",
    }),
    attributes={
        "a": frozenset({"href", "title"}),
        "abbr": frozenset({"title"}),
        "img": frozenset({"src", "alt", "title", "width", "height"}),
        "th": frozenset({"scope", "colspan", "rowspan"}),
        "td": frozenset({"colspan", "rowspan"}),
        "ol": frozenset({"start"}),
    },
    extensions=("extra", "sane_lists"),
    cached=True,
)  # fmt: skip

# Coalition pages and event descriptions, written by editors: no images, no inline style, no
# ids; `# Heading` becomes <h2>, under the page's own <h1>.
PAGE = Policy(
    tags=frozenset({
        "p", "br", "hr", "strong", "em", "b", "i", "ul", "ol", "li", "blockquote", "code", "pre",
        "a", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "abbr",
        "sup", "sub",
    }),
    attributes={"a": frozenset({"href", "title"}), "abbr": frozenset({"title"})},
    extensions=("tables", "fenced_code", "sane_lists", "toc"),
    extension_configs={"toc": {"baselevel": 2, "anchorlink": False, "permalink": False}},
)  # fmt: skip

# A report's sections: as pages, with `# Heading` as <h3>, under the section's own <h2>.
REPORT = replace(
    PAGE, extension_configs={"toc": {"baselevel": 3, "anchorlink": False, "permalink": False}}
)

# Discussion posts, written by any member of a group: text formatting and links only. No images
# (a tracking pixel is as easy as a picture), no headings (they would break the page's outline),
# no attribute but a link's address and title; links that search engines do not follow.
POST = Policy(
    tags=frozenset({
        "a", "blockquote", "br", "code", "del", "em", "hr", "li", "ol", "p", "pre", "strong", "ul",
    }),
    attributes={"a": frozenset({"href", "title"})},
    link_rel="nofollow noopener noreferrer",
    extensions=("sane_lists", "fenced_code", "nl2br"),
)  # fmt: skip

# Comments on reports, written by anyone: plain text as paragraphs, web addresses as links marked
# as user-generated content.
COMMENT = Policy(
    tags=frozenset({"p", "br", "a"}),
    attributes={"a": frozenset({"href"})},
    link_rel="nofollow ugc noopener noreferrer",
    markdown=False,
)

# The names templates give the `render` filter.
POLICIES = {"lesson": LESSON, "page": PAGE, "report": REPORT, "post": POST, "comment": COMMENT}


def render(text: str, policy: Policy) -> SafeString:
    """`text` as HTML that carries only what `policy` allows."""
    if policy.cached:
        return _render_remembered(text or "", policy)
    return _render(text or "", policy)


def _render(text: str, policy: Policy) -> SafeString:
    if policy.markdown:
        converted = markdown.markdown(
            text,
            extensions=list(policy.extensions),
            extension_configs=policy.extension_configs,
            output_format="html",
        )
    else:
        converted = linebreaks(urlize(text, nofollow=True, autoescape=True))
    cleaned = nh3.clean(
        converted,
        tags=set(policy.tags),
        clean_content_tags={"script", "style"},
        attributes={tag: set(names) for tag, names in policy.attributes.items()},
        url_schemes=set(WEB_URL_SCHEMES),
        link_rel=policy.link_rel,
    )
    return mark_safe(cleaned)  # noqa: S308 - nh3 has just kept only what the policy allows


_render_remembered = functools.lru_cache(maxsize=512)(_render)


def plain_text(text: str) -> str:
    """What someone typed, with any markup removed (scripts with their content)."""
    return html.unescape(nh3.clean(text or "", tags=set())).strip()
