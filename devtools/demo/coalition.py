"""Demo content for the coalition (content/coalition/): its standing pages, the 2020 Status of
Health Equity report (published) and a 2021 draft in review, the eight action goals with their
progress, partners, and events. Facts from ../shared/content/facts.md, written in our own words;
every organization name is made up. Idempotent: keyed on slugs, numbers and names, and a report
that exists is left as its editors made it."""

import datetime
import re
from zoneinfo import ZoneInfo

from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.utils import timezone

from coalition.models import Event, Goal, GoalStatus, GoalUpdate, Page, Partner, Report
from coalition.services import goal_status_refresh, report_create, report_transition
from roots.models import User
from roots.permissions import EDITORS_GROUP, PUBLISHERS_GROUP

from . import data
from .files import cover_png, simple_pdf

UTC = datetime.UTC
# A report's Markdown file: each section is a level-2 heading and its body.
SECTION_HEADING = re.compile(r"^## (.+)\n\n", re.MULTILINE)


def report_sections(slug: str) -> list[dict]:
    parts = SECTION_HEADING.split(data.text(f"coalition/reports/{slug}.md"))
    return [
        {"heading": heading, "body": body.removesuffix("\n").removesuffix("\n")}
        for heading, body in zip(parts[1::2], parts[2::2], strict=True)
    ]


def pages() -> list[dict]:
    return [
        {**page, "body": data.text(f"coalition/pages/{page['slug']}.md")}
        for page in data.load("coalition/pages.yaml")["pages"]
    ]


def _moment(when: dict, zone: str) -> datetime.datetime:
    if "date" in when:
        day = when["date"]
    else:
        day = timezone.localdate() + datetime.timedelta(days=when["days_from_today"])
    return datetime.datetime.combine(day, datetime.time(when["hour"]), tzinfo=ZoneInfo(zone))


def events() -> list[dict]:
    """The events' fields, dated from today where content/coalition/events.yaml says so."""
    found = []
    for record in data.load("coalition/events.yaml")["events"]:
        fields = dict(record)
        starts, ends = fields.pop("starts"), fields.pop("ends")
        fields["kind"] = Event.Kind(fields["kind"])
        fields["starts_at"] = _moment(starts, fields["time_zone"])
        fields["ends_at"] = _moment(ends, fields["time_zone"])
        found.append(fields)
    return found


def _grant_admin_permissions():
    """Editors and publishers keep the coalition's content in the admin too."""
    permissions = Permission.objects.filter(content_type__app_label="coalition").exclude(
        codename__startswith="delete_"
    )
    for name in (EDITORS_GROUP, PUBLISHERS_GROUP):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions)


def _seed_reports(editor: User, publisher: User) -> int:
    reports = data.load("coalition/reports.yaml")
    created = 0
    published = reports["published"]
    if not Report.objects.filter(slug=published["slug"]).exists():
        fields = dict(published)
        fields["cover"] = ContentFile(cover_png(fields["title"]), name="cover-2020.png")
        fields["pdf"] = ContentFile(
            simple_pdf([fields["title"], "", *fields["summary"].split(", ")]),
            name="status-of-health-equity-2020.pdf",
        )
        sections = report_sections(published["slug"])
        report = report_create(by=editor, data=fields, sections=sections)
        report_transition(report=report, to=Report.State.IN_REVIEW, by=editor)
        released = datetime.datetime(2020, 2, 26, 15, 0, tzinfo=UTC)
        report_transition(report=report, to=Report.State.PUBLISHED, by=publisher, now=released)
        created += 1
    in_review = dict(reports["in_review"])
    note = in_review.pop("review_note")
    if not Report.objects.filter(slug=in_review["slug"]).exists():
        sections = report_sections(in_review["slug"])
        report = report_create(by=editor, data=in_review, sections=sections)
        report_transition(report=report, to=Report.State.IN_REVIEW, by=editor, note=note)
        created += 1
    return created


def seed(log=print):
    editor = User.objects.get(email="editor@example.org")
    publisher = User.objects.get(email="admin@example.org")
    _grant_admin_permissions()

    all_pages = pages()
    for fields in all_pages:
        Page.objects.get_or_create(slug=fields["slug"], defaults={**fields, "updated_by": editor})

    created_reports = _seed_reports(editor, publisher)

    goals = data.load("coalition/goals.yaml")["goals"]
    for record in goals:
        goal, _ = Goal.objects.update_or_create(
            number=record["number"],
            defaults={
                "title": record["title"],
                "description": record["description"],
                "target_year": 2025,
            },
        )
        for update in record["updates"]:
            GoalUpdate.objects.update_or_create(
                goal=goal,
                date=update["date"],
                defaults={"status": GoalStatus(update["status"]), "note": update["note"]},
            )
        goal_status_refresh(goal=goal)

    partners = data.load("coalition/partners.yaml")["partners"]
    for record in partners:
        name = record["name"]
        Partner.objects.update_or_create(
            name=name,
            defaults={
                "tier": Partner.Tier(record["tier"]),
                "sector": Partner.Sector(record["sector"]),
                "year_joined": record["year_joined"],
                "description": record["description"],
                "website": "https://example.org/partners/" + name.lower().replace(" ", "-"),
            },
        )

    for fields in events():
        Event.objects.update_or_create(slug=fields["slug"], defaults=fields)

    log(
        f"coalition: {len(all_pages)} pages, {created_reports} new reports, {len(goals)} goals, "
        f"{len(partners)} partners, {Event.objects.count()} events"
    )
