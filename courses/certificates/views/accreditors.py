"""Staff pages for accreditors: the roster file each accreditor profile asks for, over a range
of completion dates, and the CE provider's signature image (shown in the admin)."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from roots import ratelimit
from roots.permissions import is_staff, permission_required
from roots.spreadsheets import csv_writer
from roots.uploads.serve import upload_response

from .. import reports, selectors
from ..forms import RosterForm
from ..models import Provider

staff_only = permission_required(is_staff)


@require_GET
@staff_only
def roster(request):
    form = RosterForm(request.GET or None)
    count = None
    if form.is_valid():
        data = form.cleaned_data
        certificates = selectors.roster_certificates(
            profile=data["profile"], start=data["start"], end=data["end"]
        )
        if request.GET.get("format") == "csv":
            if not ratelimit.consume(request, "export"):
                query = request.GET.copy()
                query.pop("format")
                back = f"{reverse('certificates:staff_roster')}?{query.urlencode()}"
                return ratelimit.refused(request, "export", back=back)
            return _roster_csv(certificates, data)
        count = certificates.count()
    elif request.GET:
        messages.error(request, _("Please correct the errors below."))
    query = request.GET.copy()
    query.pop("format", None)
    return render(
        request,
        "certificates/staff/roster.html",
        {"form": form, "count": count, "query_string": query.urlencode()},
    )


def _roster_csv(certificates, data) -> HttpResponse:
    profile = data["profile"]
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = (
        f"{profile.credit_type}-{profile.report_kind}-"
        f"{data['start'].isoformat()}-{data['end'].isoformat()}.csv"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    csv_writer(response).writerows(
        reports.roster_rows(profile.report_kind, certificates.iterator(chunk_size=2000))
    )
    return response


@require_GET
@staff_only
def provider_signature(request, pk):
    provider = get_object_or_404(Provider, pk=pk)
    if not provider.signature:
        raise Http404
    return upload_response(provider.signature, filename="signature", private=True)
