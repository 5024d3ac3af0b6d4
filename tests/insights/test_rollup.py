"""Organization roll-ups: who may see them, the figures, and never another organization's people."""

import csv
import io
from decimal import Decimal

import pytest
from django.contrib.admin.sites import site as admin_site
from django.db import IntegrityError
from django.urls import reverse

from courses.certificates.models import Certificate
from courses.models import Enrollment, LessonCompletion
from devtools.demo import roots as demo
from insights import rollup
from insights.analytics.periods import period_for
from roots.models import OrganizationAdministrator
from tests.certificates.factories import CertificateFactory
from tests.courses.factories import build_course
from tests.factories import OrganizationFactory, UserFactory
from tests.groups.factories import LearningGroupFactory, MembershipFactory, SessionFactory
from tests.insights.factories import OrganizationAdministratorFactory, month_start, months_ago

pytestmark = pytest.mark.django_db


@pytest.fixture
def lakeside(db):
    return OrganizationFactory(name="Lakeside County Health Department")


@pytest.fixture
def riverbend(db):
    return OrganizationFactory(name="Riverbend State Department of Public Health")


@pytest.fixture
def administrator(lakeside):
    return OrganizationAdministratorFactory(
        organization=lakeside, user__time_zone="UTC", user__organization=lakeside
    ).user


def _csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def _complete_course_unit(user, course, *, completed_at):
    unit = course.units.order_by("number").first()
    for lesson in unit.lessons.all():
        completion = LessonCompletion.objects.create(user=user, lesson=lesson)
        LessonCompletion.objects.filter(pk=completion.pk).update(completed_at=completed_at)


@pytest.fixture
def world(lakeside, riverbend, administrator):
    """Two Lakeside people with progress, a Riverbend person with more, and a Lakeside group that
    has a Riverbend member."""
    course = build_course(units=2, lessons=2, questions=0)
    ada = UserFactory(full_name="Ada Lakeside", organization=lakeside, verified=True)
    bo = UserFactory(full_name="Bo Lakeside", organization=lakeside, verified=True)
    rita = UserFactory(full_name="Rita Riverbend", organization=riverbend, verified=True)
    for person in (ada, bo, rita):
        Enrollment.objects.create(user=person, course=course)
    _complete_course_unit(ada, course, completed_at=months_ago(1))
    _complete_course_unit(rita, course, completed_at=months_ago(1))
    Enrollment.objects.filter(user=rita).update(completed_at=months_ago(1))
    group = LearningGroupFactory(organization=lakeside, name="Lakeside brown-bag", course=course)
    MembershipFactory(group=group, user=ada, facilitator=True)
    MembershipFactory(group=group, user=rita)
    SessionFactory(group=group, starts_at=months_ago(1))
    for person in (ada, rita):
        certificate = CertificateFactory(learner=person, course=course, pdf="certificates/x.pdf")
        Certificate.objects.filter(pk=certificate.pk).update(
            status=Certificate.Status.ISSUED, issued_on=months_ago(1).date()
        )
    LearningGroupFactory(organization=riverbend, name="Riverbend circle", course=course)
    return {"course": course, "ada": ada, "bo": bo, "rita": rita, "group": group}


# Who may look


