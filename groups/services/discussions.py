from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import Unit
from roots.mail import absolute_url, send_templated
from roots.models import User
from roots.tasks import enqueue_on_commit
from roots.text import POST, render

from ..models import Board, LearningGroup, Membership, Post, PostRevision, Thread
from ..selectors import post_url

THREAD_ACTIONS = {
    "pin": ("pinned", True),
    "unpin": ("pinned", False),
    "lock": ("locked", True),
    "unlock": ("locked", False),
    "hide": ("hidden", True),
    "unhide": ("hidden", False),
}


def board_for_unit(*, group: LearningGroup, unit: Unit | None) -> Board:
    """The group's board for a unit (None: the general board), made on first use for units
    added to the course after the group was created."""
    if unit is not None and unit.course_id != group.course_id:
        raise ValidationError(_("This unit is not part of the group's course."), code="course")
    board, _created = Board.objects.get_or_create(group=group, unit=unit)
    return board


def _check_open(thread: Thread) -> None:
    if thread.locked:
        raise ValidationError(
            _("A facilitator locked this discussion: no new replies or edits."), code="locked"
        )


@transaction.atomic
def thread_create(*, board: Board, author: User, title: str, body: str) -> Thread:
    now = timezone.now()
    thread = Thread.objects.create(
        board=board, author=author, title=title.strip(), last_post_at=now
    )
    Post.objects.create(
        thread=thread,
        author=author,
        body=body,
        body_html=render(body, POST),
        notified_at=now,  # a new thread has nobody to notify yet
    )
    return thread


@transaction.atomic
def post_reply(*, thread: Thread, author: User, body: str) -> Post:
    """Reply to a thread; people who took part hear of it by e-mail once the reply is saved."""
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    _check_open(thread)
    post = Post.objects.create(
        thread=thread, author=author, body=body, body_html=render(body, POST)
    )
    thread.last_post_at = post.created_at
    thread.save(update_fields=["last_post_at"])
    enqueue_on_commit("groups.tasks.post_reply_notify_task", post.pk, inline_if_down=True)
    return post


@transaction.atomic
def post_edit(*, post: Post, editor: User, body: str) -> Post:
    """Change a post's text; the earlier text is kept as a revision."""
    _check_open(post.thread)
    if body == post.body:
        return post
    PostRevision.objects.create(
        post=post, body=post.body, reason=PostRevision.Reason.EDITED, changed_by=editor
    )
    post.body = body
    post.body_html = render(body, POST)
    post.edited_at = timezone.now()
    post.save(update_fields=["body", "body_html", "edited_at"])
    return post


@transaction.atomic
def post_delete(*, post: Post, deleted_by: User) -> Post:
    """Take a post down; its text is kept as a revision that facilitators can read."""
    _check_open(post.thread)
    PostRevision.objects.create(
        post=post, body=post.body, reason=PostRevision.Reason.DELETED, changed_by=deleted_by
    )
    post.deleted = True
    post.body = ""
    post.body_html = ""
    post.edited_at = timezone.now()
    post.save(update_fields=["deleted", "body", "body_html", "edited_at"])
    return post


@transaction.atomic
def thread_moderate(*, thread: Thread, action: str) -> Thread:
    """Pin, unpin, lock, unlock, hide or unhide a thread."""
    if action not in THREAD_ACTIONS:
        raise ValidationError(_("Unknown action."), code="action")
    field, value = THREAD_ACTIONS[action]
    setattr(thread, field, value)
    thread.save(update_fields=[field])
    return thread


@transaction.atomic
def post_hide(*, post: Post, hidden: bool) -> Post:
    post.hidden = hidden
    post.save(update_fields=["hidden"])
    return post


def post_reply_notify(*, post: Post) -> int:
    """E-mail everyone who wrote in the thread (but the reply's author) that there is a reply,
    unless they opted out or left the group. Runs once per post; returns e-mails sent."""
    with transaction.atomic():
        post = (
            Post.objects.select_for_update(of=("self",))
            .select_related("thread__board__group", "thread__board__unit", "author")
            .get(pk=post.pk)
        )
        if post.notified_at is not None:
            return 0
        thread = post.thread
        group = thread.board.group
        participants = Post.objects.filter(thread=thread, deleted=False).values("author_id")
        recipients = (
            User.objects.filter(
                pk__in=participants,
                is_active=True,
                group_memberships__group=group,
                group_memberships__status=Membership.Status.ACTIVE,
                group_memberships__notify_replies=True,
            )
            .exclude(pk=post.author_id)
            .order_by("pk")
        )
        context = {
            "post": post,
            "thread": thread,
            "group": group,
            "post_url": absolute_url(post_url(post)),
            "settings_url": absolute_url(reverse("groups:settings", args=[group.slug])),
        }
        sent = 0
        if not (post.hidden or post.deleted or thread.hidden):
            for user in recipients:
                send_templated(
                    "emails/groups/reply_notification",
                    to=user.email,
                    time_zone=user.time_zone,
                    context={**context, "user": user},
                )
                sent += 1
        post.notified_at = timezone.now()
        post.save(update_fields=["notified_at"])
    return sent
