"""Large generated data sets for benchmarks and scale tests (`manage.py generate_load_data`).

Rows go in through PostgreSQL COPY (text format) in chunks, with explicit ids above each table's
current maximum; the identity sequences are moved past them afterwards, so the site keeps
creating rows normally. Everything random comes from one seeded generator: the same sizes and
seed give the same data (ids aside, when the database already held rows). The demo content must
be there first (`seed_demo`): learners enrol in the demo course and complete its lessons in order.

Sizes follow the number of learners (`Sizes.for_learners`); at 1,000,000 learners: 25,000
organizations, 25,000 groups (the largest with 200 members), 200,000 certificates, 500,000
discussion posts and 5,000 sessions.
"""

import io
import random
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction

EMAIL_DOMAIN = "load.example.org"
PASSWORD = "roots-load"  # noqa: S105 - the one password every generated learner shares
CHUNK_ROWS = 50_000
BIG_GROUP_MEMBERS = 200
BUSY_BOARD_POSTS = 500
JOIN_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 10  # longer than the site's own 8-character codes, so they never collide
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"  # the certificates' verification alphabet
CREDIT_TYPES = ("completion", "ches", "cne", "cph", "cme")

FIRST_NAMES = [
    "Amara",
    "Ana",
    "Andre",
    "Aisha",
    "Ben",
    "Carmen",
    "Chen",
    "Dana",
    "Darius",
    "Elena",
    "Farah",
    "Grace",
    "Hana",
    "Ibrahim",
    "Imani",
    "Jamal",
    "Jorge",
    "Kai",
    "Keisha",
    "Lena",
    "Luis",
    "Maya",
    "Mei",
    "Nadia",
    "Noah",
    "Omar",
    "Priya",
    "Rosa",
    "Sam",
    "Tariq",
    "Tess",
    "Vera",
    "Wei",
    "Yara",
    "Zoe",
]
LAST_NAMES = [
    "Abbott",
    "Baker",
    "Begay",
    "Castillo",
    "Chavez",
    "Diallo",
    "Evans",
    "Fischer",
    "Garcia",
    "Green",
    "Hughes",
    "Ito",
    "Jackson",
    "Kim",
    "Lopez",
    "Martin",
    "Mensah",
    "Nguyen",
    "Okafor",
    "Patel",
    "Quinn",
    "Reyes",
    "Robinson",
    "Sato",
    "Singh",
    "Tran",
    "Walker",
    "Washington",
    "Williams",
    "Yazzie",
    "Young",
]
PLACES = [
    "Riverside",
    "Lakeview",
    "Fairview",
    "Greenfield",
    "Springfield",
    "Franklin",
    "Clinton",
    "Madison",
    "Georgetown",
    "Salem",
    "Marion",
    "Oakland",
    "Arlington",
    "Ashland",
    "Burlington",
    "Centerville",
    "Dayton",
    "Dover",
    "Hudson",
    "Jackson",
    "Milton",
    "Newport",
    "Oxford",
    "Troy",
]
ORG_KINDS = (
    ("local_hd", "County Health Department"),
    ("state_hd", "State Department of Health"),
    ("university", "School of Public Health"),
    ("community", "Community Health Coalition"),
    ("health_system", "Health System"),
    ("other", "Health Partners"),
)
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
STATES = [
    "AL",
    "AK",
    "AZ",
    "AR",
    "CA",
    "CO",
    "CT",
    "DE",
    "DC",
    "FL",
    "GA",
    "HI",
    "ID",
    "IL",
    "IN",
    "IA",
    "KS",
    "KY",
    "LA",
    "ME",
    "MD",
    "MA",
    "MI",
    "MN",
    "MS",
    "MO",
    "MT",
    "NE",
    "NV",
    "NH",
    "NJ",
    "NM",
    "NY",
    "NC",
    "ND",
    "OH",
    "OK",
    "OR",
    "PA",
    "PR",
    "RI",
    "SC",
    "SD",
    "TN",
    "TX",
    "UT",
    "VT",
    "VA",
    "WA",
    "WV",
    "WI",
    "WY",
]
POST_LINES = (
    "Our county's redlining maps line up almost block for block with today's asthma visits.",
    "We tried the listening-session format from unit 2 and people stayed an hour past time.",
    "Has anyone found a good way to bring housing code enforcement into these conversations?",
    "The reading on life expectancy by zip code started a long talk in our team meeting.",
    "I keep coming back to the question of who is missing from our planning tables.",
    "Our health equity plan now names structural racism; the next step is the budget.",
    "Sharing the data walk we ran last week: residents picked the indicators themselves.",
    "What helped me most was hearing how other departments handled pushback from leadership.",
)


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


