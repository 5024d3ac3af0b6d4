"""Accreditor profiles and the certificate check: each seeded profile's certificate, rendered
for real and read back, carries every element the profile requires; a certificate missing any
one of them is refused, and the refusal names what is missing and who must add it."""

import io
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pypdf
import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format

from courses.certificates import selectors, services
from courses.certificates.models import (
    AccreditorProfile,
    Attestation,
    Certificate,
    CertificateElement,
    CreditOffering,
    EvaluationResponse,
    LearnerField,
    PostTestAttempt,
)
from courses.certificates.services.check import certificate_check
from courses.models import LessonCompletion
from tests.factories import UserFactory

from .conftest import make_ready
from .factories import (
    CertificateFactory,
    CreditOfferingFactory,
    CreditRulesFactory,
    LessonFactory,
    ProviderFactory,
    UnitFactory,
    seeded_profile,
)

pytestmark = pytest.mark.django_db

SEEDED = ["ches", "cph", "cne", "cme", "completion"]


def pdf_page(name: str) -> pypdf.PageObject:
    with default_storage.open(name, "rb") as handle:
        reader = pypdf.PdfReader(io.BytesIO(handle.read()))
    assert len(reader.pages) == 1
    return reader.pages[0]


def words(text: str) -> str:
    return " ".join(text.split())


def learner(**kwargs):
    defaults = {
        "verified": True,
        "full_name": "Jordan Okafor",
        "credential_number": "CH-777001",
        "dob_month": 5,
        "dob_day": 17,
        "time_zone": "America/Chicago",
    }
    return UserFactory(**{**defaults, **kwargs})


def test_five_profiles_are_seeded_for_the_accreditors_the_issue_names():
    profiles = {profile.credit_type: profile for profile in AccreditorProfile.objects.all()}
    assert sorted(profiles) == sorted(SEEDED)
    assert "NCHEC" in profiles["ches"].accreditor
    assert profiles["ches"].asks(LearnerField.CREDENTIAL_NUMBER)
    assert profiles["ches"].requires(CertificateElement.PROVIDER_NUMBER)
    assert profiles["ches"].requires(CertificateElement.ACTIVITY_NUMBER)
    assert profiles["cph"].daily_cap_hours == Decimal("8.00")
    assert profiles["cne"].requires(CertificateElement.PROVIDER_ADDRESS)
    assert profiles["cme"].asks(LearnerField.BIRTH_DAY)
    assert profiles["cme"].credit_unit == "AMA PRA Category 1 Credits™"
    assert profiles["completion"].statement == ""


@pytest.mark.parametrize("credit_type", SEEDED)
def test_each_seeded_profile_renders_a_certificate_carrying_every_required_element(
    rules, credit_type
):
    rules.provider = ProviderFactory(signed=True)
    rules.save()
    if credit_type == "ches":
        offering = rules.offerings.get()
        offering.accreditation_statement = ""
        offering.save()
    else:
        offering = CreditOfferingFactory(
            rules=rules, credit_type=credit_type, accreditation_statement=""
        )
    profile = offering.profile
    person = make_ready(learner(), rules)
    certificate = services.certificate_claim(
        user=person, course=rules.course, credit_type=credit_type
    )
    assert certificate_check(certificate=certificate, profile=profile) == []
    services.certificate_render(certificate_id=certificate.pk)
    certificate.refresh_from_db()
    page = pdf_page(certificate.pdf.name)
    text = words(page.extract_text())
    # The profile's statement, with the provider and hours put in.
    assert "{provider}" not in certificate.accreditation_statement
    if profile.statement:
        assert "Roots Learning Collaborative" in certificate.accreditation_statement
    expected = {
        CertificateElement.LEARNER_NAME: ["Jordan Okafor"],
        CertificateElement.ACTIVITY_TITLE: ["Roots of Health Inequity"],
        CertificateElement.ACTIVITY_NUMBER: [f"Activity number {offering.activity_number}"],
        CertificateElement.HOURS: [f"6.0 {profile.credit_unit}"],
        CertificateElement.COMPLETION_DATE: [
            f"Completed {date_format(certificate.completed_on, 'j F Y')}"
        ],
        CertificateElement.ISSUE_DATE: [f"Issued {date_format(certificate.issued_on, 'j F Y')}"],
        CertificateElement.PROVIDER_NAME: ["Roots Learning Collaborative"],
        CertificateElement.PROVIDER_ADDRESS: ["100 Main Street, Suite 4, Chicago, IL 60601"],
        CertificateElement.PROVIDER_NUMBER: ["Provider number PR-98765"],
        CertificateElement.STATEMENT: [words(certificate.accreditation_statement)],
        CertificateElement.SIGNATURE: ["Dr. Maya Alvarez", "Director of Continuing Education"],
        CertificateElement.CREDENTIAL_NUMBER: [f"{profile.credential_label} CH-777001"],
        CertificateElement.VERIFICATION: [
            f"https://roots.example.org/certificates/verify/{certificate.code}/"
        ],
    }
    assert set(expected) == set(CertificateElement.values)  # a new element needs its check here
    assert profile.certificate_elements  # every seeded profile requires something
    for element in profile.certificate_elements:
        for piece in expected[element]:
            assert piece in text, f"{profile}: {element} ({piece!r}) is not on the certificate"
    if profile.requires(CertificateElement.SIGNATURE):
        assert len(page.images) == 2  # the signature and the QR code
    if profile.requires(CertificateElement.VERIFICATION):
        assert len(page.images) >= 1  # the QR code


