"""Staff analytics: figures against hand-made data, time zones, who may look, CSV, query counts."""

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from courses.certificates.models import (
    Certificate,
    CreditType,
    EvaluationAnswer,
    EvaluationResponse,
)
from courses.models import CheckAttempt, Enrollment, LessonCompletion
from courses.selectors import UnitState, progress_grid
from insights.analytics import accounts, activity, completions, continuing_education, periods
from resources.models import DownloadCount
from roots.models import User
from tests.certificates.factories import (
    CertificateFactory,
    CreditRulesFactory,
    EvaluationItemFactory,
)
from tests.courses.factories import CourseFactory, LessonFactory, UnitFactory, build_course
from tests.factories import UserFactory
from tests.groups.factories import (
    AttendanceFactory,
    LearningGroupFactory,
    MembershipFactory,
    SessionFactory,
)
from tests.insights.factories import month_start, months_ago
from tests.resources.factories import ResourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def period():
    return periods.period_for(12)


def row_for(table, moment):
    month = month_start(moment)
    return next(row for row in table.rows if row[0] == month)


def joined(when, **kwargs):
    user = UserFactory(**kwargs)
    User.objects.filter(pk=user.pk).update(date_joined=when)
    return user


# Accounts


def test_registrations_counts_new_and_verified_accounts_by_month(period):
    for verified in (True, True, False):
        joined(months_ago(0), **({"verified": True} if verified else {"unverified": True}))
    joined(months_ago(2), verified=True)
    joined(months_ago(2))
    joined(months_ago(14), verified=True)  # before the period: only in the running total

    table = accounts.registrations(period)

    assert len(table.rows) == 12
    assert row_for(table, months_ago(0))[1:] == [3, 2, 67, 6]
    assert row_for(table, months_ago(2))[1:] == [2, 1, 50, 3]
    assert row_for(table, months_ago(1))[1:] == [0, 0, None, 3]
    assert table.rows[0][1:] == [0, 0, None, 1]


def test_registrations_months_are_the_viewers_calendar_months(period):
    # 03:00 UTC on the 1st is still the evening before in Chicago.
    early = months_ago(1, day=1, hour=3)
    joined(early)
    in_utc = accounts.registrations(period)
    with timezone.override("America/Chicago"):
        in_chicago = accounts.registrations(periods.period_for(12))
    assert row_for(in_utc, months_ago(1))[1] == 1
    assert row_for(in_chicago, months_ago(2))[1] == 1
    assert row_for(in_chicago, months_ago(1))[1] == 0


def test_key_figures_give_accounts_verified_share_and_groups(period):
    UserFactory(verified=True)
    UserFactory(unverified=True)
    UserFactory()
    UserFactory(verified=True)
    met = LearningGroupFactory()
    MembershipFactory(group=met)
    SessionFactory(group=met, past=True)
    MembershipFactory()  # a group with a member that never met
    LearningGroupFactory()  # nobody in it

    figures = accounts.key_figures(period)

    assert (figures.accounts, figures.verified, figures.verified_share) == (6, 4, 67)
    assert (figures.groups, figures.groups_met) == (2, 1)


# Learning


def _complete_lessons(user, unit, when):
    for lesson in unit.lessons.all():
        completion = LessonCompletion.objects.create(user=user, lesson=lesson)
        LessonCompletion.objects.filter(pk=completion.pk).update(completed_at=when)


def _attempt(user, unit, when, *, passed=True):
    attempt = CheckAttempt.objects.create(
        user=user, unit=unit, score=100 if passed else 0, passed=passed
    )
    CheckAttempt.objects.filter(pk=attempt.pk).update(submitted_at=when)


