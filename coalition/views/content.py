"""The coalition's standing pages, action goals and partners."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from roots.permissions import permission_required

from .. import selectors, services
from ..forms import GoalUpdateForm, PageForm, PartnerFilterForm
from ..models import Goal, Page
from ..permissions import can_edit_coalition

PARTNERS_PER_PAGE = 24


def page_detail(request, slug):
    page = Page.objects.filter(slug=slug).first()
    if page is None:
        raise Http404
    return render(
        request,
        "coalition/page_detail.html",
        {"page": page, "can_edit": can_edit_coalition(request.user)},
    )


@permission_required(can_edit_coalition)
def page_edit(request, slug):
    # Editors may start a page that does not exist yet, so a fresh site needs no admin visit.
    page = Page.objects.filter(slug=slug).first() or Page(slug=slug)
    if request.method == "POST":
        form = PageForm(request.POST, instance=page)
        if form.is_valid():
            try:
                services.page_update(page=page, by=request.user, data=form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The page is saved."))
                return redirect(page.get_absolute_url())
        messages.error(request, _("Please correct the errors below; nothing has been saved yet."))
    else:
        form = PageForm(instance=page)
    return render(request, "coalition/page_form.html", {"page": page, "form": form})


def goal_list(request):
    return render(
        request,
        "coalition/goal_list.html",
        {"goals": selectors.goal_list(), "can_edit": can_edit_coalition(request.user)},
    )


@permission_required(can_edit_coalition)
def goal_update_create(request, number):
    goal = get_object_or_404(Goal, number=number)
    if request.method == "POST":
        form = GoalUpdateForm(request.POST)
        if form.is_valid():
            try:
                services.goal_update_create(goal=goal, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(
                    request,
                    _("Progress on goal %(number)s is recorded.") % {"number": goal.number},
                )
                return redirect(goal.get_absolute_url())
        messages.error(request, _("Please correct the errors below; nothing has been saved yet."))
    else:
        form = GoalUpdateForm()
    return render(request, "coalition/goal_update_form.html", {"goal": goal, "form": form})


def partner_list(request):
    filters = PartnerFilterForm(request.GET or None)
    tier = sector = ""
    if filters.is_valid():
        tier, sector = filters.cleaned_data["tier"], filters.cleaned_data["sector"]
    partners = selectors.partner_list(tier=tier, sector=sector)
    page_obj = Paginator(partners, PARTNERS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "coalition/partner_list.html",
        {
            "page_obj": page_obj,
            "filters": filters,
            "tier": tier,
            "sector": sector,
            "counts": selectors.partner_counts(tier=tier, sector=sector),
            "query": query.urlencode(),
        },
    )
