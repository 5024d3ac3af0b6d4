"""Replies on published reports and their moderation."""

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coalition.models import Report, ReportComment
from coalition.permissions import can_comment, can_moderate_comments
from roots.text import plain_text

COMMENT_LIMIT = 5
COMMENT_WINDOW_SECONDS = 10 * 60


def _count_attempt(user) -> int:
    """Comments posted by this user in the current ten-minute window, this one included."""
    key = f"coalition:comments:{user.pk}"
    cache.add(key, 0, timeout=COMMENT_WINDOW_SECONDS)
    try:
        return cache.incr(key)
    except ValueError:
        # The window expired between add and incr: this comment opens a new one.
        cache.set(key, 1, timeout=COMMENT_WINDOW_SECONDS)
        return 1


def _is_trusted(user) -> bool:
    return (
        can_moderate_comments(user) or ReportComment.objects.approved().filter(author=user).exists()
    )


@transaction.atomic
def comment_create(*, report: Report, author, body: str) -> ReportComment:
    """Post a reply. A person's first reply waits for an editor; once one of theirs has been
    approved, the next ones appear at once. Markup is dropped: comments are plain text, and
    web addresses become links when shown."""
    if not can_comment(author):
        raise PermissionDenied(_("Verify your e-mail address before leaving a reply."))
    if not report.is_published:
        raise ValidationError(_("Replies are open on published reports only."), code="closed")
    text = plain_text(body)
    if not text:
        raise ValidationError({"body": _("Write something before posting.")}, code="empty")
    if _count_attempt(author) > COMMENT_LIMIT:
        raise ValidationError(
            _(
                "You have posted %(limit)s replies in the last ten minutes. "
                "Please wait a few minutes and post again; your text is kept below."
            ),
            code="rate_limited",
            params={"limit": COMMENT_LIMIT},
        )
    status = ReportComment.Status.APPROVED if _is_trusted(author) else ReportComment.Status.PENDING
    return ReportComment.objects.create(report=report, author=author, body=text, status=status)


@transaction.atomic
def comment_moderate(*, comment: ReportComment, status: str, by) -> ReportComment:
    if not can_moderate_comments(by):
        raise PermissionDenied(_("Only editors moderate replies."))
    if status not in {ReportComment.Status.APPROVED, ReportComment.Status.HIDDEN}:
        raise ValidationError(_("A reply can be approved or hidden."), code="invalid_status")
    comment.status = status
    comment.moderated_by = by
    comment.moderated_at = timezone.now()
    comment.save(update_fields=["status", "moderated_by", "moderated_at"])
    return comment