def test_learning_counts_enrolments_unit_and_course_completions_by_month(period):
    course = build_course(units=1, lessons=2, questions=1)
    checked = course.units.get()
    plain = UnitFactory(course=course, number=2)
    LessonFactory(unit=plain)
    ann, ben, cy, dee = (UserFactory(verified=True) for _ in range(4))

    # Ann: lessons last month, check passed this month -> unit complete this month; the plain
    # unit two months ago; enrolled two months ago; the course complete this month.
    _complete_lessons(ann, checked, months_ago(1))
    _attempt(ann, checked, months_ago(0))
    _complete_lessons(ann, plain, months_ago(2))
    enrollment = Enrollment.objects.create(user=ann, course=course)
    Enrollment.objects.filter(pk=enrollment.pk).update(
        enrolled_at=months_ago(2), completed_at=months_ago(0)
    )
    # Ben: every lesson, but the check failed -> nothing complete.
    _complete_lessons(ben, checked, months_ago(1))
    _attempt(ben, checked, months_ago(1), passed=False)
    # Cy: passed the check three months ago, finished the lessons last month -> last month.
    _attempt(cy, checked, months_ago(3))
    _complete_lessons(cy, checked, months_ago(1))
    # Dee: one lesson of two -> nothing.
    LessonCompletion.objects.create(user=dee, lesson=checked.lessons.first())

    table = completions.learning(period)

    assert row_for(table, months_ago(0))[1:] == [0, 1, 1]
    assert row_for(table, months_ago(1))[1:] == [0, 1, 0]
    assert row_for(table, months_ago(2))[1:] == [1, 1, 0]
    assert row_for(table, months_ago(3))[1:] == [0, 0, 0]
    # The same rule as the courses app's own progress.
    grid = progress_grid([ann, ben, cy, dee], course)
    complete = sum(
        cell.state == UnitState.COMPLETE for cells in grid.by_user.values() for cell in cells
    )
    assert complete == sum(row[2] for row in table.rows) == 3


def test_learning_leaves_out_completions_before_the_period(period):
    course = build_course(units=1, lessons=1, questions=0)
    _complete_lessons(UserFactory(), course.units.get(), months_ago(13))
    assert sum(row[2] for row in completions.learning(period).rows) == 0


def test_unit_completions_by_user_count_each_learners_units():
    course = build_course(units=2, lessons=1, questions=0)
    first, second = course.units.order_by("number")
    ann, ben = UserFactory(), UserFactory()
    _complete_lessons(ann, first, months_ago(0))
    _complete_lessons(ann, second, months_ago(0))
    _complete_lessons(ben, first, months_ago(0))
    by_user = completions.unit_completions_by_user(organization_id=ann.organization_id)
    assert by_user == {ann.pk: 2}


def test_unit_without_lessons_counts_in_the_month_its_check_was_first_passed(period):
    course = build_course(units=1, lessons=0, questions=1)
    unit = course.units.get()
    ann, ben = UserFactory(), UserFactory()
    _attempt(ann, unit, months_ago(2), passed=False)
    _attempt(ann, unit, months_ago(1))
    _attempt(ann, unit, months_ago(0))
    _attempt(ben, unit, months_ago(1), passed=False)

    table = completions.learning(period)

    assert [row_for(table, months_ago(n))[2] for n in (2, 1, 0)] == [0, 1, 0]
    grid = progress_grid([ann, ben], course)
    assert [grid.cell(user.pk, unit.pk).state for user in (ann, ben)] == [
        UnitState.COMPLETE,
        UnitState.IN_PROGRESS,
    ]


# Groups and the library


def test_group_activity_counts_sessions_held_groups_that_met_and_attendance(period):
    first, second = LearningGroupFactory(), LearningGroupFactory()
    held = SessionFactory(group=first, starts_at=months_ago(1))
    SessionFactory(group=first, starts_at=months_ago(1, day=20))
    SessionFactory(group=second, starts_at=months_ago(1, day=3))
    AttendanceFactory(session=held, attended=True)
    AttendanceFactory(session=held, attended=True)
    AttendanceFactory(session=held, attended=False)
    SessionFactory(group=second, starts_at=timezone.now() + timedelta(days=3))  # not held yet

    table = activity.group_activity(period)

    assert row_for(table, months_ago(1))[1:] == [3, 2, 2]
    assert sum(row[1] for row in table.rows) == 3


