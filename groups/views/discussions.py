from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from roots.permissions import permission_required

from .. import permissions, selectors, services
from ..forms import PostForm, ThreadForm
from ..models.discussions import board_key
from ..selectors import POSTS_PER_PAGE, THREADS_PER_PAGE
from ..services.discussions import THREAD_ACTIONS
from .common import (
    form_error_message,
    group_context,
    paginate,
    validation_messages,
)

MEMBERS_ONLY = gettext_lazy("Only members of the group can write in its discussions.")
FACILITATORS_ONLY = gettext_lazy("Only the group's facilitators can moderate discussions.")
AUTHOR_ONLY = gettext_lazy("You can change only your own posts.")


def _sees_hidden(request, group) -> bool:
    return permissions.can_view_dashboard(request.user, group)


@permission_required(permissions.can_read_group, load=permissions.load_readable_group)
def board_list(request, group):
    boards = selectors.boards_overview(group, include_hidden=_sees_hidden(request, group))
    return render(
        request,
        "groups/board_list.html",
        group_context(request, group, "discussions", boards=boards),
    )


@permission_required(permissions.can_read_board, load=permissions.load_board)
def board_detail(request, board):
    group = board.group
    threads = (
        selectors.board_threads(board, include_hidden=_sees_hidden(request, group))
        if board.pk
        else []
    )
    return render(
        request,
        "groups/board_detail.html",
        group_context(
            request,
            group,
            "discussions",
            board=board,
            page_obj=paginate(request, threads, THREADS_PER_PAGE),
            questions=board.unit.discussion_questions_list if board.unit else [],
            new_thread_url=reverse(
                "groups:thread_create", args=[group.slug, board_key(board.unit)]
            ),
        ),
    )


@permission_required(
    permissions.can_post_on_board, load=permissions.load_board, refuse=403, message=MEMBERS_ONLY
)
def thread_create(request, board):
    group = board.group
    if request.method == "POST":
        form = ThreadForm(request.POST)
        if form.is_valid():
            board = services.board_for_unit(group=group, unit=board.unit)
            board.group = group
            thread = services.thread_create(
                board=board,
                author=request.user,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
            )
            messages.success(request, _("Your discussion has been started."))
            return redirect(thread.get_absolute_url())
        form_error_message(request)
    else:
        form = ThreadForm()
    return render(
        request,
        "groups/thread_form.html",
        group_context(
            request,
            group,
            "discussions",
            board=board,
            form=form,
            questions=board.unit.discussion_questions_list if board.unit else [],
        ),
    )


def _thread_page(request, thread, reply_form, status=200):
    group = thread.board.group
    page_obj = paginate(request, selectors.thread_posts(thread), POSTS_PER_PAGE)
    user = request.user
    for post in page_obj:
        post.thread = thread
        post.can_edit = not thread.locked and permissions.can_edit_post(user, post)
        post.can_moderate = not post.deleted and permissions.can_moderate_post(user, post)
        post.can_see_history = bool(post.revision_count) and permissions.can_view_post_history(
            user, post
        )
    context = group_context(
        request,
        group,
        "discussions",
        thread=thread,
        board=thread.board,
        page_obj=page_obj,
        reply_form=reply_form,
        can_reply=permissions.can_post_in_thread(request.user, thread) and not thread.locked,
    )
    return render(request, "groups/thread_detail.html", context, status=status)


@permission_required(permissions.can_read_thread, load=permissions.load_thread)
def thread_detail(request, thread):
    return _thread_page(request, thread, PostForm())


@require_POST
@permission_required(
    permissions.can_post_in_thread, load=permissions.load_thread, refuse=403, message=MEMBERS_ONLY
)
def thread_reply(request, thread):
    form = PostForm(request.POST)
    if not form.is_valid():
        form_error_message(request)
        return _thread_page(request, thread, form)
    try:
        post = services.post_reply(
            thread=thread, author=request.user, body=form.cleaned_data["body"]
        )
    except ValidationError as error:
        validation_messages(request, error)
        return redirect(thread.get_absolute_url())
    post.thread = thread
    messages.success(request, _("Your reply has been posted."))
    return redirect(selectors.post_url(post))


@require_POST
@permission_required(
    permissions.can_moderate_thread,
    load=permissions.load_thread,
    refuse=403,
    message=FACILITATORS_ONLY,
)
def thread_moderate(request, thread):
    action = request.POST.get("action", "")
    if action not in THREAD_ACTIONS:
        messages.error(request, _("Unknown action."))
        return redirect(thread.get_absolute_url())
    services.thread_moderate(thread=thread, action=action)
    done = {
        "pin": _("The discussion is pinned to the top of its board."),
        "unpin": _("The discussion is no longer pinned."),
        "lock": _("The discussion is locked: no new replies or edits."),
        "unlock": _("The discussion is open again."),
        "hide": _("The discussion is hidden from members."),
        "unhide": _("The discussion is visible to members again."),
    }
    messages.success(request, done[action])
    return redirect(thread.get_absolute_url())


@permission_required(
    permissions.can_edit_post, load=permissions.load_post, refuse=403, message=AUTHOR_ONLY
)
def post_edit(request, post):
    thread = post.thread
    if request.method == "POST":
        form = PostForm(request.POST, label=_("Your message"))
        if form.is_valid():
            try:
                services.post_edit(post=post, editor=request.user, body=form.cleaned_data["body"])
            except ValidationError as error:
                validation_messages(request, error)
                return redirect(thread.get_absolute_url())
            messages.success(request, _("Your post has been updated."))
            return redirect(selectors.post_url(post))
        form_error_message(request)
    else:
        form = PostForm(initial={"body": post.body}, label=_("Your message"))
    return render(
        request,
        "groups/post_form.html",
        group_context(
            request, thread.board.group, "discussions", post=post, thread=thread, form=form
        ),
    )


@permission_required(
    permissions.can_edit_post, load=permissions.load_post, refuse=403, message=AUTHOR_ONLY
)
def post_delete(request, post):
    thread = post.thread
    if request.method == "POST":
        try:
            services.post_delete(post=post, deleted_by=request.user)
        except ValidationError as error:
            validation_messages(request, error)
        else:
            messages.success(request, _("Your post has been deleted."))
        return redirect(thread.get_absolute_url())
    return render(
        request,
        "groups/post_confirm_delete.html",
        group_context(request, thread.board.group, "discussions", post=post, thread=thread),
    )


@require_POST
@permission_required(
    permissions.can_moderate_post, load=permissions.load_post, refuse=403, message=FACILITATORS_ONLY
)
def post_hide(request, post):
    hidden = request.POST.get("hidden") == "1"
    services.post_hide(post=post, hidden=hidden)
    messages.success(
        request,
        _("The post is hidden from members.") if hidden else _("The post is visible again."),
    )
    return redirect(selectors.post_url(post))


@permission_required(
    permissions.can_view_post_history,
    load=permissions.load_post,
    refuse=403,
    message=gettext_lazy("Only the author and the group's facilitators see a post's history."),
)
def post_history(request, post):
    return render(
        request,
        "groups/post_history.html",
        group_context(
            request,
            post.thread.board.group,
            "discussions",
            post=post,
            thread=post.thread,
            revisions=list(post.revisions.select_related("changed_by")),
        ),
    )
