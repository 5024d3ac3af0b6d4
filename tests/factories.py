"""Factories shared by every app's tests."""

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from roots.models import Organization, User
from roots.permissions import EDITORS_GROUP, PUBLISHERS_GROUP

PASSWORD = "a-long-test-passphrase"


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"County Health Department {n}")
    kind = Organization.Kind.LOCAL_HEALTH_DEPARTMENT
    city = "Springfield"
    state = "IL"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name")
    organization = factory.SubFactory(OrganizationFactory)
    discipline = User.Discipline.NURSE
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    class Params:
        verified = factory.Trait(
            email_address=factory.RelatedFactory(
                "tests.factories.EmailAddressFactory", factory_related_name="user", verified=True
            )
        )
        unverified = factory.Trait(
            email_address=factory.RelatedFactory(
                "tests.factories.EmailAddressFactory", factory_related_name="user", verified=False
            )
        )
        staff = factory.Trait(is_staff=True)

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.set(Group.objects.get_or_create(name=name)[0] for name in extracted)
        if create:
            self.save()


class EmailAddressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EmailAddress

    user = factory.SubFactory(UserFactory)
    email = factory.SelfAttribute("user.email")
    primary = True
    verified = True


def editor(**kwargs):
    return UserFactory(verified=True, staff=True, groups=[EDITORS_GROUP], **kwargs)


def publisher(**kwargs):
    return UserFactory(verified=True, staff=True, groups=[PUBLISHERS_GROUP], **kwargs)
