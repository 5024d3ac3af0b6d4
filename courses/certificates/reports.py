"""The roster files accreditors expect, one per report kind of an accreditor profile: the
columns, and one row per issued certificate (courses.certificates.selectors.roster_certificates).
Each is pinned whole by a golden file in tests/certificates/golden/.

- NCHEC (CHES/MCHES): the participant list a designated provider keeps and reports, with each
  participant's CHES/MCHES number and Category I contact hours.
- ACCME (MOC): the learner data reported for Maintenance of Certification: name, month and day
  of birth, completion date and points.
- NBPHE (CPH): each participant's CPH number and recertification credits.
- Roster (ANCC, certificates of completion): name, activity, completion date and hours.

Dates are ISO (YYYY-MM-DD); hours are written as on the certificate (services.hours_display)."""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .models import Certificate, ReportKind
from .services import hours_display


@dataclass(frozen=True)
class Roster:
    columns: tuple
    row: Callable[[Certificate], list]


def _day(value) -> str:
    return value.isoformat() if value else ""


def _optional(value) -> object:
    return "" if value is None else value


ROSTERS = {
    ReportKind.NCHEC: Roster(
        (
            _("Name"),
            _("CHES/MCHES number"),
            _("E-mail"),
            _("Activity number"),
            _("Completion date"),
            _("Category I contact hours"),
        ),
        lambda c: [
            c.learner_name,
            c.credential_number,
            c.learner.email,
            c.activity_number,
            _day(c.completed_on),
            hours_display(c.hours),
        ],
    ),
    ReportKind.ACCME_MOC: Roster(
        (
            _("Name"),
            _("Birth month"),
            _("Birth day"),
            _("Completion date"),
            _("MOC points"),
        ),
        lambda c: [
            c.learner_name,
            _optional(c.learner.dob_month),
            _optional(c.learner.dob_day),
            _day(c.completed_on),
            hours_display(c.hours),
        ],
    ),
    ReportKind.CPH: Roster(
        (_("Name"), _("CPH number"), _("CPH recertification credits"), _("Completion date")),
        lambda c: [
            c.learner_name,
            c.credential_number,
            hours_display(c.hours),
            _day(c.completed_on),
        ],
    ),
    ReportKind.ROSTER: Roster(
        (_("Name"), _("Activity title"), _("Completion date"), _("Hours")),
        lambda c: [c.learner_name, c.course_title, _day(c.completed_on), hours_display(c.hours)],
    ),
}


def roster_rows(kind: str, certificates):
    """The header, then one row per certificate, of the roster `kind`."""
    roster = ROSTERS[kind]
    yield [str(column) for column in roster.columns]
    for certificate in certificates:
        yield roster.row(certificate)
