"""Hostile input for fuzzing: huge, malformed, markup, SQL-looking, and Unicode edge cases."""

from hypothesis import strategies as st

SCRIPT = "<script>alert(1)</script>"
IMG = '<img src=x onerror="alert(1)">'
SNIPPETS = [
    SCRIPT,
    IMG,
    "<a href='javascript:alert(1)'>x</a>",
    "<svg/onload=alert(1)>",
    "'; DROP TABLE roots_user; --",
    '" OR 1=1 --',
    "1; SELECT pg_sleep(10)",
    "{{ 7|add:7 }}{% debug %}",
    "../../../../etc/passwd",
    "%00%0d%0a",
    "\x00",
    "\u202e\u200f\u200e",  # right-to-left override and marks
    "e\u0301\u0301\u0301\u0301",  # combining characters piling up
    "\ufeff\u200b",  # byte-order mark, zero-width space
    "\U0001f600" * 8,
    "\uff21\uff22\uff23",  # full-width letters that NFKC folds
    "\r\n\r\nSet-Cookie: x=1",
    "a" * 5000,
]
LONE_SURROGATES = ["\ud800", "a\udfffb"]


def hostile_text(*, surrogates: bool = False):
    """Text a form may receive. Lone surrogates only where no HTTP encoding happens first (a
    browser cannot send them as UTF-8)."""
    characters = st.characters(codec=None if surrogates else "utf-8")
    pieces = SNIPPETS + (LONE_SURROGATES if surrogates else [])
    return st.one_of(
        st.sampled_from(pieces),
        st.lists(
            st.one_of(st.sampled_from(pieces), st.text(characters, max_size=40)), max_size=6
        ).map("".join),
        st.text(characters, max_size=200),
        st.integers(min_value=20_000, max_value=200_000).map(lambda n: "x" * n),
    )


def hostile_upload():
    """(file name, content type, bytes) of an upload that is not what it claims."""
    names = st.sampled_from(
        [
            "report.pdf",
            "../../evil.pdf",
            "<script>.pdf",
            "cover.png.exe",
            "a" * 300 + ".pdf",
            "\u202egpj.pdf",
            "no-extension",
        ]
    )
    contents = st.one_of(
        st.binary(max_size=2000),
        st.just(b"%PDF-1.4\n%broken\n"),
        st.just(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),
        st.just(b"<html><script>alert(1)</script></html>"),
    )
    types = st.sampled_from(["application/pdf", "image/png", "text/html", "application/x-sh"])
    return st.tuples(names, types, contents)
