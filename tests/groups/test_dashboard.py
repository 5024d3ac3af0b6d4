"""The facilitator's dashboard: members x units grid, attendance, CSV; constant queries."""

import csv
import io

import pytest
from django.urls import reverse

from courses.models import CheckAttempt, LessonCompletion
from courses.selectors import UnitState
from groups.selectors import group_progress
from tests.courses.factories import build_course, complete_unit, spend_time

from .factories import AttendanceFactory, MembershipFactory, SessionFactory

pytestmark = pytest.mark.django_db


def _cells(grid, user):
    row = next(r for r in grid.rows if r.membership.user_id == user.pk)
    return row.units


def test_grid_states_follow_lessons_and_knowledge_check(group, member):
    unit1, unit2, unit3 = group.course.units.order_by("number")
    complete_unit(member, unit1, score=60, passed=False)
    CheckAttempt.objects.create(user=member, unit=unit1, score=85, passed=True)
    LessonCompletion.objects.create(user=member, lesson=unit2.lessons.first())
    for lesson in unit3.lessons.all():
        LessonCompletion.objects.create(user=member, lesson=lesson)  # check not passed yet

    cells = _cells(group_progress(group), member)
    assert [c.state for c in cells] == [
        UnitState.COMPLETE,
        UnitState.IN_PROGRESS,
        UnitState.IN_PROGRESS,
    ]
    assert cells[0].best_score == 85
    assert (cells[1].lessons_done, cells[1].lessons_total) == (1, 2)
    assert cells[2].best_score is None


def test_grid_unit_without_a_check_is_complete_with_its_lessons(facilitator, member):
    from groups import services

    course = build_course(units=1, lessons=2, questions=0)
    group = services.group_create(creator=facilitator, course=course, name="G", kind="other")
    complete_unit(member, course.units.get())
    row_member = group_progress(group)
    assert all(r.membership.user_id != member.pk for r in row_member.rows)  # not a member yet
    MembershipFactory(group=group, user=member)
    assert _cells(group_progress(group), member)[0].state == UnitState.COMPLETE


def test_grid_ignores_progress_in_other_courses_and_former_members(group, member):
    other = build_course(units=1, lessons=2, questions=1)
    complete_unit(member, other.units.get())
    former = MembershipFactory(group=group, status="left").user
    complete_unit(former, group.course.units.get(number=1))
    grid = group_progress(group)
    assert {c.state for c in _cells(grid, member)} == {UnitState.NOT_STARTED}
    assert former.pk not in {r.membership.user_id for r in grid.rows}


def test_grid_counts_sessions_attended(group, member):
    for attended in (True, True, False):
        AttendanceFactory(
            session=SessionFactory(group=group, past=True), user=member, attended=attended
        )
    grid = group_progress(group)
    assert grid.sessions_held == 3
    assert next(r for r in grid.rows if r.membership.user_id == member.pk).sessions_attended == 2


def test_certificate_column_shows_who_holds_an_issued_certificate(
    client, group, member, facilitator
):
    from courses.certificates.models import Certificate
    from tests.certificates.factories import CertificateFactory

    CertificateFactory(
        learner=member,
        course=group.course,
        status=Certificate.Status.ISSUED,
        pdf="certificates/test.pdf",
    )
    CertificateFactory(learner=facilitator, course=group.course, status=Certificate.Status.PENDING)
    grid = group_progress(group)
    holders = {r.membership.user_id: r.certificate for r in grid.rows}
    assert holders == {member.pk: True, facilitator.pk: False}
    client.force_login(facilitator)
    response = client.get(reverse("groups:dashboard_csv", args=[group.slug]))
    rows = list(csv.DictReader(io.StringIO(response.content.decode().lstrip("\ufeff"))))
    by_email = {row["E-mail"]: row["Certificate"] for row in rows}
    assert by_email == {member.email: "yes", facilitator.email: "no"}


def test_dashboard_page_shows_grid_and_attendance(client, group, facilitator, member):
    complete_unit(member, group.course.units.get(number=1), score=92)
    session = SessionFactory(group=group, past=True, title="January lunch")
    AttendanceFactory(session=session, user=member)
    client.force_login(facilitator)
    content = client.get(reverse("groups:dashboard", args=[group.slug])).content.decode()
    assert "Pat Member" in content
    assert "✓ Complete" in content
    assert "check 92%" in content
    assert "January lunch" in content
    assert "1 of 1" in content


