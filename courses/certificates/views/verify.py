"""The public verification page whose address is printed on every certificate."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .. import selectors


@require_GET
def verify(request, code):
    verification = selectors.certificate_verification(code=code)
    if verification is None:
        raise Http404
    return render(request, "certificates/certificate_verify.html", {"v": verification})
