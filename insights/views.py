"""The site search; staff analytics and organization roll-ups: pages of tables with charts, each
table also a CSV."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from courses.models import Course
from roots.forms import SearchForm
from roots.pagecache import cache_anonymous_page
from roots.permissions import (
    administers_any_organization,
    can_view_analytics,
    can_view_organization,
    permission_required,
)
from roots.ratelimit import limited

from . import analytics, rollup
from .analytics.accounts import key_figures
from .analytics.completions import unit_completions_by_user
from .analytics.periods import PERIODS, Period, period_for
from .charts import DataTable
from .learners import course_learners
from .permissions import load_organization
from .search import site_search

MEMBERS_PER_PAGE = 50
ORGANIZATIONS_PER_PAGE = 50


@require_GET
@cache_anonymous_page("search")
def search(request):
    form = SearchForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    results = site_search(
        user=request.user,
        text=data.get("q", ""),
        kind_key=data.get("type", ""),
        page_number=request.GET.get("page"),
    )
    return render(
        request,
        "insights/search.html",
        {
            "form": form,
            "results": results,
            "query_param": urlencode({"q": results.query}),
        },
    )


def csv_response(table: DataTable, *, name: str, period: Period | None) -> HttpResponse:
    parts = [name, table.slug]
    if period is not None:
        parts += [f"{period.first_day:%Y-%m}", f"{period.today:%Y-%m}"]
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{"-".join(parts)}.csv"'
    # The byte-order mark tells spreadsheet programs the file is UTF-8 (names with accents).
    response.write("\ufeff" + table.csv_text())
    return response


def _period_context(period: Period) -> dict:
    return {
        "period": period,
        "periods": PERIODS,
        "period_query": f"months={period.length}",
    }


@require_GET
@permission_required(can_view_analytics)
def staff_analytics(request):
    period = period_for(request.GET.get("months"))
    return render(
        request,
        "insights/staff_analytics.html",
        {
            **_period_context(period),
            "figures": key_figures(period),
            "tables": analytics.staff_tables(period),
            "courses": Course.objects.order_by("title").only("title", "slug"),
        },
    )


@require_GET
@permission_required(can_view_analytics)
def staff_course_learners(request, slug):
    """Every learner of a course: their state in each unit and their time on the course."""
    course = get_object_or_404(Course, slug=slug)
    learners = course_learners(course, page_number=request.GET.get("page"))
    return render(
        request, "insights/course_learners.html", {"course": course, "learners": learners}
    )


@require_GET
@permission_required(can_view_analytics)
@limited("export", back="insights:staff_analytics")
def staff_analytics_csv(request, table):
    build = analytics.STAFF_TABLES.get(table)
    if build is None:
        raise Http404
    period = period_for(request.GET.get("months"))
    return csv_response(build(period), name="roots", period=period)


@require_GET
@permission_required(administers_any_organization)
def organization_list(request):
    organizations = rollup.organizations_for(request.user)
    page = Paginator(organizations, ORGANIZATIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "insights/organization_list.html", {"page_obj": page})


@require_GET
@permission_required(can_view_organization, load=load_organization)
def organization_detail(request, organization):
    period = period_for(request.GET.get("months"))
    members = Paginator(rollup.organization_members(organization), MEMBERS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    units_by_user = unit_completions_by_user(organization_id=organization.pk)
    return render(
        request,
        "insights/organization_detail.html",
        {
            **_period_context(period),
            "organization": organization,
            "groups": rollup.group_table(rollup.organization_groups(organization)),
            "tables": rollup.monthly_tables(organization, period),
            "members_page": members,
            "members": rollup.member_table(members, units_by_user=units_by_user),
        },
    )


@require_GET
@permission_required(can_view_organization, load=load_organization)
@limited("export", back="insights:organization_detail", keep=("pk",))
def organization_csv(request, organization):
    period = period_for(request.GET.get("months"))
    table = rollup.organization_csv_table(
        organization, period, request.resolver_match.kwargs["table"]
    )
    if table is None:
        raise Http404
    monthly = table.slug in rollup.MONTHLY_TABLES
    return csv_response(table, name=slugify(organization.name), period=period if monthly else None)
