"""Demo learning groups, modeled on how organizations ran the course: a county health
department's monthly brown-bag lunches, a university class, a community organization's circle.
Idempotent: groups are keyed on their slug, people on e-mail, sessions on group and unit,
threads on board and title; dates are set on the first run and kept afterwards."""

import calendar
import zoneinfo
from datetime import datetime, time, timedelta

from django.utils import timezone

from courses.models import CheckAttempt, Course, LessonCompletion
from roots.models import Organization, User

from . import services
from .markdown import render_post
from .models import (
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
from .services.meetings import default_agenda

CHICAGO = zoneinfo.ZoneInfo("America/Chicago")

# email, full name, organization name
PEOPLE = [
    ("dana.whitfield@example.org", "Dana Whitfield", "Lakeside County Health Department"),
    ("marcus.oyelaran@example.org", "Marcus Oyelaran", "Lakeside County Health Department"),
    ("lucia.fernandez@example.org", "Lucía Fernández", "Lakeside County Health Department"),
    ("tom.brandt@example.org", "Tom Brandt", "Lakeside County Health Department"),
    ("imani.brooks@example.org", "Imani Brooks", "Great Lakes School of Public Health"),
    ("kai.nakamura@example.org", "Kai Nakamura", "Great Lakes School of Public Health"),
    ("priya.raman@example.org", "Priya Raman", "Great Lakes School of Public Health"),
    ("sam.okafor@example.org", "Sam Okafor", "Great Lakes School of Public Health"),
    ("rosa.delgado@example.org", "Rosa Delgado", "Eastside Neighbors for Health"),
    ("andre.moss@example.org", "Andre Moss", "Eastside Neighbors for Health"),
    ("bea.kowalski@example.org", "Bea Kowalski", "Eastside Neighbors for Health"),
]


def _person(email: str, full_name: str, organization_name: str) -> User:
    user, created = User.objects.get_or_create(email=email, defaults={"full_name": full_name})
    if created:
        user.set_unusable_password()
        user.organization = Organization.objects.filter(name=organization_name).first()
        user.save()
    return user


def _second_tuesday_noon(year: int, month: int) -> datetime:
    days = calendar.Calendar().itermonthdates(year, month)
    tuesdays = [d for d in days if d.month == month and d.weekday() == calendar.TUESDAY]
    return datetime.combine(tuesdays[1], time(12, 0), tzinfo=CHICAGO)


def _month_offset(today, offset: int) -> tuple[int, int]:
    index = today.year * 12 + today.month - 1 + offset
    return index // 12, index % 12 + 1


def _group(*, name, course, organization_name, kind, state, facilitator, **fields):
    group = LearningGroup.objects.filter(name=name).first()
    if group is None:
        group = services.group_create(
            creator=facilitator,
            course=course,
            name=name,
            kind=kind,
            state=state,
            organization=Organization.objects.filter(name=organization_name).first(),
            **fields,
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
            body_html=render_post(reply_body),
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
        for lesson in unit.lessons.all():
            LessonCompletion.objects.get_or_create(user=user, lesson=lesson)
        if (
            unit.questions.exists()
            and not CheckAttempt.objects.filter(user=user, unit=unit).exists()
        ):
            CheckAttempt.objects.create(user=user, unit=unit, score=score, passed=True)
    if started and len(units) > complete:
        lessons = list(units[complete].lessons.all())
        for lesson in lessons[: max(1, len(lessons) // 2)]:
            LessonCompletion.objects.get_or_create(user=user, lesson=lesson)


def _county_group(course, units, facilitator, practitioner, people) -> LearningGroup:
    group = _group(
        name="Lakeside County Health Equity Brown-Bag",
        course=course,
        organization_name="Lakeside County Health Department",
        kind=LearningGroup.Kind.LOCAL_HEALTH_DEPARTMENT,
        state="IL",
        facilitator=facilitator,
        description=(
            "Staff from across the department (nursing, environmental health, epidemiology and "
            "the front desk) working through the course together. Our county is split along "
            "lines of race, class and neighbourhood; we want to see how that shapes our own "
            "programs, and change what we can."
        ),
        meeting_cadence="A brown-bag lunch on the second Tuesday of each month, 12:00 to 1:00",
        member_limit=30,
    )
    colleagues = [people[email] for email in list(people)[:4]]
    _member(group, practitioner)
    for colleague in colleagues:
        _member(group, colleague)
    Invitation.objects.get_or_create(
        group=group, email="new.hire@example.org", defaults={"invited_by": facilitator}
    )

    today = timezone.localdate()
    attendees = [practitioner, *colleagues]
    for index, unit in enumerate(units):
        year, month = _month_offset(today, index - 3)
        session = _session(
            group,
            unit,
            _second_tuesday_noon(year, month),
            time_zone="America/Chicago",
            place="Lakeside County Health Department, 3rd floor conference room",
            online_url="https://meet.example.org/lakeside-brown-bag",
        )
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

    _thread(
        group,
        None,
        facilitator,
        "Lunch logistics: room, video link and who brings what",
        "We meet in the 3rd floor conference room; the video link is on each session page for "
        "those in the field that day.\n\nIf you cannot make it, **say so on the session page** "
        "so we know how many chairs to set out.",
        pinned=True,
        days_ago=100,
    )
    if units:
        _thread(
            group,
            units[0],
            facilitator,
            "Where do we start in our own department?",
            "The first unit asks where an organization starts. Before Tuesday, think of one "
            "practice in your own program that could widen or narrow gaps between neighbourhoods.",
            replies=[
                (
                    practitioner,
                    "Our clinic hours. We close at 4:30, which works for retirees but not for "
                    "parents on shift work, and most of them live on the south side.",
                ),
                (
                    colleagues[0],
                    "Inspections: we respond to complaints, so the areas where people feel "
                    "comfortable calling get more attention. The case study on the neighbourhood "
                    "fighting polluting sites made me rethink that.",
                ),
                (
                    facilitator,
                    "Both are good starting points. Let's bring them to lunch and pick one to "
                    "look at with the community-relationships self-assessment.",
                ),
            ],
            days_ago=95,
        )
    if len(units) > 1:
        _thread(
            group,
            units[1],
            colleagues[1],
            "Frames we heard at the last community meeting",
            "At the budget hearing people kept saying health is about *personal choices*. "
            "Which frames from this unit could help us tell a different story?",
            replies=[
                (
                    colleagues[2],
                    "We could start from place: the same family does better or worse depending on "
                    "the block they can afford to live on.",
                )
            ],
            days_ago=62,
        )
    for position, person in enumerate(colleagues):
        _progress(
            person,
            units,
            complete=[3, 2, 1, 0][position],
            started=position != 3,
            score=80 + 5 * position,
        )
    return group


def _university_group(course, units, people) -> LearningGroup:
    instructor = people["imani.brooks@example.org"]
    students = [
        people[e]
        for e in ("kai.nakamura@example.org", "priya.raman@example.org", "sam.okafor@example.org")
    ]
    group = _group(
        name="Health Equity in Practice seminar (PH 640)",
        course=course,
        organization_name="Great Lakes School of Public Health",
        kind=LearningGroup.Kind.UNIVERSITY,
        state="WI",
        facilitator=instructor,
        description=(
            "A graduate seminar that uses the course as its core reading. Students complete a "
            "unit each week and bring a reflection to class."
        ),
        meeting_cadence="Thursdays, 2:00 to 3:30 pm, during the fall term",
    )
    for student in students:
        _member(group, student)
    start = timezone.localdate() - timedelta(days=14)
    for index, unit in enumerate(units[:4]):
        day = start + timedelta(days=7 * index)
        session = _session(
            group,
            unit,
            datetime.combine(day, time(14, 0), tzinfo=CHICAGO),
            time_zone="America/Chicago",
            duration=timedelta(minutes=90),
            place="Health Sciences Learning Center, room 1220",
        )
        if session.ends_at < timezone.now():
            for student in students:
                Attendance.objects.get_or_create(
                    session=session, user=student, defaults={"attended": True}
                )
    if units:
        _thread(
            group,
            units[0],
            students[0],
            "Reflection: unearned privilege in public health practice",
            "The workforce chapter asks us to notice advantages we did not earn. Mine: I have "
            "never had to wonder whether a clinic would have an interpreter for me.",
            replies=[(students[1], "Same here, and it changes how I read *no-show* rates.")],
            days_ago=12,
        )
    for position, student in enumerate(students):
        _progress(student, units, complete=position + 1, started=True, score=75 + 10 * position)
    return group


def _community_group(course, units, people) -> LearningGroup:
    organizer = people["rosa.delgado@example.org"]
    group = _group(
        name="Eastside Neighbors Learning Circle",
        course=course,
        organization_name="Eastside Neighbors for Health",
        kind=LearningGroup.Kind.COMMUNITY_ORGANIZATION,
        state="OH",
        facilitator=organizer,
        description=(
            "Residents and volunteers reading the course together so that we can speak with the "
            "health department and hospitals as partners. Everyone is welcome; no background "
            "in public health needed."
        ),
        meeting_cadence="Every other Saturday, 10:00 to 11:30, at the community center",
    )
    _member(group, people["andre.moss@example.org"])
    _member(group, people["bea.kowalski@example.org"], status=Membership.Status.PENDING)
    if units:
        day = timezone.localdate() + timedelta(days=10)
        _session(
            group,
            units[0],
            datetime.combine(day, time(10, 0), tzinfo=zoneinfo.ZoneInfo("America/New_York")),
            time_zone="America/New_York",
            duration=timedelta(minutes=90),
            place="Eastside Community Center, 1400 E 55th St",
            online_url="https://meet.example.org/eastside-circle",
        )
    _thread(
        group,
        None,
        organizer,
        "What would we want the health department to hear?",
        "Write down one thing you wish the people who plan health programs knew about living "
        "on the east side. We will gather them into a letter at the end of the course.",
        replies=[
            (
                people["andre.moss@example.org"],
                "That the bus to the clinic takes an hour each way, and nobody asks.",
            )
        ],
        days_ago=3,
    )
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
    units = list(course.units.order_by("number"))
    people = {email: _person(email, name, org) for email, name, org in PEOPLE}
    groups = [
        _county_group(course, units, facilitator, practitioner, people),
        _university_group(course, units, people),
        _community_group(course, units, people),
    ]
    log(
        f"learning groups: {len(groups)} groups, {Session.objects.filter(group__in=groups).count()}"
        f" sessions, {Thread.objects.filter(board__group__in=groups).count()} threads"
    )