def test_dashboard_grid_pages_through_large_groups_but_totals_count_everyone(
    client, group, facilitator
):
    from groups.views.dashboard import MEMBERS_PER_PAGE

    unit = group.course.units.get(number=1)
    for membership in MembershipFactory.create_batch(MEMBERS_PER_PAGE + 5, group=group):
        complete_unit(membership.user, unit)
    total = MEMBERS_PER_PAGE + 6  # and the facilitator
    client.force_login(facilitator)
    url = reverse("groups:dashboard", args=[group.slug])
    first = client.get(url).content.decode()
    second = client.get(url + "?page=2").content.decode()
    assert first.count('<th scope="row">') - 1 == MEMBERS_PER_PAGE  # minus the totals row
    assert second.count('<th scope="row">') - 1 == 6
    assert f"members 1 to {MEMBERS_PER_PAGE} of {total}" in first
    assert f"{total - 1} of {total}" in first  # unit 1 complete: every member but the facilitator
    assert 'aria-label="Pages of members"' in first
    assert f"members {MEMBERS_PER_PAGE + 1} to {total} of {total}" in second


def test_dashboard_csv_has_a_row_per_member_and_neutralizes_formulas(
    client, group, facilitator, member
):
    member.full_name = '=HYPERLINK("http://evil")'
    member.save()
    complete_unit(member, group.course.units.get(number=1), score=88)
    client.force_login(facilitator)
    response = client.get(reverse("groups:dashboard_csv", args=[group.slug]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, *body = rows
    assert header[:6] == [
        "Name",
        "E-mail",
        "Role",
        "Unit 1 status",
        "Unit 1 lessons done",
        "Unit 1 best score (%)",
    ]
    assert header[-2:] == ["Certificate", "Sessions attended"]
    assert len(body) == 2
    member_row = next(r for r in body if r[1] == member.email)
    assert member_row[0].startswith("'=")
    assert member_row[3:6] == ["Complete", "2/2", "88"]


def test_dashboard_shows_each_members_time_on_the_course(client, group, facilitator, member):
    unit = group.course.units.get(number=1)
    spend_time(member, unit.lessons.all(), seconds=37 * 60 + 30)  # 1 h 15 min in all
    other_course = build_course(units=1, lessons=1, questions=0)
    spend_time(member, other_course.units.get().lessons.all(), seconds=3600)  # not this course
    client.force_login(facilitator)
    content = client.get(reverse("groups:dashboard", args=[group.slug])).content.decode()
    assert '<th scope="col">Time on the course</th>' in content
    assert "<td>1 h 15 min</td>" in content
    assert "<td>0 min</td>" in content  # the facilitator, who spent none

    response = client.get(reverse("groups:dashboard_csv", args=[group.slug]))
    header, *body = csv.reader(io.StringIO(response.content.decode("utf-8-sig")))
    column = header.index("Time on the course (minutes)")
    assert {row[1]: row[column] for row in body}[member.email] == "75"


@pytest.mark.parametrize("members", [5, 50])
def test_dashboard_queries_are_constant_in_members_and_units(
    client, facilitator, members, django_assert_max_num_queries
):
    from groups import services

    course = build_course(units=5 if members > 5 else 2, lessons=3, questions=1)
    group = services.group_create(creator=facilitator, course=course, name="Big", kind="other")
    units = list(course.units.all())
    for index, membership in enumerate(MembershipFactory.create_batch(members, group=group)):
        complete_unit(membership.user, units[index % len(units)], score=70 + index % 30)
        spend_time(membership.user, units[index % len(units)].lessons.all())
        AttendanceFactory(session__group=group, user=membership.user)
    client.force_login(facilitator)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("groups:dashboard", args=[group.slug])).status_code == 200
    with django_assert_max_num_queries(11):
        assert client.get(reverse("groups:dashboard_csv", args=[group.slug])).status_code == 200


@pytest.mark.parametrize("members", [5, 50])
def test_group_page_queries_do_not_grow_with_members(
    client, group, facilitator, members, django_assert_max_num_queries
):
    MembershipFactory.create_batch(members, group=group)
    SessionFactory.create_batch(3, group=group)
    client.force_login(facilitator)
    with django_assert_max_num_queries(16):
        assert client.get(group.get_absolute_url()).status_code == 200
