"""Public report pages: the list, a report (or its preview for editors), replies on it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from roots.pagecache import cache_anonymous_page
from roots.permissions import permission_required

from .. import selectors, services
from ..forms import CommentForm
from ..models import Report
from ..permissions import (
    can_comment,
    can_comment_on,
    can_edit_coalition,
    can_edit_report,
    can_view_report,
    transitions_for,
)

REPORTS_PER_PAGE = 12


@cache_anonymous_page("reports")
def report_list(request):
    page_obj = Paginator(selectors.report_list_public(), REPORTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "coalition/report_list.html",
        {"page_obj": page_obj, "can_manage": can_edit_coalition(request.user)},
    )


def _render_detail(request, report: Report, form: CommentForm, status: int = 200):
    user = request.user
    return render(
        request,
        "coalition/report_detail.html",
        {
            "report": report,
            "comments": selectors.report_comments_for(report=report, user=user),
            "form": form,
            "can_comment": can_comment(user),
            "is_preview": not report.is_published,
            "can_manage": can_edit_coalition(user),
            "can_edit": can_edit_report(user, report),
            "transitions": transitions_for(user, report),
        },
        status=status,
    )


def report_detail(request, slug):
    # Drafts answer 404 to everyone but editors, signed in or not: sending an anonymous
    # visitor to sign in (the usual refusal) would tell them the draft exists.
    report = selectors.report_for_page(slug=slug)
    if report is None or not can_view_report(request.user, report):
        raise Http404
    return _render_detail(request, report, CommentForm())


def _load_published_report(request, slug):
    return get_object_or_404(Report.objects.published().prefetch_related("sections"), slug=slug)


@require_POST
@permission_required(
    can_comment_on,
    load=_load_published_report,
    refuse=403,
    message=gettext_lazy("Verify your e-mail address before leaving a reply."),
)
def comment_create(request, report):
    form = CommentForm(request.POST)
    status = 200
    if form.is_valid():
        try:
            comment = services.comment_create(
                report=report, author=request.user, body=form.cleaned_data["body"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
            if getattr(exc, "code", None) == "rate_limited":
                status = 429
        else:
            if comment.status == comment.Status.APPROVED:
                messages.success(request, _("Thank you: your reply is posted."))
            else:
                messages.info(
                    request,
                    _(
                        "Thank you: your reply will appear once an editor has read it. "
                        "After that, your replies appear at once."
                    ),
                )
            return redirect(f"{report.get_absolute_url()}#comment-{comment.pk}")
    messages.error(request, _("Your reply has not been posted; see the message below the form."))
    return _render_detail(request, report, form, status=status)
