"""The public verification pages: the form to type a code into, and the page of one code, whose
address is printed on every certificate. Lookups are limited per address (roots.ratelimit), so
nobody can try codes by the million."""

from http import HTTPStatus

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from roots.ratelimit import limited

from .. import selectors
from ..credentials.check import credential_check
from ..credentials.issue import MEDIA_TYPE, credential_bytes
from ..forms import CredentialCheckForm, VerifyForm


def _not_found(request, form):
    return render(
        request,
        "certificates/certificate_not_found.html",
        {"form": form},
        status=HTTPStatus.NOT_FOUND,
    )


@require_GET
@limited("lookup", back="certificates:verify_form")
def verify_form(request):
    form = VerifyForm(request.GET or None)
    if form.is_valid():
        code = form.cleaned_data["code"]
        if selectors.certificate_verification(code=code) is None:
            return _not_found(request, form)
        return redirect("certificates:verify", code)
    return render(request, "certificates/certificate_verify_form.html", {"form": form})


@require_GET
@limited("lookup", back="certificates:verify_form")
def verify(request, code):
    verification = selectors.certificate_verification(code=code)
    if verification is None:
        return _not_found(request, VerifyForm(initial={"code": code[:40]}))
    credential = verification.revision.credential
    verdict = credential_check(credential) if credential else None
    return render(
        request, "certificates/certificate_verify.html", {"v": verification, "verdict": verdict}
    )


@require_GET
@limited("lookup", back="certificates:verify_form")
def verify_credential_json(request, code):
    """The credential of a code, for a verifier to check (it prints what the page shows)."""
    verification = selectors.certificate_verification(code=code)
    if verification is None or not verification.revision.credential:
        raise Http404
    response = HttpResponse(
        credential_bytes(verification.revision.credential), content_type=MEDIA_TYPE
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_http_methods(["GET", "POST"])
@limited("lookup", back="certificates:verify_form")
def credential_check_page(request):
    """Anyone pastes or uploads a credential and sees the verdict with its reason."""
    form = CredentialCheckForm(request.POST or None, request.FILES or None)
    verdict = None
    if request.method == "POST" and form.is_valid():
        verdict = credential_check(form.cleaned_data["credential"])
    return render(request, "certificates/credential_check.html", {"form": form, "verdict": verdict})
