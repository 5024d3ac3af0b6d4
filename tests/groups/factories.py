"""Factories for learning groups; the courses they take come from `tests.courses.factories`."""

from datetime import timedelta

import factory
from django.utils import timezone

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
from roots.text import POST, render
from tests.courses.factories import CourseFactory
from tests.factories import OrganizationFactory, UserFactory


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
    # A factory group stands for an established one, vouched for by staff; a group a user makes
    # for themselves (services.group_create) is not, nor is one with the `unapproved` trait.
    approved_at = factory.LazyFunction(timezone.now)

    class Params:
        unapproved = factory.Trait(approved_at=None)


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
