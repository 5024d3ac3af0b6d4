"""The coalition's uploaded files, each through the permission of the page that shows it: a
report's PDF and cover (a draft's answer 404 to all but editors, like the report itself) and a
partner's logo. roots.uploads.serve sets the type, disposition and sandbox."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.text import slugify
from django.views.decorators.http import require_safe

from roots.uploads.serve import upload_response

from ..models import Partner, Report
from ..permissions import can_view_report


def _viewable_report(request, slug) -> Report:
    report = Report.objects.filter(slug=slug).first()
    if report is None or not can_view_report(request.user, report):
        raise Http404
    return report


@require_safe
def report_pdf(request, slug):
    report = _viewable_report(request, slug)
    if not report.pdf:
        raise Http404
    return upload_response(
        report.pdf, filename=slugify(report.title) or "report", private=not report.is_published
    )


@require_safe
def report_cover(request, slug):
    report = _viewable_report(request, slug)
    if not report.cover:
        raise Http404
    return upload_response(report.cover, filename="cover", private=not report.is_published)


@require_safe
def partner_logo(request, pk):
    partner = get_object_or_404(Partner, pk=pk)
    if not partner.logo:
        raise Http404
    return upload_response(partner.logo, filename="logo", private=False)
