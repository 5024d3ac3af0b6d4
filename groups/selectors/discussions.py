"""Discussions: the boards, their threads and posts, and where a post is."""

from django.db.models import Count, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from courses.models import Unit

from ..models import Board, LearningGroup, Post, Thread

POSTS_PER_PAGE = 20
THREADS_PER_PAGE = 20


def boards_overview(group: LearningGroup, *, include_hidden: bool) -> list[Board]:
    """The general board then one per unit, each with its number of threads and last activity.
    Boards missing for units added to the course later are shown as empty ones."""
    thread_filter = Q() if include_hidden else Q(threads__hidden=False)
    boards = {
        board.unit_id: board
        for board in Board.objects.filter(group=group)
        .select_related("unit")
        .annotate(
            thread_count=Count("threads", filter=thread_filter),
            last_post_at=Max("threads__last_post_at", filter=thread_filter),
        )
    }
    result = [boards.get(None) or Board(group=group, unit=None)]
    for unit in Unit.objects.filter(course_id=group.course_id).order_by("number"):
        board = boards.get(unit.pk) or Board(group=group, unit=unit)
        board.unit = unit
        result.append(board)
    for board in result:
        board.group = group
        if board.pk is None:
            board.thread_count, board.last_post_at = 0, None
    return result


def board_threads(board: Board, *, include_hidden: bool) -> QuerySet[Thread]:
    """A board's threads, pinned first, each with its number of posts: counted per thread
    shown (a subquery), so that counting the board's threads for the pager joins no posts."""
    posts = (
        Post.objects.filter(thread=OuterRef("pk"), deleted=False)
        .order_by()
        .values("thread")
        .annotate(n=Count("pk"))
        .values("n")
    )
    threads = board.threads.select_related("author").annotate(
        post_count=Coalesce(Subquery(posts), 0)
    )
    if not include_hidden:
        threads = threads.filter(hidden=False)
    return threads.order_by("-pinned", "-last_post_at")


def thread_for_page(group: LearningGroup, pk: int) -> Thread | None:
    return (
        Thread.objects.filter(board__group=group, pk=pk)
        .select_related("board__unit", "author")
        .first()
    )


def thread_posts(thread: Thread) -> QuerySet[Post]:
    return (
        thread.posts.select_related("author")
        .annotate(revision_count=Count("revisions"))
        .order_by("created_at", "pk")
    )


def recent_threads(group: LearningGroup, *, include_hidden: bool, limit: int = 5) -> list:
    threads = Thread.objects.filter(board__group=group).select_related("board__unit")
    if not include_hidden:
        threads = threads.filter(hidden=False)
    threads = list(threads.order_by("-last_post_at")[:limit])
    for thread in threads:
        thread.board.group = group
    return threads


def post_for_page(group: LearningGroup, pk: int) -> Post | None:
    return (
        Post.objects.filter(thread__board__group=group, pk=pk)
        .select_related("thread__board__unit", "author")
        .first()
    )


def post_url(post: Post) -> str:
    """The address of the page of its thread that shows the post, with the post's anchor."""
    earlier = Post.objects.filter(thread_id=post.thread_id, created_at__lt=post.created_at).count()
    page = earlier // POSTS_PER_PAGE + 1
    suffix = f"?page={page}" if page > 1 else ""
    return f"{post.thread.get_absolute_url()}{suffix}#post-{post.pk}"
