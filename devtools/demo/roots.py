"""Demo people and organizations (content/roots.yaml). Idempotent: keyed on e-mail and
organization name."""

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from roots.models import Organization, OrganizationAdministrator, User
from roots.permissions import EDITORS_GROUP, PUBLISHERS_GROUP

from . import data

DEMO_PASSWORD = "roots-demo"  # noqa: S105 - published demo credentials, development only


def seed(log=print):
    content = data.load("roots.yaml")
    organizations = {}
    for record in content["organizations"]:
        organization, _ = Organization.objects.update_or_create(
            name=record["name"],
            city=record["city"],
            state=record["state"],
            defaults={"kind": Organization.Kind(record["kind"])},
        )
        organizations[record["name"]] = organization
    groups = {
        name: Group.objects.get_or_create(name=name)[0]
        for name in (EDITORS_GROUP, PUBLISHERS_GROUP)
    }
    for person in content["people"]:
        user, created = User.objects.get_or_create(email=person["email"])
        user.full_name = person["full_name"]
        user.organization = organizations[person["organization"]]
        user.discipline = User.Discipline(person["discipline"])
        user.credential_number = person.get("credential_number", "")
        user.is_staff = person["staff"]
        user.is_superuser = person["superuser"]
        if created:
            user.set_password(DEMO_PASSWORD)
        user.save()
        user.groups.set([groups[name] for name in person["groups"]])
        EmailAddress.objects.update_or_create(
            user=user, email=person["email"], defaults={"verified": True, "primary": True}
        )
    for record in content["administrators"]:
        OrganizationAdministrator.objects.get_or_create(
            organization=organizations[record["organization"]],
            user=User.objects.get(email=record["email"]),
        )
    log(
        f"people: {len(content['people'])} demo accounts, {len(organizations)} organizations, "
        f"{len(content['administrators'])} organization administrator"
    )