def generate(
    sizes: Sizes,
    *,
    seed: int = 20261125,
    stream=None,
    now: datetime | None = None,
    chunk_rows: int = CHUNK_ROWS,
) -> Report:
    """Generate the data set; see the module docstring."""
    from courses.models import Course

    course = Course.objects.filter(slug="roots-of-health-inequity").first()
    if course is None:
        raise RuntimeError("Run `manage.py seed_demo` first: the load data uses the demo course.")
    loader = Loader(stream=stream, chunk_rows=chunk_rows)
    rng = random.Random(seed)  # noqa: S311 - repeatable data, not secrets
    clock = Clock(rng, now or datetime.now(tz=UTC))
    with connection.cursor() as cursor:
        # Lost rows on a crash are fine here; the speed is not.
        cursor.execute("SET synchronous_commit TO off")
    steps: list[Callable] = [
        _organizations,
        _learners,
        _progress,
        _downloads,
        _groups,
        _certificates,
    ]
    context = _Context(sizes=sizes, rng=rng, clock=clock, loader=loader, course=course)
    for step in steps:
        with transaction.atomic():
            step(context)
    with connection.cursor() as cursor:
        for table in loader.report.counts:
            cursor.execute(f'ANALYZE "{table}"')
    return loader.report


@dataclass
class _Context:
    sizes: Sizes
    rng: random.Random
    clock: Clock
    loader: Loader
    course: object
    organization_ids: range = range(0)
    learner_ids: range = range(0)
    enrolled: dict[int, int] = field(default_factory=dict)  # learner id -> lessons completed
    lesson_count: int = 0


def _organizations(ctx: _Context) -> None:
    first = ctx.loader.next_id("roots_organization")
    ids = range(first, first + ctx.sizes.organizations)
    rng, clock = ctx.rng, ctx.clock

    def rows():
        for pk in ids:
            kind, label = ORG_KINDS[pk % len(ORG_KINDS)]
            place = PLACES[pk % len(PLACES)]
            # The number keeps (name, city, state) unique.
            name = f"{place} {label} {pk}"
            yield pk, name, kind, place, rng.choice(STATES), clock.within(2000)[1]

    ctx.loader.copy(
        "roots_organization",
        ("id", "name", "kind", "city", "state", "created_at"),
        rows(),
        len(ids),
    )
    ctx.organization_ids = ids


def _learners(ctx: _Context) -> None:
    first = ctx.loader.next_id("roots_user")
    ids = range(first, first + ctx.sizes.learners)
    password = make_password(PASSWORD)  # one hash for everybody: hashing a million is hours
    rng, clock, orgs = ctx.rng, ctx.clock, ctx.organization_ids

    def users():
        for pk in ids:
            name = learner_name(pk)
            organization = orgs[rng.randrange(len(orgs))] if orgs and pk % 10 else None
            yield (
                pk,
                password,
                None,
                False,
                False,
                True,
                clock.within(730)[1],
                f"learner{pk}@{EMAIL_DOMAIN}",
                name,
                DISCIPLINES[rng.randrange(len(DISCIPLINES))],
                "",
                TIME_ZONES[pk % len(TIME_ZONES)],
                organization,
            )

    ctx.loader.copy(
        "roots_user",
        (
            "id",
            "password",
            "last_login",
            "is_superuser",
            "is_staff",
            "is_active",
            "date_joined",
            "email",
            "full_name",
            "discipline",
            "credential_number",
            "time_zone",
            "organization_id",
        ),
        users(),
        len(ids),
    )
    first_address = ctx.loader.next_id("account_emailaddress")
    ctx.loader.copy(
        "account_emailaddress",
        ("id", "email", "verified", "primary", "user_id"),
        (
            (first_address + n, f"learner{pk}@{EMAIL_DOMAIN}", True, True, pk)
            for n, pk in enumerate(ids)
        ),
        len(ids),
    )
    ctx.learner_ids = ids


