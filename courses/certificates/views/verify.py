"""The public verification pages: the form to type a code into, and the page of one code, whose
address is printed on every certificate. Lookups are limited per address (roots.ratelimit), so
nobody can try codes by the million."""

from http import HTTPStatus

from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from roots.ratelimit import limited

from .. import selectors
from ..forms import VerifyForm


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
    return render(request, "certificates/certificate_verify.html", {"v": verification})
