"""Tables drawn as charts and written as CSV."""

from datetime import date

import pytest

from insights.charts import Column, DataTable, bar_chart


def _table(values, *, kind="count"):
    return DataTable(
        slug="t",
        title="Things",
        description="Things each month",
        columns=[
            Column("Month", "month"),
            Column("Things", kind),
            Column("Share", "percent", charted=False),
        ],
        rows=[[date(2026, month, 1), value, 50] for month, value in enumerate(values, start=1)],
    )


def test_chart_bars_are_proportional_to_values_on_a_round_scale():
    chart = bar_chart(_table([0, 5, 10]))
    heights = [bar.height for bar in chart.bars]
    assert heights[0] == 0
    assert heights[2] == pytest.approx(2 * heights[1], abs=0.02)
    assert [tick.label for tick in chart.y_ticks] == ["0", "3", "6", "9", "12"]
    assert all(bar.y + bar.height == pytest.approx(chart.baseline, abs=0.02) for bar in chart.bars)


def test_chart_draws_only_charted_numeric_columns_and_says_what_is_highest():
    chart = bar_chart(_table([1, 7, 3]))
    assert {bar.series for bar in chart.bars} == {0}
    assert len(chart.bars) == 3
    assert chart.bars[1].label == "Feb 2026, Things: 7"
    assert "Highest: Feb 2026, Things, 7" in chart.description


def test_chart_hours_scale_may_use_fractions():
    chart = bar_chart(_table([0.5, 1], kind="hours"))
    assert [tick.label for tick in chart.y_ticks] == ["0", "0.25", "0.5", "0.75", "1"]


def test_table_with_nothing_to_draw_has_no_chart():
    assert _table([0, 0]).chart is None
    assert not _table([0, 0]).is_empty  # the share column still has figures
    assert (
        DataTable(slug="t", title="T", description="", columns=[Column("Month", "month")]).chart
        is None
    )


def test_table_csv_writes_months_and_numbers_plainly():
    text = _table([3, 4]).csv_text()
    assert text.splitlines() == ["Month,Things,Share", "2026-01,3,50", "2026-02,4,50"]


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)"])
def test_table_csv_keeps_formula_like_text_as_text(value):
    table = DataTable(
        slug="t", title="T", description="", columns=[Column("Name", "text")], rows=[[value]]
    )
    assert table.csv_text().splitlines()[1] == f"'{value}"


def test_table_display_formats_each_kind():
    table = DataTable(
        slug="t",
        title="T",
        description="",
        columns=[
            Column("Month", "month"),
            Column("N"),
            Column("H", "hours"),
            Column("P", "percent"),
        ],
        rows=[[date(2026, 3, 1), 1200, 2.5, None]],
    )
    assert table.display_rows == [
        [("Mar 2026", False), ("1,200", True), ("2.5", True), ("\N{EN DASH}", True)]
    ]


def test_chart_month_labels_name_the_year_when_it_changes():
    table = DataTable(
        slug="t",
        title="T",
        description="T",
        columns=[Column("Month", "month"), Column("N")],
        rows=[[date(2025, 11, 1), 1], [date(2025, 12, 1), 2], [date(2026, 1, 1), 3]],
    )
    ticks = table.chart.x_ticks
    assert [(tick.label, tick.sublabel) for tick in ticks] == [
        ("Nov", "2025"),
        ("Dec", ""),
        ("Jan", "2026"),
    ]


def test_chart_text_labels_are_shortened_to_fit_their_bar():
    table = DataTable(
        slug="t",
        title="T",
        description="T",
        columns=[Column("Title", "text"), Column("N")],
        rows=[[f"A very long publication title {n}", n + 1] for n in range(12)],
    )
    label = table.chart.x_ticks[0].label
    assert label.endswith("\N{HORIZONTAL ELLIPSIS}")
    assert len(label) <= 7
