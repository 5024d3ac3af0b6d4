"""Demo content for the coalition: its standing pages, the 2020 Status of Health Equity report
(published) and a 2021 draft in review, the eight action goals with their progress, partners,
and events. Facts from ../shared/content/facts.md, written in our own words; every organization
name is made up. Idempotent: keyed on slugs, numbers and names, and a report that exists is
left as its editors made it."""

import datetime

from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile

from roots.models import User
from roots.permissions import EDITORS_GROUP, PUBLISHERS_GROUP

from ..models import Event, Goal, GoalUpdate, Page, Partner, Report
from ..services import goal_status_refresh, report_create, report_transition
from .content import (
    GOALS,
    PAGES,
    PARTNERS,
    REPORT_2020,
    REPORT_2021,
    SECTIONS_2020,
    SECTIONS_2021,
    events,
)
from .files import cover_png, simple_pdf

__all__ = ["cover_png", "seed", "simple_pdf"]
UTC = datetime.UTC


def _grant_admin_permissions():
    """Editors and publishers keep the coalition's content in the admin too."""
    permissions = Permission.objects.filter(content_type__app_label="coalition").exclude(
        codename__startswith="delete_"
    )
    for name in (EDITORS_GROUP, PUBLISHERS_GROUP):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions)


def _seed_reports(editor: User, publisher: User) -> int:
    created = 0
    if not Report.objects.filter(slug=REPORT_2020["slug"]).exists():
        data = dict(REPORT_2020)
        data["cover"] = ContentFile(cover_png(data["title"]), name="cover-2020.png")
        data["pdf"] = ContentFile(
            simple_pdf([data["title"], "", *data["summary"].split(", ")]),
            name="status-of-health-equity-2020.pdf",
        )
        report = report_create(by=editor, data=data, sections=SECTIONS_2020)
        report_transition(report=report, to=Report.State.IN_REVIEW, by=editor)
        released = datetime.datetime(2020, 2, 26, 15, 0, tzinfo=UTC)
        report_transition(report=report, to=Report.State.PUBLISHED, by=publisher, now=released)
        created += 1
    if not Report.objects.filter(slug=REPORT_2021["slug"]).exists():
        report = report_create(by=editor, data=dict(REPORT_2021), sections=SECTIONS_2021)
        report_transition(
            report=report,
            to=Report.State.IN_REVIEW,
            by=editor,
            note="Ready for a first read; the quotes in section one are still to come.",
        )
        created += 1
    return created


def seed(log=print):
    editor = User.objects.get(email="editor@example.org")
    publisher = User.objects.get(email="admin@example.org")
    _grant_admin_permissions()

    for fields in PAGES:
        Page.objects.get_or_create(slug=fields["slug"], defaults={**fields, "updated_by": editor})

    created_reports = _seed_reports(editor, publisher)

    for number, title, description, updates in GOALS:
        goal, _ = Goal.objects.update_or_create(
            number=number,
            defaults={"title": title, "description": description, "target_year": 2025},
        )
        for date, status, note in updates:
            GoalUpdate.objects.update_or_create(
                goal=goal, date=date, defaults={"status": status, "note": note}
            )
        goal_status_refresh(goal=goal)

    for name, tier, sector, year, description in PARTNERS:
        Partner.objects.update_or_create(
            name=name,
            defaults={
                "tier": tier,
                "sector": sector,
                "year_joined": year,
                "description": description,
                "website": "https://example.org/partners/" + name.lower().replace(" ", "-"),
            },
        )

    for fields in events():
        Event.objects.update_or_create(slug=fields["slug"], defaults=fields)

    log(
        f"coalition: {len(PAGES)} pages, {created_reports} new reports, {len(GOALS)} goals, "
        f"{len(PARTNERS)} partners, {Event.objects.count()} events"
    )