def test_top_downloads_ranks_resources_by_downloads_in_the_period(period, practitioner):
    popular, liked, old = (
        ResourceFactory(title="Popular"),
        ResourceFactory(title="Liked"),
        ResourceFactory(title="Old"),
    )
    today = timezone.localdate()
    for n in range(5):
        DownloadCount.objects.create(resource=popular, visitor_key=f"v{n}", day=today)
    DownloadCount.objects.create(resource=liked, user=practitioner, day=today)
    for n in range(2):
        DownloadCount.objects.create(resource=liked, visitor_key=f"w{n}", day=today)
    DownloadCount.objects.create(resource=old, visitor_key="x", day=today - timedelta(days=500))

    table = activity.top_downloads(period)

    assert [row[1:] for row in table.rows] == [["Popular", 5, 0, 5], ["Liked", 3, 1, 2]]


# Continuing education


def _certificate(when, *, credit_type=CreditType.CHES, hours="6.0", **kwargs):
    certificate = CertificateFactory(
        credit_type=credit_type, hours=Decimal(hours), pdf="certificates/x.pdf", **kwargs
    )
    Certificate.objects.filter(pk=certificate.pk).update(
        issued_on=when.date(), status=kwargs.get("status", Certificate.Status.ISSUED)
    )
    return certificate


def test_certificates_count_issued_ones_by_month_and_credit_type(period):
    course = CourseFactory()
    _certificate(months_ago(0), course=course)
    _certificate(months_ago(0), course=course, credit_type=CreditType.CNE, hours="4.5")
    _certificate(months_ago(2), course=course, credit_type=CreditType.CNE, hours="4.5")
    _certificate(months_ago(2), course=course, status=Certificate.Status.REVOKED)
    _certificate(months_ago(2), course=course, status=Certificate.Status.PENDING)
    _certificate(months_ago(13), course=course)  # before the period

    table = continuing_education.certificates(period)

    assert [str(column.label) for column in table.columns] == [
        "Month",
        "CHES",
        "CNE",
        "Contact hours",
    ]
    assert row_for(table, months_ago(0))[1:] == [1, 1, 10.5]
    assert row_for(table, months_ago(2))[1:] == [0, 1, 4.5]
    assert sum(row[1] + row[2] for row in table.rows) == 3


def test_evaluation_results_give_average_and_agreement_per_statement(period):
    rules = CreditRulesFactory(course=CourseFactory(title="Roots"))
    useful = EvaluationItemFactory(rules=rules, position=1, prompt="The course was useful.")
    clear = EvaluationItemFactory(rules=rules, position=2, prompt="The course was clear.")
    comments = EvaluationItemFactory(rules=rules, position=3, prompt="Comments", kind="text")
    for useful_rating, clear_rating in ((5, 2), (4, 3), (2, 3), (5, 5)):
        response = EvaluationResponse.objects.create(user=UserFactory(), rules=rules)
        EvaluationAnswer.objects.create(response=response, item=useful, rating=useful_rating)
        EvaluationAnswer.objects.create(response=response, item=clear, rating=clear_rating)
        EvaluationAnswer.objects.create(response=response, item=comments, text="Fine.")
    old = EvaluationResponse.objects.create(user=UserFactory(), rules=rules)
    EvaluationResponse.objects.filter(pk=old.pk).update(submitted_at=months_ago(13))
    EvaluationAnswer.objects.create(response=old, item=useful, rating=1)

    table = continuing_education.evaluation_results(period)

    assert table.rows == [
        ["Q1", "The course was useful.", "Roots", 4, 4.0, 75],
        ["Q2", "The course was clear.", "Roots", 4, 3.2, 25],
    ]


def test_period_for_accepts_the_offered_lengths_only():
    assert periods.period_for("24").length == 24
    assert len(periods.period_for("24").months) == 24
    assert periods.period_for("7").length == periods.DEFAULT_PERIOD
    assert periods.period_for("x").length == periods.DEFAULT_PERIOD
    months = periods.period_for(12).months
    assert months[-1] == timezone.localdate().replace(day=1)
    assert months == sorted(months)