# --- The check, one element missing at a time ---------------------------------------------

BLANK = {
    CertificateElement.LEARNER_NAME: {"learner_name": " "},
    CertificateElement.ACTIVITY_TITLE: {"course_title": ""},
    CertificateElement.ACTIVITY_NUMBER: {"activity_number": ""},
    CertificateElement.HOURS: {"credit_unit": ""},
    CertificateElement.COMPLETION_DATE: {"completed_on": None},
    CertificateElement.ISSUE_DATE: {"issued_on": None},
    CertificateElement.PROVIDER_NAME: {"provider_name": ""},
    CertificateElement.PROVIDER_ADDRESS: {"provider_address": "  "},
    CertificateElement.PROVIDER_NUMBER: {"provider_number": ""},
    CertificateElement.STATEMENT: {"accreditation_statement": ""},
    CertificateElement.SIGNATURE: {"signature": ""},
    CertificateElement.CREDENTIAL_NUMBER: {"credential_number": ""},
    CertificateElement.VERIFICATION: {"code": ""},
}


@pytest.fixture
def demanding_profile():
    """The CHES profile made to require every element and ask every field."""
    profile = seeded_profile("ches")
    profile.certificate_elements = list(CertificateElement.values)
    profile.learner_fields = list(LearnerField.values)
    profile.save()
    return profile


def complete_certificate(**changes) -> Certificate:
    fields = {
        "learner": learner(),
        "credit_unit": "contact hours",
        "provider_name": "Roots Learning Collaborative",
        "provider_address": "100 Main Street, Chicago, IL 60601",
        "signature": "certificates/signatures/abc.png",
        "credential_label": "CHES/MCHES number",
        "credential_number": "CH-1",
        "completed_on": timezone.localdate(),
    }
    return CertificateFactory.build(**{**fields, **changes})


def test_a_complete_certificate_passes_the_check(demanding_profile):
    assert certificate_check(certificate=complete_certificate(), profile=demanding_profile) == []


@pytest.mark.parametrize("element", CertificateElement.values)
def test_the_check_names_the_one_element_missing(demanding_profile, element):
    missing = certificate_check(
        certificate=complete_certificate(**BLANK[element]), profile=demanding_profile
    )
    assert [item.key for item in missing] == [element]


def test_the_check_ignores_what_the_profile_does_not_require():
    profile = seeded_profile("completion")
    certificate = complete_certificate(
        provider_address="", signature="", credential_number="", activity_number=""
    )
    certificate.learner.credential_number = ""
    assert certificate_check(certificate=certificate, profile=profile) == []


def test_the_check_asks_for_learner_fields_not_printed(demanding_profile):
    person = learner(dob_month=None, dob_day=None)
    missing = certificate_check(
        certificate=complete_certificate(learner=person), profile=demanding_profile
    )
    assert [(item.key, item.learner_can_fix) for item in missing] == [
        (LearnerField.BIRTH_DAY, True)
    ]
    assert "date of birth (month and day)" in missing[0].message


# --- Claims refused by the check -----------------------------------------------------------


def test_claim_refused_when_the_provider_address_is_missing_and_says_staff_must_add_it(rules):
    rules.provider = ProviderFactory(signed=True, address="")
    rules.save()
    CreditOfferingFactory(rules=rules, credit_type="cne")
    person = make_ready(learner(), rules)
    with pytest.raises(ValidationError) as refused:
        services.certificate_claim(user=person, course=rules.course, credit_type="cne")
    assert refused.value.messages == [
        "The provider's address is not set — staff must add it before this certificate can be "
        "issued."
    ]
    assert not Certificate.objects.exists()