def _progress(ctx: _Context) -> None:
    """Enrolments for most learners; each has completed the first k lessons of the course (k
    uniform over 0..all) and passed the knowledge check of every unit whose lessons they
    finished."""
    from courses.models import Lesson

    lessons = list(
        Lesson.objects.filter(unit__course=ctx.course)
        .order_by("unit__number", "position")
        .values_list("pk", "unit_id")
    )
    # The index in `lessons` after which a unit is finished.
    unit_ends = {}
    for index, (_pk, unit_id) in enumerate(lessons):
        unit_ends[unit_id] = index + 1
    rng, clock = ctx.rng, ctx.clock
    ctx.lesson_count = len(lessons)
    for pk in ctx.learner_ids:
        if rng.random() < ctx.sizes.enrolled_share:
            ctx.enrolled[pk] = rng.randint(0, len(lessons))
    first = ctx.loader.next_id("courses_enrollment")
    started_days = {}

    def enrolments():
        for n, (pk, done) in enumerate(ctx.enrolled.items()):
            days_ago, enrolled_at = clock.within(365)
            started_days[pk] = days_ago
            finished = clock.at(max(days_ago - 30, 0)) if done == len(lessons) else None
            last = clock.at(max(days_ago - done, 0))
            yield first + n, enrolled_at, last, finished, ctx.course.pk, pk

    ctx.loader.copy(
        "courses_enrollment",
        ("id", "enrolled_at", "last_activity_at", "completed_at", "course_id", "user_id"),
        enrolments(),
        len(ctx.enrolled),
    )
    total = sum(ctx.enrolled.values())
    first = ctx.loader.next_id("courses_lessoncompletion")

    def completions():
        pk_next = first
        for pk, done in ctx.enrolled.items():
            start = started_days[pk]
            for index in range(done):
                yield pk_next, clock.at(max(start - index, 0)), lessons[index][0], pk
                pk_next += 1

    ctx.loader.copy(
        "courses_lessoncompletion",
        ("id", "completed_at", "lesson_id", "user_id"),
        completions(),
        total,
    )
    first = ctx.loader.next_id("courses_checkattempt")
    finished_units = list(unit_ends.items())
    attempts = sum(
        1 for done in ctx.enrolled.values() for _unit, end in finished_units if done >= end
    )

    def check_attempts():
        pk_next = first
        for pk, done in ctx.enrolled.items():
            start = started_days[pk]
            for unit_id, end in finished_units:
                if done >= end:
                    score = rng.randrange(70, 101)
                    yield pk_next, score, True, "{}", clock.at(max(start - end, 0)), pk, unit_id
                    pk_next += 1

    ctx.loader.copy(
        "courses_checkattempt",
        ("id", "score", "passed", "answers", "submitted_at", "user_id", "unit_id"),
        check_attempts(),
        attempts,
    )


def _downloads(ctx: _Context) -> None:
    """Signed-in downloads of published resources: each counted once per learner and day."""
    from resources.models import Resource

    resources = list(Resource.objects.values_list("pk", flat=True).order_by("pk"))
    if not resources or not ctx.sizes.downloads:
        return
    rng, clock, learners = ctx.rng, ctx.clock, ctx.learner_ids
    first = ctx.loader.next_id("resources_downloadcount")
    total = ctx.sizes.downloads

    def rows():
        # One download per (learner, resource, day): the n-th download goes to learner
        # n mod learners, on day n // learners, so no two collide.
        for n in range(total):
            learner = learners[n % len(learners)]
            days_ago = n // len(learners)
            day = clock.day(days_ago)
            yield first + n, "", day, learner, resources[rng.randrange(len(resources))]

    ctx.loader.copy(
        "resources_downloadcount",
        ("id", "visitor_key", "day", "user_id", "resource_id"),
        rows(),
        total,
    )


