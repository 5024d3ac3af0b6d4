"""Markdown to HTML that is safe to show: one pipeline for every kind of text (Python-Markdown,
then nh3, which keeps only the tags and attributes allowed and drops scripts and styles with
their content). What is allowed differs by who writes and where it shows, so each app keeps
its own allow-list: lessons (`courses.rendering`), reports and pages (`coalition.text`),
discussion posts (`groups.markdown`)."""

from collections.abc import Iterable

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

WEB_URL_SCHEMES = frozenset({"http", "https", "mailto"})


def render_safe_markdown(
    text: str,
    *,
    extensions: Iterable,
    tags: Iterable[str],
    attributes: dict[str, set[str]],
    link_rel: str = "noopener noreferrer",
) -> SafeString:
    html = markdown.markdown(text or "", extensions=list(extensions), output_format="html")
    cleaned = nh3.clean(
        html,
        tags=set(tags),
        clean_content_tags={"script", "style"},
        attributes=attributes,
        url_schemes=set(WEB_URL_SCHEMES),
        link_rel=link_rel,
    )
    return mark_safe(cleaned)  # noqa: S308 - nh3 has just kept only the allowed markup