def test_claim_refused_without_a_provider_names_the_provider(rules):
    rules.provider = None
    rules.save()
    person = make_ready(learner(), rules)
    with pytest.raises(ValidationError) as refused:
        services.certificate_claim(user=person, course=rules.course, credit_type="ches")
    assert "The provider's name is not set — staff must add it" in refused.value.messages[0]
    assert not Certificate.objects.exists()


def test_claim_refused_without_the_learners_ches_number(rules):
    person = make_ready(learner(credential_number=""), rules)
    with pytest.raises(ValidationError) as refused:
        services.certificate_claim(user=person, course=rules.course, credit_type="ches")
    assert refused.value.message_dict == {
        "credential_number": ["Give your CHES/MCHES number before claiming this certificate."]
    }
    assert not Certificate.objects.exists()


def test_claim_for_ama_credit_refused_without_a_birth_day(rules):
    rules.provider = ProviderFactory(signed=True)
    rules.save()
    CreditOfferingFactory(rules=rules, credit_type="cme")
    person = make_ready(learner(dob_month=None, dob_day=None), rules)
    with pytest.raises(ValidationError) as refused:
        services.certificate_claim(user=person, course=rules.course, credit_type="cme")
    assert list(refused.value.message_dict) == ["birth_day"]
    assert not Certificate.objects.exists()


def test_claim_for_a_certificate_of_completion_asks_for_nothing_more(rules):
    CreditOfferingFactory(rules=rules, completion=True)
    person = make_ready(learner(credential_number="", dob_month=None, dob_day=None), rules)
    certificate = services.certificate_claim(
        user=person, course=rules.course, credit_type="completion"
    )
    assert certificate.credential_number == ""
    assert certificate.provider_address == "100 Main Street, Suite 4, Chicago, IL 60601"


def test_claim_copies_what_it_prints_so_later_edits_change_nothing(rules):
    person = make_ready(learner(), rules)
    certificate = services.certificate_claim(user=person, course=rules.course, credit_type="ches")
    rules.provider.name = "Someone Else"
    rules.provider.save()
    person.credential_number = "CH-999"
    person.save()
    certificate.refresh_from_db()
    assert certificate.provider_name == "Roots Learning Collaborative"
    assert (certificate.credential_label, certificate.credential_number) == (
        "CHES/MCHES number",
        "CH-777001",
    )
    assert certificate.credit_unit == "Category I continuing education contact hours"


def test_reissue_prints_the_learners_corrected_credential_number(rules, staff_user, monkeypatch):
    monkeypatch.setattr(services.render, "certificate_pdf_bytes", lambda *args: b"%PDF-1.7")
    person = make_ready(learner(credential_number="CH-TYPO"), rules)
    certificate = services.certificate_claim(user=person, course=rules.course, credit_type="ches")
    services.certificate_render(certificate_id=certificate.pk)
    person.credential_number = "CH-777001"
    person.save()
    certificate = services.certificate_reissue(certificate=certificate, by=staff_user)
    assert certificate.credential_number == "CH-777001"


# --- The date of completion ------------------------------------------------------------------

# 03:00 UTC on 10 March is still 9 March in Chicago.
LATE = datetime(2026, 3, 10, 3, 0, tzinfo=UTC)
EARLY = LATE - timedelta(days=20)


@pytest.mark.parametrize("last", ["lesson", "post_test", "evaluation", "attestation"])
def test_completion_date_is_when_the_last_requirement_was_met_in_the_learners_zone(rules, last):
    person = make_ready(learner(), rules)
    moments = dict.fromkeys(["lesson", "post_test", "evaluation", "attestation"], EARLY)
    moments[last] = LATE
    completions = LessonCompletion.objects.filter(user=person).order_by("pk")
    completions.update(completed_at=EARLY)
    LessonCompletion.objects.filter(pk=completions.last().pk).update(completed_at=moments["lesson"])
    PostTestAttempt.objects.filter(user=person).update(submitted_at=moments["post_test"])
    EvaluationResponse.objects.filter(user=person).update(submitted_at=moments["evaluation"])
    Attestation.objects.filter(user=person).update(attested_at=moments["attestation"])
    assert selectors.credit_completed_at(user=person, rules=rules) == LATE
    certificate = services.certificate_claim(user=person, course=rules.course, credit_type="ches")
    assert certificate.completed_on.isoformat() == "2026-03-09"