def _groups(ctx: _Context) -> None:
    """Groups (the first with 200 members), memberships, one general board per group with
    threads and posts (the largest group's board holds 500), sessions with RSVPs."""
    if not apps.is_installed("groups") or not ctx.sizes.groups:
        return
    rng, clock, sizes = ctx.rng, ctx.clock, ctx.sizes
    learners = ctx.learner_ids
    first_group = ctx.loader.next_id("learning_groups_learninggroup")
    group_ids = range(first_group, first_group + sizes.groups)
    big_groups = max(1, sizes.groups // 500)
    members: dict[int, list[int]] = {}
    cursor_at = 0
    for n, group in enumerate(group_ids):
        size = BIG_GROUP_MEMBERS if n < big_groups else rng.randint(4, 30)
        size = min(size, len(learners))
        chosen = [learners[(cursor_at + i) % len(learners)] for i in range(size)]
        cursor_at = (cursor_at + size) % len(learners)
        members[group] = chosen
    orgs = ctx.organization_ids

    def groups():
        for n, pk in enumerate(group_ids):
            place = PLACES[pk % len(PLACES)]
            kind, label = ORG_KINDS[pk % len(ORG_KINDS)]
            created = clock.within(400)[1]
            yield (
                pk,
                f"{place} {label} learning group {pk}",
                f"load-group-{pk}",
                kind,
                rng.choice(STATES),
                "A generated learning group working through the course together.",
                "Every other Tuesday at noon",
                True,
                None,
                join_code(pk),
                created,
                created,
                ctx.course.pk,
                members[pk][0],
                orgs[n % len(orgs)] if orgs else None,
            )

    ctx.loader.copy(
        "learning_groups_learninggroup",
        (
            "id",
            "name",
            "slug",
            "kind",
            "state",
            "description",
            "meeting_cadence",
            "listed",
            "member_limit",
            "join_code",
            "created_at",
            "updated_at",
            "course_id",
            "created_by_id",
            "organization_id",
        ),
        groups(),
        len(group_ids),
    )
    ctx.loader.report.largest_group_slug = f"load-group-{first_group}"
    first_membership = ctx.loader.next_id("learning_groups_membership")

    def memberships():
        pk = first_membership
        for group in group_ids:
            for index, user in enumerate(members[group]):
                joined = clock.within(300)[1]
                role = "facilitator" if index == 0 else "member"
                yield (
                    pk,
                    role,
                    "active",
                    True,
                    True,
                    f"load{pk:020d}",
                    joined,
                    joined,
                    joined,
                    group,
                    user,
                )
                pk += 1

    ctx.loader.copy(
        "learning_groups_membership",
        (
            "id",
            "role",
            "status",
            "notify_replies",
            "notify_sessions",
            "calendar_token",
            "joined_at",
            "created_at",
            "updated_at",
            "group_id",
            "user_id",
        ),
        memberships(),
        sum(len(chosen) for chosen in members.values()),
    )
    first_board = ctx.loader.next_id("learning_groups_board")
    boards = {group: first_board + n for n, group in enumerate(group_ids)}
    ctx.loader.copy(
        "learning_groups_board",
        ("id", "created_at", "unit_id", "group_id"),
        ((board, clock.within(300)[1], None, group) for group, board in boards.items()),
        len(boards),
    )
    ctx.loader.report.busiest_board_url = f"/groups/load-group-{first_group}/discussions/general/"
    _discussions(ctx, group_ids, members, boards)
    _sessions(ctx, group_ids, members)


def _discussions(ctx, group_ids, members, boards) -> None:
    rng, clock = ctx.rng, ctx.clock
    # Threads as (group, number of posts): the largest group's board gets BUSY_BOARD_POSTS in
    # threads of 25, the rest go to random groups in threads of 1 to 20 posts.
    plan = [(group_ids[0], 25)] * (BUSY_BOARD_POSTS // 25)
    remaining = max(ctx.sizes.posts - BUSY_BOARD_POSTS, 0)
    others = group_ids[1:] or group_ids  # the busy board keeps exactly its 500
    while remaining > 0:
        count = min(rng.randint(1, 20), remaining)
        plan.append((others[rng.randrange(len(others))], count))
        remaining -= count
    first_thread = ctx.loader.next_id("learning_groups_thread")
    first_post = ctx.loader.next_id("learning_groups_post")
    threads = []
    posts = []  # filled while threads are generated; posts go in after their threads

    def thread_rows():
        post_pk = first_post
        for n, (group, count) in enumerate(plan):
            pk = first_thread + n
            people = members[group]
            days_ago = rng.randrange(count + 1, 300)
            stamps = [clock.at(days_ago - i) for i in range(count)]
            for i, stamp in enumerate(stamps):
                body = POST_LINES[(pk + i) % len(POST_LINES)]
                posts.append(
                    (
                        post_pk,
                        body,
                        f"<p>{body}</p>",
                        stamp,
                        None,
                        False,
                        False,
                        stamp,
                        people[rng.randrange(len(people))],
                        pk,
                    )
                )
                post_pk += 1
            title = f"Discussion {n + 1}: {POST_LINES[pk % len(POST_LINES)][:60]}"
            threads.append(pk)
            yield pk, title, False, False, False, stamps[0], stamps[-1], people[0], boards[group]

    ctx.loader.copy(
        "learning_groups_thread",
        (
            "id",
            "title",
            "pinned",
            "locked",
            "hidden",
            "created_at",
            "last_post_at",
            "author_id",
            "board_id",
        ),
        thread_rows(),
        len(plan),
    )
    ctx.loader.copy(
        "learning_groups_post",
        (
            "id",
            "body",
            "body_html",
            "created_at",
            "edited_at",
            "deleted",
            "hidden",
            "notified_at",
            "author_id",
            "thread_id",
        ),
        iter(posts),
        len(posts),
    )
    posts.clear()


def _sessions(ctx, group_ids, members) -> None:
    """Sessions spread over the past and coming half year (none in the next two days, so the
    reminder task does not e-mail thousands of generated people at once); the largest group
    has five coming sessions. A third of each group answers every session's RSVP."""
    rng, clock = ctx.rng, ctx.clock
    count = ctx.sizes.sessions
    owners = [group_ids[0]] * min(5, count) + [
        group_ids[rng.randrange(len(group_ids))] for _ in range(count - min(5, count))
    ]
    first = ctx.loader.next_id("learning_groups_session")
    today = clock.now.date()
    rsvps = []

    def rows():
        for n, group in enumerate(owners):
            pk = first + n
            offset = 3 + 7 * n if n < 5 else rng.choice((-1, 1)) * rng.randrange(3, 180)
            day = today + timedelta(days=offset)
            starts = f"{day.isoformat()} 17:00:00+00"
            created = clock.within(300)[1]
            people = members[group]
            for user in people[:: 3 if len(people) > 3 else 1]:
                rsvps.append((user, pk, rng.choice(("yes", "yes", "maybe", "no")), created))
            yield (
                pk,
                f"Session {n + 1}: unit discussion",
                starts,
                "America/Chicago",
                "01:30:00",
                "Online",
                "https://meet.example.org/roots",
                "Check-in, the unit's reading, what we will try next.",
                0,
                created,
                created,
                people[0],
                group,
                None,
            )

    ctx.loader.copy(
        "learning_groups_session",
        (
            "id",
            "title",
            "starts_at",
            "time_zone",
            "duration",
            "place",
            "online_url",
            "agenda",
            "sequence",
            "created_at",
            "updated_at",
            "created_by_id",
            "group_id",
            "unit_id",
        ),
        rows(),
        count,
    )
    first_rsvp = ctx.loader.next_id("learning_groups_rsvp")
    ctx.loader.copy(
        "learning_groups_rsvp",
        ("id", "user_id", "session_id", "response", "updated_at"),
        ((first_rsvp + n, *row) for n, row in enumerate(rsvps)),
        len(rsvps),
    )


def _certificates(ctx: _Context) -> None:
    """Issued certificates (with their first revision) for learners who finished the course,
    one per credit type, up to the size asked for. The PDF names follow the site's scheme;
    the files themselves are not rendered (200,000 renders are the certificate benchmark's
    business, not the data set's)."""
    if not apps.is_installed("courses.certificates") or not ctx.sizes.certificates:
        return
    from courses.certificates.models import CertificateTemplate

    template = CertificateTemplate.objects.order_by("-version").first()
    if template is None:
        return
    finished = [pk for pk, done in ctx.enrolled.items() if done == ctx.lesson_count and done]
    rng, clock = ctx.rng, ctx.clock
    plan = []
    for pk in finished:
        for credit_type in CREDIT_TYPES[: rng.randint(1, len(CREDIT_TYPES))]:
            plan.append((pk, credit_type))
    plan = plan[: ctx.sizes.certificates]
    first = ctx.loader.next_id("certificates_certificate")
    title = ctx.course.title
    revisions = []

    def certificates():
        for n, (learner, credit_type) in enumerate(plan):
            pk = first + n
            code = certificate_code(pk)
            days_ago, issued_at = clock.within(300)
            pdf = f"certificates/{pk}/{code}-r1.pdf"
            name = learner_name(learner)
            revisions.append((1, code, name, pdf, issued_at, None, "", pk, None, template.pk))
            yield (
                pk,
                credit_type,
                name,
                title,
                "6.00",
                "",
                "",
                "",
                clock.day(days_ago),
                None,
                code,
                "issued",
                1,
                pdf,
                1,
                "",
                issued_at,
                issued_at,
                1,
                None,
                None,
                "",
                issued_at,
                issued_at,
                ctx.course.pk,
                learner,
                template.pk,
            )

    ctx.loader.copy(
        "certificates_certificate",
        (
            "id",
            "credit_type",
            "learner_name",
            "course_title",
            "hours",
            "provider_number",
            "activity_number",
            "accreditation_statement",
            "issued_on",
            "expires_on",
            "code",
            "status",
            "revision",
            "pdf",
            "attempts",
            "last_error",
            "queued_at",
            "issued_at",
            "emailed_revision",
            "reminder_sent_at",
            "revoked_at",
            "revoked_reason",
            "created_at",
            "updated_at",
            "course_id",
            "learner_id",
            "template_id",
        ),
        certificates(),
        len(plan),
    )
    first_revision = ctx.loader.next_id("certificates_certificaterevision")
    ctx.loader.copy(
        "certificates_certificaterevision",
        (
            "id",
            "revision",
            "code",
            "learner_name",
            "pdf",
            "rendered_at",
            "revoked_at",
            "revoked_reason",
            "certificate_id",
            "revoked_by_id",
            "template_id",
        ),
        ((first_revision + n, *row) for n, row in enumerate(revisions)),
        len(revisions),
    )


def largest_group():
    """The group with the most active members (a generated 200-member group on large data) and
    one of its facilitators: what the benchmark's facilitator dashboard shows."""
    from django.db.models import Count, Q

    from groups.models import LearningGroup, Membership

    group = (
        LearningGroup.objects.annotate(
            members=Count("memberships", filter=Q(memberships__status="active"))
        )
        .order_by("-members", "pk")
        .first()
    )
    if group is None:
        return None, None
    facilitator = (
        Membership.objects.filter(group=group, role="facilitator", status="active")
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return group, facilitator.user if facilitator else None


def busiest_board():
    """The discussion board with the most posts, and a member of its group who may read it."""
    from django.db.models import Count

    from groups.models import Board, Membership, Post

    row = (
        Post.objects.values("thread__board")
        .annotate(posts=Count("id"))
        .order_by("-posts", "thread__board")
        .first()
    )
    if row is None:
        return None, None
    board = Board.objects.select_related("group", "unit").get(pk=row["thread__board"])
    member = (
        Membership.objects.filter(group=board.group, status="active")
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return board, member.user if member else None
