"""The demo's data files under content/: YAML for records, Markdown for long bodies."""

from pathlib import Path

import yaml

CONTENT = Path(__file__).resolve().parent / "content"


def load(name: str):
    """The records of a YAML file under content/."""
    return yaml.safe_load(text(name))


def text(name: str) -> str:
    """A file under content/, exactly as written (a lesson's or a page's Markdown body)."""
    return (CONTENT / name).read_text(encoding="utf-8")