def test_completion_counts_the_first_passing_post_test_not_a_later_sitting(rules):
    person = make_ready(learner(), rules)
    for model, field in [
        (LessonCompletion, "completed_at"),
        (EvaluationResponse, "submitted_at"),
        (Attestation, "attested_at"),
        (PostTestAttempt, "submitted_at"),
    ]:
        model.objects.filter(user=person).update(**{field: EARLY})
    PostTestAttempt.objects.create(
        user=person, rules=rules, layout=[], score=10, passed=False, submitted_at=LATE
    )
    assert selectors.credit_completed_at(user=person, rules=rules) == EARLY


def test_completion_unknown_while_a_unit_is_unfinished(rules):
    person = make_ready(learner(), rules)
    LessonFactory(unit=UnitFactory(course=rules.course, number=2), position=1)
    assert selectors.credit_completed_at(user=person, rules=rules) is None


# --- The daily cap ----------------------------------------------------------------------------


def cph_course(person, title):
    rules = CreditRulesFactory(course__title=title)
    LessonFactory(unit=UnitFactory(course=rules.course, number=1), position=1)
    CreditOfferingFactory(rules=rules, credit_type="cph", hours=Decimal("6.0"))
    make_ready(person, rules)
    return rules.course


def test_daily_cap_gives_what_is_left_then_refuses(staff_user):
    person = learner()
    first, second, third = (cph_course(person, f"Course {n}") for n in (1, 2, 3))
    assert services.certificate_claim(user=person, course=first, credit_type="cph").hours == 6
    capped = services.certificate_claim(user=person, course=second, credit_type="cph")
    assert capped.hours == Decimal("2.00")  # the cap of 8 less the 6 already given that day
    with pytest.raises(ValidationError) as refused:
        services.certificate_claim(user=person, course=third, credit_type="cph")
    assert "most CPH recertification credits given for one day (8.0)" in refused.value.messages[0]
    assert Certificate.objects.filter(learner=person).count() == 2


def test_daily_cap_does_not_count_a_revoked_certificate(staff_user, monkeypatch):
    monkeypatch.setattr(services.render, "certificate_pdf_bytes", lambda *args: b"%PDF-1.7")
    person = learner()
    first, second = (cph_course(person, f"Course {n}") for n in (1, 2))
    certificate = services.certificate_claim(user=person, course=first, credit_type="cph")
    services.certificate_render(certificate_id=certificate.pk)
    services.certificate_revoke(certificate=certificate, by=staff_user, reason="Claimed twice")
    assert services.certificate_claim(user=person, course=second, credit_type="cph").hours == 6


def test_no_cap_for_a_profile_without_one():
    person = learner()
    courses = []
    for n in (1, 2):
        rules = CreditRulesFactory(course__title=f"Course {n}")
        LessonFactory(unit=UnitFactory(course=rules.course, number=1), position=1)
        CreditOfferingFactory(rules=rules, hours=Decimal("6.0"))
        make_ready(person, rules)
        courses.append(rules.course)
    for course in courses:
        assert services.certificate_claim(user=person, course=course, credit_type="ches").hours == 6


# --- What the database and the admin refuse ---------------------------------------------------


def test_a_profile_printing_a_credential_number_must_ask_for_it():
    profile = seeded_profile("ches")
    profile.learner_fields = []
    with pytest.raises(IntegrityError), transaction.atomic():
        profile.save()


def test_a_profile_cap_must_be_positive():
    profile = seeded_profile("cph")
    profile.daily_cap_hours = Decimal(0)
    with pytest.raises(IntegrityError), transaction.atomic():
        profile.save()


def test_a_profile_asking_for_a_credential_says_what_it_is_called():
    profile = seeded_profile("cph")
    profile.credential_label = " "
    with pytest.raises(ValidationError) as refused:
        profile.full_clean()
    assert "credential_label" in refused.value.message_dict


def test_an_offering_needs_the_numbers_its_profile_requires(rules):
    offering = CreditOffering(rules=rules, profile=seeded_profile("ches"), hours=Decimal(1))
    with pytest.raises(ValidationError) as refused:
        offering.clean()
    assert set(refused.value.message_dict) == {"provider_number", "activity_number"}
    CreditOffering(rules=rules, profile=seeded_profile("cne"), hours=Decimal(1)).clean()
