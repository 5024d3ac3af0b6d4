"""The certificate check: what a certificate must carry by its accreditor profile, and what it
lacks. No certificate is issued (claimed or reissued) while anything is missing; the default
template prints every element the check looks for (tests/certificates/test_profiles.py reads
each seeded profile's PDF back)."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from ..models import AccreditorProfile, Certificate, CertificateElement, LearnerField


@dataclass(frozen=True)
class Missing:
    key: str  # a CertificateElement or LearnerField value
    message: str
    learner_can_fix: bool


def _present(certificate: Certificate, element: str) -> bool:
    present = {
        CertificateElement.LEARNER_NAME: lambda c: c.learner_name.strip(),
        CertificateElement.ACTIVITY_TITLE: lambda c: c.course_title.strip(),
        CertificateElement.ACTIVITY_NUMBER: lambda c: c.activity_number.strip(),
        CertificateElement.HOURS: lambda c: c.hours and c.hours > 0 and c.credit_unit.strip(),
        CertificateElement.COMPLETION_DATE: lambda c: c.completed_on,
        CertificateElement.ISSUE_DATE: lambda c: c.issued_on,
        CertificateElement.PROVIDER_NAME: lambda c: c.provider_name.strip(),
        CertificateElement.PROVIDER_ADDRESS: lambda c: c.provider_address.strip(),
        CertificateElement.PROVIDER_NUMBER: lambda c: c.provider_number.strip(),
        CertificateElement.STATEMENT: lambda c: c.accreditation_statement.strip(),
        CertificateElement.SIGNATURE: lambda c: c.signature,
        CertificateElement.CREDENTIAL_NUMBER: lambda c: c.credential_number.strip(),
        CertificateElement.VERIFICATION: lambda c: c.code,
    }
    return bool(present[element](certificate))


def _staff_message(what: str) -> str:
    return _("%(what)s is not set — staff must add it before this certificate can be issued.") % {
        "what": what
    }


def _learner_message(what: str) -> str:
    return _("Give %(what)s before claiming this certificate.") % {"what": what}


def _missing_element(element: str, profile: AccreditorProfile) -> Missing:
    credential = profile.credential_label or _("credential number")
    learner = {
        CertificateElement.LEARNER_NAME: _("your full name, as it should be printed"),
        CertificateElement.CREDENTIAL_NUMBER: _("your %(credential)s") % {"credential": credential},
    }
    if element in learner:
        return Missing(element, _learner_message(learner[element]), learner_can_fix=True)
    if element == CertificateElement.COMPLETION_DATE:
        return Missing(
            element,
            _("The date you met the last requirement is not known yet: finish every step first."),
            learner_can_fix=True,
        )
    staff = {
        CertificateElement.ACTIVITY_TITLE: _("The activity title"),
        CertificateElement.ACTIVITY_NUMBER: _("The activity number"),
        CertificateElement.HOURS: _("The hours or their credit unit"),
        CertificateElement.ISSUE_DATE: _("The date of issue"),
        CertificateElement.PROVIDER_NAME: _("The provider's name"),
        CertificateElement.PROVIDER_ADDRESS: _("The provider's address"),
        CertificateElement.PROVIDER_NUMBER: _("The provider number"),
        CertificateElement.STATEMENT: _("The accreditation statement"),
        CertificateElement.SIGNATURE: _("The signature image"),
        CertificateElement.VERIFICATION: _("The verification code"),
    }
    return Missing(element, _staff_message(staff[element]), learner_can_fix=False)


def certificate_check(*, certificate: Certificate, profile: AccreditorProfile) -> list[Missing]:
    """What `certificate` (saved or not, with everything it prints filled in) lacks by
    `profile`: the elements the profile requires on the certificate, then the profile fields it
    asks of the learner (a date of birth is reported, never printed). Empty when it may be
    issued."""
    missing = [
        _missing_element(element, profile)
        for element in CertificateElement.values
        if profile.requires(element) and not _present(certificate, element)
    ]
    learner = certificate.learner
    credential_missing = any(item.key == CertificateElement.CREDENTIAL_NUMBER for item in missing)
    if (
        profile.asks(LearnerField.CREDENTIAL_NUMBER)
        and not learner.credential_number.strip()
        and not credential_missing
    ):
        missing.append(_missing_element(CertificateElement.CREDENTIAL_NUMBER, profile))
    if profile.asks(LearnerField.BIRTH_DAY) and not learner.has_birth_day:
        missing.append(
            Missing(
                LearnerField.BIRTH_DAY,
                _learner_message(_("your date of birth (month and day)")),
                learner_can_fix=True,
            )
        )
    return missing
