from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from roots.permissions import permission_required
from roots.ratelimit import limited
from roots.spreadsheets import csv_writer

from .. import permissions, selectors
from .common import group_context, paginate

FACILITATORS_ONLY = gettext_lazy("Only the group's facilitators see its progress dashboard.")
MEMBERS_PER_PAGE = 50  # rows of the grid; the totals below it and the CSV count every member


@permission_required(
    permissions.can_view_dashboard,
    load=permissions.load_readable_group,
    refuse=403,
    message=FACILITATORS_ONLY,
)
def dashboard(request, group):
    grid = selectors.group_progress(group)
    return render(
        request,
        "groups/dashboard.html",
        group_context(
            request,
            group,
            "dashboard",
            grid=grid,
            page_obj=paginate(request, grid.rows, MEMBERS_PER_PAGE),
            unit_summaries=list(zip(grid.units, grid.state_counts, strict=True)),
            attendance=selectors.attendance_summary(group, timezone.now()),
        ),
    )


@permission_required(
    permissions.can_view_dashboard,
    load=permissions.load_readable_group,
    refuse=403,
    message=FACILITATORS_ONLY,
)
@limited("export", back="groups:dashboard", keep=("slug",))
def dashboard_csv(request, group):
    grid = selectors.group_progress(group)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="{group.slug}-progress-{stamp}.csv"'
    response.write("\ufeff")  # so that spreadsheet programs read the file as UTF-8
    writer = csv_writer(response)
    header = [_("Name"), _("E-mail"), _("Role")]
    for unit in grid.units:
        header += [
            _("Unit %(number)s status") % {"number": unit.number},
            _("Unit %(number)s lessons done") % {"number": unit.number},
            _("Unit %(number)s best score (%%)") % {"number": unit.number},
        ]
    header += [_("Time on the course (minutes)"), _("Certificate"), _("Sessions attended")]
    writer.writerow(header)
    for row in grid.rows:
        user = row.membership.user
        line = [user.full_name, user.email, row.membership.get_role_display()]
        for cell in row.units:
            line += [
                cell.label,
                f"{cell.lessons_done}/{cell.lessons_total}",
                "" if cell.best_score is None else cell.best_score,
            ]
        line.append(row.engaged_seconds // 60)
        line.append(_("yes") if row.certificate else _("no"))
        line.append(row.sessions_attended)
        writer.writerow(line)
    return response
