"""What every step of the load generator shares: the sizes, the seeded clock, the context that
carries ids from one step to the next, the words (words.yaml) and the generated codes."""

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import yaml

from .loader import Loader

EMAIL_DOMAIN = "load.example.org"
PASSWORD = "roots-load"  # noqa: S105 - the one password every generated learner shares
BIG_GROUP_MEMBERS = 200
BUSY_BOARD_POSTS = 500
JOIN_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 10  # longer than the site's own 8-character codes, so they never collide
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"  # the certificates' verification alphabet
CREDIT_TYPES = ("completion", "ches", "cne", "cph", "cme")

_WORDS = yaml.safe_load((Path(__file__).with_name("words.yaml")).read_text(encoding="utf-8"))
FIRST_NAMES = _WORDS["first_names"]
LAST_NAMES = _WORDS["last_names"]
PLACES = _WORDS["places"]
ORG_KINDS = tuple(tuple(pair) for pair in _WORDS["org_kinds"])
STATES = _WORDS["states"]
POST_LINES = tuple(_WORDS["post_lines"])
DISCIPLINES = [
    "nurse",
    "physician",
    "health_educator",
    "epidemiologist",
    "social_worker",
    "environmental_health",
    "community_health_worker",
    "administrator",
    "researcher",
    "student",
    "other",
]
TIME_ZONES = ("America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles")


@dataclass
class Sizes:
    learners: int
    organizations: int
    groups: int
    certificates: int
    posts: int
    sessions: int
    enrolled_share: float = 0.85
    downloads: int = 0

    @classmethod
    def for_learners(cls, learners: int, **overrides) -> "Sizes":
        """The issue's 1,000,000-learner proportions, scaled; a None override keeps the default."""
        sizes = cls(
            learners=learners,
            organizations=max(1, learners // 40),
            groups=max(1, learners // 40),
            certificates=learners // 5,
            posts=max(BUSY_BOARD_POSTS, learners // 2),
            sessions=max(1, learners // 200),
            downloads=learners // 4,
        )
        for name, value in overrides.items():
            if value is not None:
                setattr(sizes, name, value)
        return sizes


class Clock:
    """Fast timestamps as COPY text: a seeded moment within `days` before `now`."""

    def __init__(self, rng: random.Random, now: datetime):
        self.rng = rng
        self.now = now.replace(microsecond=0)
        self._days = {}

    def day(self, days_ago: int) -> str:
        text = self._days.get(days_ago)
        if text is None:
            text = self._days[days_ago] = (self.now - timedelta(days=days_ago)).strftime("%Y-%m-%d")
        return text

    def at(self, days_ago: int) -> str:
        seconds = self.rng.randrange(86400)
        return (
            f"{self.day(days_ago)} {seconds // 3600:02d}:{seconds // 60 % 60:02d}:"
            f"{seconds % 60:02d}+00"
        )

    def within(self, days: int) -> tuple[int, str]:
        days_ago = self.rng.randrange(1, max(days, 2))
        return days_ago, self.at(days_ago)


def learner_name(pk: int) -> str:
    """A generated learner's name, from the id alone (certificates print it again)."""
    return f"{FIRST_NAMES[pk * 7 % len(FIRST_NAMES)]} {LAST_NAMES[pk % len(LAST_NAMES)]}"


def certificate_code(number: int) -> str:
    """24 characters in five groups: the site's own random codes have four, so none collide."""
    digits = []
    for _ in range(16):
        number, rest = divmod(number, len(CODE_ALPHABET))
        digits.append(CODE_ALPHABET[rest])
    body = "".join(reversed(digits))
    return "-".join(["ZZZZ", *(body[i : i + 4] for i in range(0, 16, 4))])


def join_code(number: int) -> str:
    digits = []
    for _ in range(JOIN_CODE_LENGTH):
        number, rest = divmod(number, len(JOIN_CODE_ALPHABET))
        digits.append(JOIN_CODE_ALPHABET[rest])
    return "".join(reversed(digits))


@dataclass
class Context:
    sizes: Sizes
    rng: random.Random
    clock: Clock
    loader: Loader
    course: object
    organization_ids: range = range(0)
    learner_ids: range = range(0)
    enrolled: dict[int, int] = field(default_factory=dict)  # learner id -> lessons completed
    lesson_count: int = 0
