"""Rows into PostgreSQL with COPY (text format), chunk by chunk, with progress on a stream."""

import io
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.db import connection

CHUNK_ROWS = 50_000


@dataclass
class Report:
    """What was made, for the command's summary and the tests."""

    counts: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    largest_group_slug: str = ""
    busiest_board_url: str = ""


def copy_value(value) -> str:
    """One value in COPY's text format: \\N for NULL; backslash, tab, newline and carriage
    return escaped."""
    if value is None:
        return r"\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    text = str(value)
    if any(ch in text for ch in "\\\t\n\r"):
        text = (
            text.replace("\\", "\\\\")
            .replace("\t", "\\t")
            .replace("\n", "\\n")
            .replace("\r", "\\r")
        )
    return text


def copy_line(row: Iterable) -> str:
    return "\t".join(map(copy_value, row)) + "\n"


class Loader:
    """Writes rows with COPY, chunk by chunk, and shows progress (rows/s) on a stream."""

    def __init__(self, *, stream=None, chunk_rows: int = CHUNK_ROWS):
        self.stream = stream if stream is not None else sys.stderr
        self.chunk_rows = chunk_rows
        self.report = Report()

    def next_id(self, table: str) -> int:
        with connection.cursor() as cursor:
            cursor.execute(f'SELECT COALESCE(MAX(id), 0) + 1 FROM "{table}"')  # noqa: S608
            return cursor.fetchone()[0]

    def copy(self, table: str, columns: tuple[str, ...], rows: Iterator, total: int) -> int:
        """COPY `rows` (tuples in `columns` order) into `table`; returns how many were written."""
        started = time.monotonic()
        written = 0
        quoted = ", ".join(f'"{column}"' for column in columns)
        sql = f'COPY "{table}" ({quoted}) FROM STDIN'
        raw = connection.connection  # the psycopg2 connection Django opened
        buffer = io.StringIO()
        pending = 0
        with connection.cursor() as cursor:
            for row in rows:
                buffer.write(copy_line(row))
                pending += 1
                if pending == self.chunk_rows:
                    written += self._flush(raw, sql, buffer, pending)
                    self._progress(table, written, total, started)
                    buffer, pending = io.StringIO(), 0
            if pending:
                written += self._flush(raw, sql, buffer, pending)
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "  # noqa: S608
                f'(SELECT GREATEST(MAX(id), 1) FROM "{table}"))'
            )
        elapsed = time.monotonic() - started
        self._progress(table, written, total, started, done=True)
        self.report.counts[table] = self.report.counts.get(table, 0) + written
        self.report.seconds[table] = self.report.seconds.get(table, 0) + elapsed
        return written

    @staticmethod
    def _flush(raw, sql: str, buffer: io.StringIO, rows: int) -> int:
        buffer.seek(0)
        with raw.cursor() as cursor:
            cursor.copy_expert(sql, buffer)
        return rows

    def _progress(self, table, written, total, started, done=False) -> None:
        elapsed = max(time.monotonic() - started, 1e-6)
        share = f"{written / total:6.1%}" if total else "  100%"
        end = "\n" if done else "\r"
        self.stream.write(
            f"  {table:34} {written:>11,} rows {share} {written / elapsed:>10,.0f} rows/s "
            f"{elapsed:6.1f}s{end}"
        )
        self.stream.flush()
