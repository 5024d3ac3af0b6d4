"""The learner's reflection journal as a document: Markdown text, or a PDF made by WeasyPrint
(in the worker: `courses.services.journal_pdf_request`), and the version of what it shows."""

import hashlib
import json
from itertools import groupby

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from .selectors import journal_entries


def journal_sections(user) -> list[dict]:
    """[{course, entries: [reflection, ...]}] in course, unit and lesson order."""
    entries = list(journal_entries(user))
    return [
        {"course": course, "entries": list(group)}
        for course, group in groupby(entries, key=lambda entry: entry.lesson.unit.course)
    ]


def _quote(text: str) -> str:
    return "\n".join(f"> {line}" if line else ">" for line in text.strip().splitlines())


def journal_markdown(user) -> str:
    now = timezone.localtime()
    lines = [
        f"# {_('Reflection journal')}: {user.get_full_name()}",
        "",
        _("Downloaded from Roots on %(date)s.") % {"date": now.strftime("%Y-%m-%d %H:%M %Z")},
        "",
    ]
    sections = journal_sections(user)
    if not sections:
        lines.append(_("No reflections yet."))
    for section in sections:
        lines += [f"## {section['course'].title}", ""]
        for entry in section["entries"]:
            lesson = entry.lesson
            updated = timezone.localtime(entry.updated_at).strftime("%Y-%m-%d %H:%M")
            lines += [
                f"### {lesson.unit}: {lesson.title}",
                "",
                f"*{_('Prompt')}:*",
                "",
                _quote(lesson.reflection_prompt),
                "",
                entry.text.strip(),
                "",
                f"*{_('Last edited %(date)s') % {'date': updated}}*",
                "",
            ]
    return "\n".join(lines).rstrip() + "\n"


def journal_version(user, sections: list[dict]) -> str:
    """A digest of everything the PDF shows but its date: the learner's name and time zone, and
    each entry with its lesson, unit and course as named now. The same digest, the same PDF."""
    shown = [user.get_full_name(), user.time_zone]
    for section in sections:
        shown.append(section["course"].title)
        for entry in section["entries"]:
            lesson = entry.lesson
            shown.append(
                [
                    str(lesson.unit),
                    lesson.title,
                    lesson.reflection_prompt,
                    entry.text,
                    entry.updated_at.isoformat(),
                ]
            )
    return hashlib.sha256(json.dumps(shown).encode()).hexdigest()


def journal_pdf(user, sections: list[dict] | None = None) -> bytes:
    """The journal as a PDF; the template carries its own styles and loads nothing else."""
    from weasyprint import HTML  # imported here: loading Pango takes a moment

    html = render_to_string(
        "courses/journal_print.html",
        {
            "sections": journal_sections(user) if sections is None else sections,
            "learner": user,
            "now": timezone.now(),
        },
    )
    return HTML(string=html).write_pdf()
