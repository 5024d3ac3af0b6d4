"""Demo people and organizations. Idempotent: keyed on e-mail and organization name."""

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from .models import Organization, OrganizationAdministrator, User
from .permissions import EDITORS_GROUP, PUBLISHERS_GROUP

DEMO_PASSWORD = "roots-demo"  # noqa: S105 - published demo credentials, development only

ORGANIZATIONS = [
    (
        "Lakeside County Health Department",
        Organization.Kind.LOCAL_HEALTH_DEPARTMENT,
        "Waukegan",
        "IL",
    ),
    (
        "Riverbend State Department of Public Health",
        Organization.Kind.STATE_HEALTH_DEPARTMENT,
        "Springfield",
        "IL",
    ),
    ("Great Lakes School of Public Health", Organization.Kind.UNIVERSITY, "Madison", "WI"),
    ("Eastside Neighbors for Health", Organization.Kind.COMMUNITY_ORGANIZATION, "Cleveland", "OH"),
    ("Northcoast Health System", Organization.Kind.HEALTH_SYSTEM, "Cleveland", "OH"),
]

PEOPLE = [
    # email, full name, organization index, discipline, staff, superuser, groups
    (
        "admin@example.org",
        "Alex Admin",
        1,
        User.Discipline.ADMINISTRATOR,
        True,
        True,
        [PUBLISHERS_GROUP],
    ),
    (
        "editor@example.org",
        "Elena Editor",
        4,
        User.Discipline.HEALTH_EDUCATOR,
        True,
        False,
        [EDITORS_GROUP],
    ),
    (
        "facilitator@example.org",
        "Farah Facilitator",
        0,
        User.Discipline.HEALTH_EDUCATOR,
        False,
        False,
        [],
    ),
    ("practitioner@example.org", "Pat Practitioner", 0, User.Discipline.NURSE, False, False, []),
]


def seed(log=print):
    organizations = []
    for name, kind, city, state in ORGANIZATIONS:
        organization, _ = Organization.objects.update_or_create(
            name=name, city=city, state=state, defaults={"kind": kind}
        )
        organizations.append(organization)
    groups = {
        name: Group.objects.get_or_create(name=name)[0]
        for name in (EDITORS_GROUP, PUBLISHERS_GROUP)
    }
    for email, full_name, org_index, discipline, staff, superuser, group_names in PEOPLE:
        user, created = User.objects.get_or_create(email=email)
        user.full_name = full_name
        user.organization = organizations[org_index]
        user.discipline = discipline
        user.is_staff = staff
        user.is_superuser = superuser
        if created:
            user.set_password(DEMO_PASSWORD)
        user.save()
        user.groups.set([groups[name] for name in group_names])
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
    # The facilitator also administers her health department: she sees its roll-up.
    administrators = [("facilitator@example.org", 0)]
    for email, org_index in administrators:
        OrganizationAdministrator.objects.get_or_create(
            organization=organizations[org_index], user=User.objects.get(email=email)
        )
    log(
        f"people: {len(PEOPLE)} demo accounts, {len(organizations)} organizations, "
        f"{len(administrators)} organization administrator"
    )
