"""Factories for learning groups, and the few course rows they need (courses keeps its own)."""

from datetime import timedelta

import factory
from django.utils import timezone

from courses.models import CheckAttempt, CheckQuestion, Course, Lesson, LessonCompletion, Unit
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
from resources.models import Resource
from roots.text import POST, render
from tests.factories import OrganizationFactory, UserFactory


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course

    title = factory.Sequence(lambda n: f"Roots of Health Inequity {n}")
    slug = factory.Sequence(lambda n: f"roots-{n}")
    summary = "A course on the root causes of health inequity."
    published = True


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    course = factory.SubFactory(CourseFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Unit title {n}")
    overview = "What this unit is about."
    discussion_questions = "What stood out for you?\nWhere do you see this in your work?"


class LessonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lesson

    unit = factory.SubFactory(UnitFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Lesson {n}")
    slug = factory.Sequence(lambda n: f"lesson-{n}")
    body = "Lesson text."


class CheckQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CheckQuestion

    unit = factory.SubFactory(UnitFactory)
    text = "Which is a root cause?"


def course_with_units(units: int = 3, lessons: int = 2, questions: bool = True) -> Course:
    """A published course whose units each have `lessons` lessons and, if asked, a check."""
    course = CourseFactory()
    for number in range(1, units + 1):
        unit = UnitFactory(course=course, number=number, title=f"Unit {number} title")
        for position in range(1, lessons + 1):
            LessonFactory(unit=unit, position=position, slug=f"u{number}-l{position}")
        if questions:
            CheckQuestionFactory(unit=unit)
    return course


def complete_unit(user, unit, *, score: int = 90, passed: bool = True) -> None:
    for lesson in unit.lessons.all():
        LessonCompletion.objects.get_or_create(user=user, lesson=lesson)
    if unit.questions.exists():
        CheckAttempt.objects.create(user=user, unit=unit, score=score, passed=passed)


class LearningGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LearningGroup

    course = factory.SubFactory(CourseFactory)
    name = factory.Sequence(lambda n: f"Health equity group {n}")
    slug = factory.Sequence(lambda n: f"health-equity-group-{n}")
    organization = factory.SubFactory(OrganizationFactory)
    kind = LearningGroup.Kind.LOCAL_HEALTH_DEPARTMENT
    state = "IL"
    listed = True


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    group = factory.SubFactory(LearningGroupFactory)
    user = factory.SubFactory(UserFactory, verified=True)
    role = Membership.Role.MEMBER
    status = Membership.Status.ACTIVE
    joined_at = factory.LazyFunction(timezone.now)

    class Params:
        facilitator = factory.Trait(role=Membership.Role.FACILITATOR)
        pending = factory.Trait(status=Membership.Status.PENDING, joined_at=None)


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    group = factory.SubFactory(LearningGroupFactory)
    email = factory.Sequence(lambda n: f"invitee{n}@example.org")


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    group = factory.SubFactory(LearningGroupFactory)
    title = factory.Sequence(lambda n: f"Brown-bag lunch {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    time_zone = "America/Chicago"
    duration = timedelta(hours=1)
    place = "Conference room B"

    class Params:
        past = factory.Trait(
            starts_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=7))
        )


class RSVPFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RSVP

    session = factory.SubFactory(SessionFactory)
    user = factory.SubFactory(UserFactory)
    response = RSVP.Response.YES


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    session = factory.SubFactory(SessionFactory, past=True)
    user = factory.SubFactory(UserFactory)
    attended = True


class BoardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Board
        django_get_or_create = ["group", "unit"]

    group = factory.SubFactory(LearningGroupFactory)
    unit = None


class ThreadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Thread

    board = factory.SubFactory(BoardFactory)
    author = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Discussion {n}")
    last_post_at = factory.LazyFunction(timezone.now)


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    thread = factory.SubFactory(ThreadFactory)
    author = factory.SubFactory(UserFactory)
    body = "I *agree* with this."
    body_html = factory.LazyAttribute(lambda post: render(post.body, POST))
    notified_at = factory.LazyFunction(timezone.now)


class ResourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resource
        django_get_or_create = ["catalog_number"]

    catalog_number = "NA616"
    title = "Roots of Health Inequity Facilitator's Guide"
    summary = "How to lead group discussions of the course."
    year = 2014
    file = factory.LazyAttribute(lambda r: f"resources/{r.catalog_number}/{r.catalog_number}.pdf")
    kind = Resource.Kind.GUIDE
    published = True
