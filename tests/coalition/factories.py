import datetime

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from coalition.models import (
    Event,
    Goal,
    GoalStatus,
    GoalUpdate,
    Page,
    Partner,
    Report,
    ReportComment,
    ReportSection,
)
from devtools.demo.files import cover_png, simple_pdf
from tests.factories import UserFactory


def pdf_upload(name="report.pdf", lines=("A test report",)):
    return SimpleUploadedFile(name, simple_pdf(list(lines)), content_type="application/pdf")


def png_upload(name="cover.png", title="Cover"):
    return SimpleUploadedFile(name, cover_png(title), content_type="image/png")


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Report
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Status of Health Equity {2000 + n}")
    slug = factory.Sequence(lambda n: f"status-of-health-equity-{2000 + n}")
    year = 2020
    summary = "How the conditions of daily life shape health."
    key_findings = "Housing matters.\nFood matters."
    state = Report.State.DRAFT
    section = factory.RelatedFactory("tests.coalition.factories.ReportSectionFactory", "report")

    class Params:
        in_review = factory.Trait(state=Report.State.IN_REVIEW)
        scheduled = factory.Trait(
            state=Report.State.SCHEDULED,
            publish_at=factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=1)),
        )
        published = factory.Trait(
            state=Report.State.PUBLISHED,
            published_at=factory.LazyFunction(timezone.now),
        )
        unpublished = factory.Trait(
            state=Report.State.UNPUBLISHED,
            published_at=factory.LazyFunction(timezone.now),
        )


class ReportSectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportSection

    report = factory.SubFactory(ReportFactory, section=None)
    position = factory.Sequence(lambda n: n + 1)
    heading = "What we heard"
    body = "Members told us that **housing** comes first."


class ReportCommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportComment

    report = factory.SubFactory(ReportFactory, published=True)
    author = factory.SubFactory(UserFactory, verified=True)
    body = "Our department used this report in a planning retreat."
    status = ReportComment.Status.APPROVED


class PageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Page

    slug = factory.Sequence(lambda n: f"page-{n}")
    title = "Our mission"
    summary = "Why the coalition exists."
    body = "## How we work\n\nThrough **partnerships**."


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Goal title {n}")
    description = "What the coalition aims to change."
    target_year = 2025


class GoalUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GoalUpdate

    goal = factory.SubFactory(GoalFactory)
    date = datetime.date(2022, 1, 1)
    status = GoalStatus.IN_PROGRESS
    note = "Work began."


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    name = factory.Sequence(lambda n: f"Partner Organization {n}")
    tier = Partner.Tier.MEMBER
    sector = Partner.Sector.NONPROFIT
    year_joined = 2018
    website = "https://example.org/"


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"Webinar {n}")
    slug = factory.Sequence(lambda n: f"webinar-{n}")
    kind = Event.Kind.WEBINAR
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=10))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=1))
    time_zone = "America/Chicago"
    online_url = "https://example.org/webinar"
    description = "An hour with members."

    class Params:
        past = factory.Trait(
            starts_at=factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=30))
        )
