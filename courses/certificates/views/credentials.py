"""The issuer's public side of verifiable credentials: its DID document."""

from django.http import JsonResponse
from django.views.decorators.http import require_GET

from ..credentials.keys import did_document


@require_GET
def did_json(request):
    """did:web resolution: the site's keys (current and retired) as Multikey methods."""
    response = JsonResponse(did_document(), json_dumps_params={"indent": 2})
    response["Cache-Control"] = "public, max-age=300"
    response["Access-Control-Allow-Origin"] = "*"
    return response
