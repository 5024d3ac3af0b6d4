"""CSV files that are safe to open in a spreadsheet.

A cell that starts with one of FORMULA_STARTS is run as a formula by Excel and friends, and our
cells hold text people typed (names, organizations, free-text answers): `=HYPERLINK(...)` in a
name must reach the spreadsheet as text. Every CSV export writes through `csv_writer`."""

import csv

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """The value, with a leading apostrophe if a spreadsheet would take it for a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class _SafeWriter:
    def __init__(self, output):
        self._writer = csv.writer(output)

    def writerow(self, row):
        return self._writer.writerow([spreadsheet_safe(value) for value in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def csv_writer(output) -> _SafeWriter:
    return _SafeWriter(output)
