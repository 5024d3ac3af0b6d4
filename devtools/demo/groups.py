"""Demo learning groups (content/groups.yaml), modeled on how organizations ran the course: a
county health department's monthly brown-bag lunches, a university class, a community
organization's circle. Idempotent: groups are keyed on their slug, people on e-mail, sessions on
group and unit, threads on board and title; dates are set on the first run and kept afterwards."""

import calendar
import zoneinfo
from datetime import datetime, time, timedelta

from django.utils import timezone

from courses.models import CheckAttempt, Course, LessonCompletion
from groups import services
from groups.models import (
    RSVP,
    Attendance,
    Board,
    Invitation,
    LearningGroup,
    Membership,
    Post,
    Session,
    Thread,
)
from groups.services.sessions import default_agenda
from roots.models import Organization, User
from roots.permissions import can_attach_to_organization
from roots.text import POST, render

from . import data
from .courses import record_time


def _person(email: str, full_name: str, organization_name: str) -> User:
    user, created = User.objects.get_or_create(email=email, defaults={"full_name": full_name})
    if created:
        user.set_unusable_password()
        user.organization = Organization.objects.filter(name=organization_name).first()
        user.save()
    return user


def _second_tuesday_noon(year: int, month: int, zone: zoneinfo.ZoneInfo) -> datetime:
    days = calendar.Calendar().itermonthdates(year, month)
    tuesdays = [d for d in days if d.month == month and d.weekday() == calendar.TUESDAY]
    return datetime.combine(tuesdays[1], time(12, 0), tzinfo=zone)


def _month_offset(today, offset: int) -> tuple[int, int]:
    index = today.year * 12 + today.month - 1 + offset
    return index // 12, index % 12 + 1


def _group(*, name, course, organization_name, kind, state, facilitator, **fields):
    """A group attached to its organization the way the site allows: by the facilitator where
    she administers it, else by the demo's administrator (which approves it)."""
    group = LearningGroup.objects.filter(name=name).first()
    if group is None:
        organization = Organization.objects.filter(name=organization_name).first()
        group = services.group_create(
            creator=facilitator, course=course, name=name, kind=kind, state=state, **fields
        )
        if organization is not None:
            attached_by = (
                facilitator
                if can_attach_to_organization(facilitator, organization)
                else User.objects.filter(is_superuser=True).order_by("pk").first()
            )
            group = services.group_update(
                group=group, data={"organization": organization}, changed_by=attached_by
            )
    return group


def _member(group, user, role=Membership.Role.MEMBER, status=Membership.Status.ACTIVE):
    membership, _ = Membership.objects.get_or_create(
        group=group,
        user=user,
        defaults={
            "role": role,
            "status": status,
            "joined_at": timezone.now() if status == Membership.Status.ACTIVE else None,
        },
    )
    return membership


def _session(group, unit, starts_at, **fields) -> Session:
    session, _ = Session.objects.get_or_create(
        group=group,
        unit=unit,
        defaults={
            "title": fields.pop("title", str(unit)),
            "starts_at": starts_at,
            "agenda": default_agenda(unit),
            **fields,
        },
    )
    return session


def _thread(group, unit, author, title, body, replies=(), pinned=False, days_ago=0) -> Thread:
    """A thread with its replies, dated `days_ago` days back, a few hours between posts."""
    board = Board.objects.get_or_create(group=group, unit=unit)[0]
    thread = Thread.objects.filter(board=board, title=title).first()
    if thread is not None:
        return thread
    thread = services.thread_create(board=board, author=author, title=title, body=body)
    started = timezone.now() - timedelta(days=days_ago)
    Post.objects.filter(thread=thread).update(created_at=started)
    for hours, (reply_author, reply_body) in enumerate(replies, start=1):
        # Demo replies notify nobody: no e-mail is queued for them.
        post = Post.objects.create(
            thread=thread,
            author=reply_author,
            body=reply_body,
            body_html=render(reply_body, POST),
            notified_at=timezone.now(),
        )
        Post.objects.filter(pk=post.pk).update(created_at=started + timedelta(hours=5 * hours))
    Thread.objects.filter(pk=thread.pk).update(
        created_at=started,
        last_post_at=started + timedelta(hours=5 * len(replies)),
        pinned=pinned,
    )
    return thread