def test_rollup_sends_anonymous_visitors_to_sign_in(client, lakeside):
    for url in (
        reverse("insights:organization_list"),
        reverse("insights:organization_detail", args=[lakeside.pk]),
        reverse("insights:organization_csv", args=[lakeside.pk, "members"]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_rollup_is_not_found_for_someone_who_administers_nothing(client, practitioner, lakeside):
    client.force_login(practitioner)
    assert client.get(reverse("insights:organization_list")).status_code == 404
    assert (
        client.get(reverse("insights:organization_detail", args=[lakeside.pk])).status_code == 404
    )


def test_rollup_of_another_organization_is_not_found_for_an_administrator(
    client, administrator, riverbend, world
):
    client.force_login(administrator)
    assert (
        client.get(reverse("insights:organization_detail", args=[riverbend.pk])).status_code == 404
    )
    for table in ("members", "group-list", "learning"):
        url = reverse("insights:organization_csv", args=[riverbend.pk, table])
        assert client.get(url).status_code == 404


def test_rollup_list_shows_an_administrator_only_their_organizations(
    client, administrator, lakeside, riverbend
):
    client.force_login(administrator)
    text = client.get(reverse("insights:organization_list")).text
    assert lakeside.name in text
    assert riverbend.name not in text


def test_rollup_list_and_pages_are_open_to_staff_for_every_organization(
    client, staff_user, lakeside, riverbend, world
):
    client.force_login(staff_user)
    text = client.get(reverse("insights:organization_list")).text
    assert lakeside.name in text
    assert riverbend.name in text
    response = client.get(reverse("insights:organization_detail", args=[riverbend.pk]))
    assert response.status_code == 200
    assert "Rita Riverbend" in response.text


# What an administrator sees


def test_rollup_shows_the_organizations_groups_people_and_months(
    client, administrator, lakeside, world
):
    client.force_login(administrator)
    response = client.get(reverse("insights:organization_detail", args=[lakeside.pk]))
    text = response.text
    assert response.status_code == 200
    assert "Lakeside brown-bag" in text
    assert "Riverbend circle" not in text
    assert "Ada Lakeside" in text
    assert "Bo Lakeside" in text
    assert '<svg class="chart"' in text
    assert "style=" not in text


def test_rollup_never_names_people_of_another_organization(client, administrator, lakeside, world):
    client.force_login(administrator)
    pages = [client.get(reverse("insights:organization_detail", args=[lakeside.pk])).text]
    for table in ("members", "group-list", "learning", "groups", "ce-hours"):
        pages.append(
            client.get(reverse("insights:organization_csv", args=[lakeside.pk, table])).text
        )
    for page in pages:
        assert "Rita Riverbend" not in page
        assert world["rita"].email not in page


def test_rollup_member_figures_match_hand_made_data(lakeside, administrator, world):
    members = rollup.organization_members(lakeside)
    table = rollup.member_table(
        members, units_by_user=rollup.unit_completions_by_user(organization_id=lakeside.pk)
    )
    by_name = {row[0]: row for row in table.rows}
    assert set(by_name) == {"Ada Lakeside", "Bo Lakeside", administrator.full_name}
    # enrolments, lessons, units and courses completed, certificates, CE hours
    assert by_name["Ada Lakeside"][3:] == [1, 2, 1, 0, 1, Decimal("6.00")]
    assert by_name["Bo Lakeside"][3:] == [1, 0, 0, 0, 0, Decimal(0)]
    assert by_name[administrator.full_name][3:] == [0, 0, 0, 0, 0, Decimal(0)]


def test_rollup_monthly_figures_count_only_the_organizations_people(lakeside, world):
    period = period_for(12)
    learning, ce_hours, groups = rollup.monthly_tables(lakeside, period)
    last_month = month_start(months_ago(1))
    row = next(row for row in learning.rows if row[0] == last_month)
    assert row[2:] == [1, 0]  # Ada's unit; Rita's unit and course are Riverbend's
    row = next(row for row in ce_hours.rows if row[0] == last_month)
    assert row[1:] == [Decimal("6.00"), 1]  # Ada's certificate, not Rita's
    assert sum(row[2] for row in ce_hours.rows) == 1
    row = next(row for row in groups.rows if row[0] == last_month)
    assert row[1:3] == [1, 1]


def test_rollup_groups_count_outside_members_without_naming_them(lakeside, world):
    table = rollup.group_table(rollup.organization_groups(lakeside))
    assert table.rows == [["Lakeside brown-bag", world["course"].title, 2, 1, 1]]


def test_rollup_members_csv_lists_every_person_of_the_organization(
    client, administrator, lakeside, world
):
    client.force_login(administrator)
    response = client.get(reverse("insights:organization_csv", args=[lakeside.pk, "members"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = _csv_rows(response)
    assert rows[0][:3] == ["Name", "E-mail", "Discipline"]
    names = sorted(row[0] for row in rows[1:])
    assert names == sorted(["Ada Lakeside", "Bo Lakeside", administrator.full_name])


def test_rollup_csv_of_an_unknown_table_is_not_found(client, administrator, lakeside):
    client.force_login(administrator)
    url = reverse("insights:organization_csv", args=[lakeside.pk, "nothing"])
    assert client.get(url).status_code == 404


def test_rollup_csv_neutralizes_names_that_look_like_formulas(client, administrator, lakeside):
    UserFactory(full_name='=HYPERLINK("http://evil.example")', organization=lakeside)
    client.force_login(administrator)
    rows = _csv_rows(
        client.get(reverse("insights:organization_csv", args=[lakeside.pk, "members"]))
    )
    assert [row[0] for row in rows if "HYPERLINK" in row[0]] == [
        '\'=HYPERLINK("http://evil.example")'
    ]


def test_profile_links_an_administrator_to_their_organization(client, administrator, lakeside):
    client.force_login(administrator)
    text = client.get(reverse("profile")).text
    assert reverse("insights:organization_detail", args=[lakeside.pk]) in text
    assert reverse("insights:staff_analytics") not in text


def test_profile_links_staff_to_analytics_and_organizations(client, staff_user):
    client.force_login(staff_user)
    text = client.get(reverse("profile")).text
    assert reverse("insights:staff_analytics") in text
    assert reverse("insights:organization_list") in text


@pytest.mark.parametrize("size", [2, 12])
def test_rollup_page_query_count_does_not_grow_with_people(
    client, administrator, lakeside, django_assert_max_num_queries, size
):
    course = build_course(units=2, lessons=2, questions=1)
    for n in range(size):
        person = UserFactory(organization=lakeside, verified=True)
        Enrollment.objects.create(user=person, course=course)
        _complete_course_unit(person, course, completed_at=months_ago(n % 6))
        group = LearningGroupFactory(organization=lakeside, course=course)
        MembershipFactory(group=group, user=person)
        SessionFactory(group=group, past=True)
        CertificateFactory(learner=person, course=course)
    client.force_login(administrator)
    with django_assert_max_num_queries(13):
        response = client.get(reverse("insights:organization_detail", args=[lakeside.pk]))
    assert response.status_code == 200


# The model, the admin, the demo


def test_organization_administrator_is_unique_per_person_and_organization(administrator, lakeside):
    with pytest.raises(IntegrityError):
        OrganizationAdministrator.objects.create(organization=lakeside, user=administrator)


def test_organization_administrator_admin_lists_and_searches(client, superuser, administrator):
    assert OrganizationAdministrator in admin_site._registry
    client.force_login(superuser)
    url = reverse("admin:roots_organizationadministrator_changelist")
    response = client.get(url, {"q": administrator.email})
    assert response.status_code == 200
    assert administrator.email in response.text
    organization = administrator.administered_organizations.get().organization
    response = client.get(reverse("admin:roots_organization_change", args=[organization.pk]))
    assert response.status_code == 200
    assert "organization administrators" in response.text.lower()


def test_demo_makes_the_facilitator_administrator_of_lakeside_once():
    demo.seed(log=lambda line: None)
    demo.seed(log=lambda line: None)
    administrator = OrganizationAdministrator.objects.get()
    assert administrator.user.email == "facilitator@example.org"
    assert administrator.organization.name == "Lakeside County Health Department"
