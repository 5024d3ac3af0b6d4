"""Organizations, learners (with their e-mail addresses), course progress and downloads."""

from django.contrib.auth.hashers import make_password

from .context import (
    DISCIPLINES,
    EMAIL_DOMAIN,
    ORG_KINDS,
    PASSWORD,
    PLACES,
    STATES,
    TIME_ZONES,
    Context,
    learner_name,
)


def organizations(ctx: Context) -> None:
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


def learners(ctx: Context) -> None:
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


def progress(ctx: Context) -> None:
    """Enrolments for most learners; each has completed the first k lessons of the course (k
    uniform over 0..all) and passed the knowledge check of every unit whose lessons they
    finished."""
    from courses.models import Lesson

    lessons = list(
        Lesson.objects.filter(unit__course=ctx.course)
        .order_by("unit__number", "position")
        .values_list("pk", "unit_id")
    )
    expected = dict(
        Lesson.objects.filter(unit__course=ctx.course).values_list("pk", "estimated_minutes")
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
    first = ctx.loader.next_id("courses_lessontime")

    def times():
        # Engaged time on each completed lesson: 60-119% of its expected minutes, counted by
        # heartbeats (the last one when the lesson was completed).
        pk_next = first
        for pk, done in ctx.enrolled.items():
            start = started_days[pk]
            for index in range(done):
                lesson = lessons[index][0]
                at = clock.at(max(start - index, 0))
                seconds = expected[lesson] * 60 * rng.randrange(60, 120) // 100
                yield pk_next, seconds, 0, at, at, lesson, pk
                pk_next += 1

    ctx.loader.copy(
        "courses_lessontime",
        ("id", "seconds", "video_watched", "opened_at", "last_beat_at", "lesson_id", "user_id"),
        times(),
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


def downloads(ctx: Context) -> None:
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