def _progress(user, units, *, complete: int, started: bool, score: int) -> None:
    """Complete the first `complete` units (lessons and a passed check) and, if `started`,
    half the lessons of the next one."""
    for unit in units[:complete]:
        record_time(user, unit.lessons.all())
        for lesson in unit.lessons.all():
            LessonCompletion.objects.get_or_create(user=user, lesson=lesson)
        if (
            unit.questions.exists()
            and not CheckAttempt.objects.filter(user=user, unit=unit).exists()
        ):
            CheckAttempt.objects.create(user=user, unit=unit, score=score, passed=True)
    if started and len(units) > complete:
        lessons = list(units[complete].lessons.all())
        record_time(user, lessons[: max(1, len(lessons) // 2)])
        for lesson in lessons[: max(1, len(lessons) // 2)]:
            LessonCompletion.objects.get_or_create(user=user, lesson=lesson)


def _group_from(section: dict, *, course, facilitator) -> LearningGroup:
    fields = dict(section["group"])
    return _group(
        course=course,
        organization_name=fields.pop("organization"),
        kind=LearningGroup.Kind(fields.pop("kind")),
        facilitator=facilitator,
        **fields,
    )


def _threads(group, units, section: dict, users: dict[str, User]) -> None:
    """The section's threads, in order; a thread on a unit the course does not have is left out."""
    for thread in section["threads"]:
        index = thread["unit"]
        if index is not None and index >= len(units):
            continue
        replies = [(users[reply["author"]], reply["body"]) for reply in thread.get("replies", [])]
        _thread(
            group,
            None if index is None else units[index],
            users[thread["author"]],
            thread["title"],
            thread["body"],
            replies=replies,
            pinned=thread.get("pinned", False),
            days_ago=thread.get("days_ago", 0),
        )


def _county_group(section, course, units, facilitator, practitioner, people) -> LearningGroup:
    group = _group_from(section, course=course, facilitator=facilitator)
    colleagues = [people[email] for email in list(people)[:4]]
    _member(group, practitioner)
    for colleague in colleagues:
        _member(group, colleague)
    Invitation.objects.get_or_create(
        group=group, email=section["invitation"], defaults={"invited_by": facilitator}
    )

    meetings = section["sessions"]
    zone = zoneinfo.ZoneInfo(meetings["time_zone"])
    today = timezone.localdate()
    attendees = [practitioner, *colleagues]
    for index, unit in enumerate(units):
        year, month = _month_offset(today, index - 3)
        session = _session(group, unit, _second_tuesday_noon(year, month, zone), **meetings)
        for position, person in enumerate(attendees):
            RSVP.objects.get_or_create(
                session=session,
                user=person,
                defaults={"response": ["yes", "yes", "maybe", "yes", "no"][(position + index) % 5]},
            )
        if session.ends_at < timezone.now():
            for position, person in enumerate([facilitator, *attendees]):
                Attendance.objects.get_or_create(
                    session=session,
                    user=person,
                    defaults={
                        "attended": (position * 3 + index) % 5 != 4,
                        "recorded_by": facilitator,
                    },
                )

    users = {user.email: user for user in (facilitator, practitioner, *people.values())}
    _threads(group, units, section, users)
    for position, person in enumerate(colleagues):
        _progress(
            person,
            units,
            complete=[3, 2, 1, 0][position],
            started=position != 3,
            score=80 + 5 * position,
        )
    return group


def _university_group(section, course, units, people) -> LearningGroup:
    instructor = people["imani.brooks@example.org"]
    students = [
        people[e]
        for e in ("kai.nakamura@example.org", "priya.raman@example.org", "sam.okafor@example.org")
    ]
    group = _group_from(section, course=course, facilitator=instructor)
    for student in students:
        _member(group, student)
    meetings = section["sessions"]
    zone = zoneinfo.ZoneInfo(meetings["time_zone"])
    start = timezone.localdate() - timedelta(days=14)
    for index, unit in enumerate(units[:4]):
        day = start + timedelta(days=7 * index)
        session = _session(
            group,
            unit,
            datetime.combine(day, time(14, 0), tzinfo=zone),
            duration=timedelta(minutes=90),
            **meetings,
        )
        if session.ends_at < timezone.now():
            for student in students:
                Attendance.objects.get_or_create(
                    session=session, user=student, defaults={"attended": True}
                )
    _threads(group, units, section, people)
    for position, student in enumerate(students):
        _progress(student, units, complete=position + 1, started=True, score=75 + 10 * position)
    return group


def _community_group(section, course, units, people) -> LearningGroup:
    organizer = people["rosa.delgado@example.org"]
    group = _group_from(section, course=course, facilitator=organizer)
    _member(group, people["andre.moss@example.org"])
    _member(group, people["bea.kowalski@example.org"], status=Membership.Status.PENDING)
    if units:
        meetings = section["sessions"]
        day = timezone.localdate() + timedelta(days=10)
        _session(
            group,
            units[0],
            datetime.combine(day, time(10, 0), tzinfo=zoneinfo.ZoneInfo(meetings["time_zone"])),
            duration=timedelta(minutes=90),
            **meetings,
        )
    _threads(group, units, section, people)
    return group


def seed(log=print):
    course = (
        Course.objects.filter(published=True).order_by("pk").first()
        or Course.objects.order_by("pk").first()
    )
    facilitator = User.objects.filter(email="facilitator@example.org").first()
    practitioner = User.objects.filter(email="practitioner@example.org").first()
    if course is None or facilitator is None or practitioner is None:
        log("learning groups: skipped (needs a course and the demo accounts)")
        return
    content = data.load("groups.yaml")
    units = list(course.units.order_by("number"))
    people = {
        person["email"]: _person(person["email"], person["full_name"], person["organization"])
        for person in content["people"]
    }
    groups = [
        _county_group(content["county"], course, units, facilitator, practitioner, people),
        _university_group(content["university"], course, units, people),
        _community_group(content["community"], course, units, people),
    ]
    log(
        f"learning groups: {len(groups)} groups, {Session.objects.filter(group__in=groups).count()}"
        f" sessions, {Thread.objects.filter(board__group__in=groups).count()} threads"
    )
