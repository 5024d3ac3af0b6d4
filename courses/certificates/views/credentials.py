"""The issuer's public side of verifiable credentials: its DID document and status list."""

from django.http import JsonResponse
from django.views.decorators.http import require_GET

from ..credentials.issue import MEDIA_TYPE
from ..credentials.keys import did_document
from ..credentials.status import status_list_credential


@require_GET
def did_json(request):
    """did:web resolution: the site's keys (current and retired) as Multikey methods."""
    response = JsonResponse(did_document(), json_dumps_params={"indent": 2})
    response["Cache-Control"] = "public, max-age=300"
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def status_list(request):
    """The signed Bitstring Status List: which credentials are revoked or replaced."""
    response = JsonResponse(status_list_credential(), json_dumps_params={"indent": 2})
    response["Content-Type"] = MEDIA_TYPE
    response["Cache-Control"] = "public, max-age=60"
    response["Access-Control-Allow-Origin"] = "*"
    return response
