"""Learning groups with their memberships, boards, discussions and sessions; and the largest group
and busiest board, which the benchmark's pages show."""

from datetime import timedelta

from django.apps import apps

from .context import (
    BIG_GROUP_MEMBERS,
    BUSY_BOARD_POSTS,
    ORG_KINDS,
    PLACES,
    POST_LINES,
    STATES,
    Context,
    join_code,
)


def learning_groups(ctx: Context) -> None:
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
