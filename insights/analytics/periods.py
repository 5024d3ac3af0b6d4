"""The months the figures are counted by: calendar months in the viewer's time zone (the one the
middleware activates), oldest first."""

from dataclasses import dataclass
from datetime import date, datetime, time

from django.db.models.functions import TruncMonth
from django.utils import timezone

PERIODS = [6, 12, 24, 36]
DEFAULT_PERIOD = 12


@dataclass(frozen=True)
class Period:
    """The last `length` calendar months up to this one, in the current time zone."""

    length: int
    today: date

    @property
    def months(self) -> list[date]:
        index = self.today.year * 12 + self.today.month - 1
        return [date(i // 12, i % 12 + 1, 1) for i in range(index - self.length + 1, index + 1)]

    @property
    def first_day(self) -> date:
        return self.months[0]

    @property
    def start(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.first_day, time.min))


def period_for(months) -> Period:
    try:
        length = int(months)
    except (TypeError, ValueError):
        length = DEFAULT_PERIOD
    if length not in PERIODS:
        length = DEFAULT_PERIOD
    return Period(length=length, today=timezone.localdate())


def month_key(value) -> date:
    """TruncMonth gives an aware datetime for a DateTimeField and a date for a DateField."""
    return value.date() if isinstance(value, datetime) else value


def monthly(queryset, field: str, **aggregates) -> dict[date, dict]:
    """`aggregates` of `queryset` by month of `field`, in one query; months without rows are
    absent (the tables show them as zeros)."""
    rows = (
        queryset.annotate(month=TruncMonth(field)).order_by().values("month").annotate(**aggregates)
    )
    return {month_key(row.pop("month")): row for row in rows}
