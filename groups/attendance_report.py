"""Reading a meeting tool's participant report (Zoom, Microsoft Teams, Webex and the like export
one as CSV): who was in a session and for how long, rejoins merged, clipped to the session."""

import csv
import io
import zoneinfo
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 20_000

# Header names the tools use, lower case. Per-connection columns come before the summary's
# "first join / last leave", which would hide a gap between two connections.
_JOIN = ("join time", "joined", "join", "first join", "first joined")
_LEAVE = ("leave time", "left", "leave", "last leave", "last left")
_EMAIL = ("user email", "email", "e-mail", "attendee email", "participant id (upn)", "upn")
_NAME = ("name (original name)", "name", "full name", "participant", "attendee name")

_FORMATS = (
    "%m/%d/%Y %I:%M:%S %p",
    "%m/%d/%Y %I:%M %p",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %H:%M",
    "%m/%d/%y, %I:%M:%S %p",
    "%m/%d/%y %I:%M:%S %p",
    "%m/%d/%y, %H:%M:%S",
    "%Y-%m-%d %I:%M:%S %p",
)


@dataclass
class Participant:
    email: str
    name: str
    intervals: list[tuple[datetime, datetime]] = field(default_factory=list)


@dataclass
class ParticipantReport:
    participants: dict[str, Participant]
    rows: int
    skipped: list[int]  # line numbers of rows that could not be read


def _decode(data: bytes) -> str:
    encoding = "utf-16" if data.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8-sig"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            text = ""
    if not text.strip() or "\x00" in text:
        raise ValidationError(
            _("This file is not a participant report in CSV. Export the report as CSV."),
            code="not_csv",
        )
    return text


def _column(header: list[str], names: tuple[str, ...]) -> int | None:
    cells = [cell.strip().lower() for cell in header]
    for name in names:
        if name in cells:
            return cells.index(name)
    return None


def _header_rank(header: list[str]) -> int | None:
    """How good a header row is (lower is better), or None when it is not one."""
    join, leave, email = (_column(header, names) for names in (_JOIN, _LEAVE, _EMAIL))
    if join is None or leave is None or email is None:
        return None
    return _JOIN.index(header[join].strip().lower())


def _when(text: str, zone: zoneinfo.ZoneInfo) -> datetime:
    text = text.strip()
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        for pattern in _FORMATS:
            try:
                moment = datetime.strptime(text, pattern)  # noqa: DTZ007 - zone set below
                break
            except ValueError:
                continue
        else:
            raise ValueError(text) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)


def participant_report_read(data: bytes, *, zone: zoneinfo.ZoneInfo) -> ParticipantReport:
    """The participants of the report and their connections. Times without an offset are read in
    `zone`, the session's own time zone, as the tools print them."""
    if len(data) > MAX_BYTES:
        raise ValidationError(
            _("The report is larger than %(size)s MB.") % {"size": MAX_BYTES // (1024 * 1024)},
            code="too_large",
        )
    text = _decode(data)
    # The delimiter that yields a participant header: tabs (Teams), commas, semicolons (Excel in
    # much of Europe); sniffing guesses wrong on dates written "12/1/26, 12:00:00 PM".
    for delimiter in ("\t", ",", ";"):
        lines = list(csv.reader(io.StringIO(text), delimiter=delimiter))
        if len(lines) > MAX_ROWS:
            raise ValidationError(
                _("The report has more than %(rows)s rows.") % {"rows": MAX_ROWS},
                code="too_many",
            )
        ranked = [
            (rank, n) for n, row in enumerate(lines) if (rank := _header_rank(row)) is not None
        ]
        if ranked:
            break
    else:
        raise ValidationError(
            _(
                "No participant list found: the report needs columns for the e-mail address, "
                "the join time and the leave time."
            ),
            code="no_header",
        )
    start = min(ranked)[1]
    header = lines[start]
    join, leave, email = (_column(header, names) for names in (_JOIN, _LEAVE, _EMAIL))
    name = _column(header, _NAME)
    participants: dict[str, Participant] = {}
    skipped, rows = [], 0
    for number, row in enumerate(lines[start + 1 :], start=start + 2):
        if not any(cell.strip() for cell in row):
            if rows:
                break  # the end of this section of the report
            continue
        if _header_rank(row) is not None or len(row) <= max(join, leave, email):
            break
        rows += 1
        address = row[email].strip().lower()
        try:
            joined, left = _when(row[join], zone), _when(row[leave], zone)
        except ValueError:
            skipped.append(number)
            continue
        if not address or left < joined:
            skipped.append(number)
            continue
        person = participants.setdefault(
            address, Participant(email=address, name=row[name].strip() if name is not None else "")
        )
        person.intervals.append((joined, left))
    return ParticipantReport(participants=participants, rows=rows, skipped=skipped)


def seconds_present(
    intervals: list[tuple[datetime, datetime]], *, starts_at: datetime, duration: timedelta
) -> int:
    """Seconds inside the session covered by any connection: overlapping rejoins count once."""
    ends_at = starts_at + duration
    clipped = sorted(
        (max(joined, starts_at), min(left, ends_at))
        for joined, left in intervals
        if left > starts_at and joined < ends_at
    )
    total, current_start, current_end = timedelta(0), None, None
    for joined, left in clipped:
        if current_end is None or joined > current_end:
            if current_end is not None:
                total += current_end - current_start
            current_start, current_end = joined, left
        else:
            current_end = max(current_end, left)
    if current_end is not None:
        total += current_end - current_start
    return int(total.total_seconds())
