"""Figures as tables, and tables drawn as server-rendered SVG bar charts.

A `DataTable` is what a page shows and what its CSV export holds: a title, columns, rows. Its
`chart` is computed here, geometry and all, so that the template only places the shapes: no
script, no inline style (the Content-Security-Policy forbids both); colours come from classes in
`static/css/insights.css`. Every chart carries a <title> and a <desc> and sits beside its table,
which is the accessible form of the same figures.
"""

import io
import math
from dataclasses import dataclass, field
from functools import cached_property

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext_lazy as _

from roots.spreadsheets import csv_writer

WIDTH = 640
HEIGHT = 260
LEFT = 48
RIGHT = 12
TOP = 14
BOTTOM = 44
MAX_SERIES = 5


@dataclass(frozen=True)
class Column:
    """A column of a table. `kind` is one of: "month" (a date, its first day), "text", "count",
    "hours" or "percent"; the numeric kinds are drawn unless `charted` is False (running
    totals and shares, which would dwarf or muddle the bars beside them)."""

    label: str
    kind: str = "count"
    charted: bool = True

    @property
    def numeric(self) -> bool:
        return self.kind in {"count", "hours", "percent"}

    def display(self, value) -> str:
        if value is None:
            return "\N{EN DASH}"
        if self.kind == "month":
            return date_format(value, "M Y")
        if self.kind == "percent":
            return f"{number_format(value, decimal_pos=0)} %"
        if self.kind == "hours":
            return number_format(value, decimal_pos=1)
        if self.kind == "count":
            return number_format(value, force_grouping=True)
        return str(value)

    def csv_value(self, value):
        if value is None:
            return ""
        if self.kind == "month":
            return value.strftime("%Y-%m")
        return value


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    series: int
    label: str


@dataclass(frozen=True)
class Tick:
    position: float
    label: str
    # A second line under the label: the year, under January and the first month shown.
    sublabel: str = ""


@dataclass
class BarChart:
    title: str
    description: str
    bars: list[Bar]
    y_ticks: list[Tick]
    x_ticks: list[Tick]
    legend: list[tuple[int, str]]
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right_edge: int = WIDTH - RIGHT
    baseline: int = HEIGHT - BOTTOM
    top: int = TOP


@dataclass
class DataTable:
    slug: str
    title: str
    description: str
    columns: list[Column] = field(default_factory=list)
    rows: list[list] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not any(
            value
            for row in self.rows
            for value, column in zip(row, self.columns, strict=True)
            if column.numeric
        )

    @property
    def display_rows(self) -> list[list[tuple[str, bool]]]:
        """Each cell as (text, is_numeric), for templates."""
        return [
            [
                (column.display(value), column.numeric)
                for column, value in zip(self.columns, row, strict=True)
            ]
            for row in self.rows
        ]

    @cached_property
    def chart(self) -> BarChart | None:
        if not self.rows:
            return None
        drawn = [
            i for i, column in enumerate(self.columns) if i and column.numeric and column.charted
        ]
        if not any(row[i] for row in self.rows for i in drawn):
            return None
        return bar_chart(self)

    def csv_text(self) -> str:
        output = io.StringIO()
        writer = csv_writer(output)
        writer.writerow([str(column.label) for column in self.columns])
        for row in self.rows:
            writer.writerow(
                [column.csv_value(value) for column, value in zip(self.columns, row, strict=True)]
            )
        return output.getvalue()


def _nice_step(value: float, *, whole: bool) -> float:
    """The gridline step: the smallest round number (1, 2, 2.5, 3, 4, 5, 6 or 8 times a power
    of ten) at least `value`; a whole number when the chart counts things."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for multiple in (1, 2, 2.5, 3, 4, 5, 6, 8, 10):
        step = multiple * power
        if step >= value and (not whole or float(step).is_integer()):
            return step
    return 10 * power


def _display(value) -> str:
    value = round(float(value or 0), 2)
    if value.is_integer():
        return number_format(int(value), force_grouping=True)
    return number_format(value)


def _x_tick(column: Column, value, position: float, band: float, previous) -> Tick:
    position = round(position, 2)
    if column.kind == "month":
        new_year = previous is None or previous.year != value.year
        return Tick(position, date_format(value, "M"), str(value.year) if new_year else "")
    label = column.display(value)
    room = max(int(band / 7), 3)
    if len(label) > room:
        label = label[: room - 1] + "\N{HORIZONTAL ELLIPSIS}"
    return Tick(position, label)


def bar_chart(table: DataTable) -> BarChart:
    """Grouped bars: one group per row (its first cell is the label), one bar per charted
    numeric column."""
    series = [
        (index, column)
        for index, column in enumerate(table.columns)
        if index and column.numeric and column.charted
    ][:MAX_SERIES]
    values = [[float(row[index] or 0) for index, _column in series] for row in table.rows]
    whole = all(column.kind == "count" for _index, column in series)
    step = _nice_step(max((max(group) for group in values if group), default=0) / 4, whole=whole)
    top_value = step * 4
    plot_height = HEIGHT - TOP - BOTTOM
    plot_width = WIDTH - LEFT - RIGHT
    band = plot_width / len(table.rows)
    bar_width = band * 0.8 / max(len(series), 1)

    bars = []
    for row_index, (row, group) in enumerate(zip(table.rows, values, strict=True)):
        label = table.columns[0].display(row[0])
        for series_index, value in enumerate(group):
            height = plot_height * value / top_value
            bars.append(
                Bar(
                    x=round(LEFT + row_index * band + band * 0.1 + series_index * bar_width, 2),
                    y=round(HEIGHT - BOTTOM - height, 2),
                    width=round(max(bar_width - 1, 1), 2),
                    height=round(height, 2),
                    series=series_index,
                    label=f"{label}, {series[series_index][1].label}: {_display(value)}",
                )
            )

    y_ticks = [
        Tick(round(HEIGHT - BOTTOM - plot_height * n / 4, 2), _display(step * n)) for n in range(5)
    ]
    every = max(1, math.ceil(len(table.rows) / 12))
    x_ticks = []
    for index, row in enumerate(table.rows):
        if index % every == 0:
            previous = table.rows[index - every][0] if index else None
            x_ticks.append(
                _x_tick(table.columns[0], row[0], LEFT + index * band + band / 2, band, previous)
            )

    highest = max(
        (
            (table.columns[0].display(row[0]), column.label, group[n])
            for row, group in zip(table.rows, values, strict=True)
            for n, (_i, column) in enumerate(series)
        ),
        key=lambda item: item[2],
    )
    description = _(
        "%(what)s. Highest: %(label)s, %(series)s, %(value)s. The table beside it has every figure."
    ) % {
        "what": table.description,
        "label": highest[0],
        "series": highest[1],
        "value": _display(highest[2]),
    }
    return BarChart(
        title=str(table.title),
        description=description,
        bars=bars,
        y_ticks=y_ticks,
        x_ticks=x_ticks,
        legend=[(n, str(column.label)) for n, (_i, column) in enumerate(series)],
    )