# The page


@pytest.fixture
def staff(db):
    return UserFactory(verified=True, staff=True, time_zone="UTC")


def test_analytics_sends_anonymous_visitors_to_sign_in(client):
    for url in (
        reverse("insights:staff_analytics"),
        reverse("insights:staff_analytics_csv", args=["accounts"]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("role", ["practitioner", "unverified_user"])
def test_analytics_is_not_found_for_people_who_are_not_staff(client, role, request):
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("insights:staff_analytics")).status_code == 404
    assert client.get(reverse("insights:staff_analytics_csv", args=["accounts"])).status_code == 404


def test_analytics_shows_staff_every_section_with_charts_and_tables(client, staff):
    joined(months_ago(1), verified=True)
    client.force_login(staff)
    response = client.get(reverse("insights:staff_analytics"))
    text = response.text
    assert response.status_code == 200
    for heading in (
        "New accounts",
        "Enrolments and completions",
        "Certificates issued",
        "Learning group sessions",
        "Most downloaded resources",
        "Course evaluations",
    ):
        assert heading in text
    assert '<svg class="chart"' in text
    assert 'role="img"' in text
    assert "<title id=" in text
    assert "<desc id=" in text
    assert "style=" not in text
    assert "<script>" not in text
    assert reverse("insights:staff_analytics_csv", args=["accounts"]) + "?months=12" in text
    assert reverse("certificates:staff_evaluations") in text


def test_analytics_period_choice_changes_the_months_shown(client, staff):
    client.force_login(staff)
    response = client.get(reverse("insights:staff_analytics"), {"months": "24"})
    assert '<option value="24" selected>' in response.text
    assert response.context["period"].length == 24


def test_analytics_csv_holds_the_tables_figures(client, staff):
    joined(months_ago(1), verified=True)
    joined(months_ago(1))
    client.force_login(staff)
    response = client.get(
        reverse("insights:staff_analytics_csv", args=["accounts"]), {"months": "6"}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment;" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == [
        "Month",
        "New accounts",
        "Verified e-mail",
        "Verified share",
        "Accounts in all",
    ]
    assert len(rows) == 7
    last_month = month_start(months_ago(1)).strftime("%Y-%m")
    assert [last_month, "2", "1", "50", "2"] in rows


def test_analytics_csv_of_an_unknown_table_is_not_found(client, staff):
    client.force_login(staff)
    assert client.get(reverse("insights:staff_analytics_csv", args=["nothing"])).status_code == 404


def _activity(size: int):
    course = CourseFactory()
    rules = CreditRulesFactory(course=course)
    item = EvaluationItemFactory(rules=rules)
    unit = UnitFactory(course=course)
    lessons = [LessonFactory(unit=unit, position=n + 1) for n in range(2)]
    for n in range(size):
        user = UserFactory(verified=True)
        joined(months_ago(n % 12))
        Enrollment.objects.create(user=user, course=course)
        for lesson in lessons:
            LessonCompletion.objects.create(user=user, lesson=lesson)
        group = LearningGroupFactory(course=course)
        session = SessionFactory(group=group, past=True)
        AttendanceFactory(session=session, user=user)
        resource = ResourceFactory()
        DownloadCount.objects.create(resource=resource, user=user, day=timezone.localdate())
        _certificate(months_ago(n % 12), learner=user, course=course)
        response = EvaluationResponse.objects.create(user=user, rules=rules)
        EvaluationAnswer.objects.create(response=response, item=item, rating=n % 5 + 1)


@pytest.mark.parametrize("size", [2, 15])
def test_analytics_page_query_count_does_not_grow_with_data(
    client, staff, django_assert_max_num_queries, size
):
    _activity(size)
    client.force_login(staff)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("insights:staff_analytics"))
    assert response.status_code == 200
