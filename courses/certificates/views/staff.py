"""Staff pages: certificates (search, history, revoke, reissue), the accreditor's export and the
course evaluation summaries."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from roots import ratelimit
from roots.permissions import is_staff, permission_required
from roots.spreadsheets import csv_writer

from .. import selectors, services
from ..forms import CertificateSearchForm, ExportForm, RevokeForm
from ..models import Certificate, CreditRules

staff_only = permission_required(is_staff)
PAGE_SIZE = 50


def _certificate_or_404(pk: int) -> Certificate:
    certificate = selectors.certificate_with_history(pk=pk)
    if certificate is None:
        raise Http404
    return certificate


@require_GET
@staff_only
def certificate_list(request):
    form = CertificateSearchForm(request.GET or None)
    query = status = ""
    if form.is_valid():
        query, status = form.cleaned_data["q"], form.cleaned_data["status"]
    page = Paginator(selectors.staff_certificates(query=query, status=status), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "certificates/staff/certificate_list.html",
        {"form": form, "page": page, "query_string": request.GET.urlencode()},
    )


@require_GET
@staff_only
def certificate_history(request, pk):
    return render(
        request,
        "certificates/staff/certificate_history.html",
        {"certificate": _certificate_or_404(pk)},
    )


@require_http_methods(["GET", "POST"])
@staff_only
def certificate_revoke(request, pk):
    certificate = _certificate_or_404(pk)
    form = RevokeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.certificate_revoke(
                    certificate=certificate, by=request.user, reason=form.cleaned_data["reason"]
                )
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(
                    request,
                    _("Certificate %(code)s is revoked; its page now says so.")
                    % {"code": certificate.code},
                )
            return redirect("certificates:staff_certificate", certificate.pk)
        messages.error(request, _("Please correct the errors below; nothing has been saved yet."))
    return render(
        request,
        "certificates/staff/certificate_revoke.html",
        {"certificate": certificate, "form": form},
    )


@require_http_methods(["GET", "POST"])
@staff_only
def certificate_reissue(request, pk):
    certificate = _certificate_or_404(pk)
    if request.method == "POST":
        try:
            certificate = services.certificate_reissue(certificate=certificate, by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("Reissuing: revision %(revision)s with code %(code)s is being prepared.")
                % {"revision": certificate.revision, "code": certificate.code},
            )
        return redirect("certificates:staff_certificate", certificate.pk)
    return render(
        request, "certificates/staff/certificate_reissue.html", {"certificate": certificate}
    )


@require_GET
@staff_only
def export(request):
    form = ExportForm(request.GET or None)
    page = None
    if form.is_valid():
        certificates = selectors.certificates_issued_between(
            start=form.cleaned_data["start"],
            end=form.cleaned_data["end"],
            course=form.cleaned_data["course"],
        )
        if request.GET.get("format") == "csv":
            if not ratelimit.consume(request, "export"):
                query = request.GET.copy()
                query.pop("format")
                back = f"{reverse('certificates:staff_export')}?{query.urlencode()}"
                return ratelimit.refused(request, "export", back=back)
            return _export_csv(certificates, form.cleaned_data)
        page = Paginator(certificates, PAGE_SIZE).get_page(request.GET.get("page"))
    elif request.GET:
        messages.error(request, _("Please correct the errors below."))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "certificates/staff/certificate_export.html",
        {"form": form, "page": page, "query_string": query.urlencode()},
    )


def _export_csv(certificates, data) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"certificates-{data['start'].isoformat()}-{data['end'].isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv_writer(response)
    writer.writerow(
        [
            _("Issued"),
            _("Learner"),
            _("E-mail"),
            _("Credential number"),
            _("Organization"),
            _("Course"),
            _("Credit type"),
            _("Hours"),
            _("Provider number"),
            _("Activity number"),
            _("Code"),
            _("Status"),
        ]
    )
    for certificate in certificates.iterator(chunk_size=2000):
        learner = certificate.learner
        writer.writerow(
            [
                certificate.issued_on.isoformat(),
                certificate.learner_name,
                learner.email,
                learner.credential_number,
                learner.organization.name if learner.organization else "",
                certificate.course_title,
                certificate.get_credit_type_display(),
                services.hours_display(certificate.hours),
                certificate.provider_number,
                certificate.activity_number,
                certificate.code,
                certificate.get_status_display(),
            ]
        )
    return response


@require_GET
@staff_only
def evaluation_list(request):
    return render(
        request,
        "certificates/staff/evaluation_list.html",
        {"rules_list": selectors.courses_with_evaluations()},
    )


def _summary(slug):
    rules = get_object_or_404(CreditRules.objects.select_related("course"), course__slug=slug)
    responses, items = selectors.evaluation_summary(rules=rules)
    return rules, responses, items


@require_GET
@staff_only
def evaluation_summary(request, slug):
    rules, responses, items = _summary(slug)
    return render(
        request,
        "certificates/staff/evaluation_summary.html",
        {"rules": rules, "course": rules.course, "responses": responses, "items": items},
    )


@require_GET
@staff_only
@ratelimit.limited("export", back="certificates:staff_evaluation", keep=("slug",))
def evaluation_summary_csv(request, slug):
    rules, responses, items = _summary(slug)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="evaluation-{rules.course.slug}.csv"'
    writer = csv_writer(response)
    writer.writerow([_("Item"), _("Kind"), _("Responses"), _("Mean (1-5)"), _("Answer")])
    for summary in items:
        item = summary.item
        if item.kind == item.Kind.LIKERT:
            mean = f"{summary.mean:.2f}" if summary.mean is not None else ""
            writer.writerow([item.prompt, item.get_kind_display(), summary.count, mean, ""])
        else:
            for text in summary.texts:
                writer.writerow([item.prompt, item.get_kind_display(), "", "", text])
    writer.writerow([_("Evaluations submitted"), "", responses, "", ""])
    return response
