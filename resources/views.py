from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.crypto import salted_hmac
from django.views.decorators.http import require_safe

from roots.pagecache import cache_anonymous_page
from roots.permissions import permission_required
from roots.uploads.serve import upload_response

from .forms import ResourceFilterForm
from .permissions import can_download_resource, can_manage_resources, can_view_resource
from .selectors import resource_download_total, resource_get, resource_list, units_relation
from .services import resource_download_record

PAGE_SIZE = 12


def _load_resource(request, catalog_number):
    return resource_get(catalog_number=catalog_number)


def _visitor_key(request) -> str:
    """An anonymous visitor, as a keyed hash of their session (or else their address): enough to
    count a reload once, without storing anything that identifies them."""
    identity = request.session.session_key or f"ip:{request.META.get('REMOTE_ADDR', '')}"
    return salted_hmac("resources.download.visitor", identity, algorithm="sha256").hexdigest()


@require_safe
@cache_anonymous_page("resources")
def resource_list_view(request):
    form = ResourceFilterForm(request.GET)
    resources = resource_list(**form.filters())
    page = Paginator(resources, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "is_filtered": form.is_filtered(),
        "show_units": units_relation() is not None,
    }
    template = "resources/resource_list.html"
    if request.headers.get("HX-Request") and not request.headers.get("HX-History-Restore-Request"):
        template += "#results"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_safe
@permission_required(can_view_resource, load=_load_resource)
def resource_detail(request, resource):
    manager = can_manage_resources(request.user)
    context = {
        "resource": resource,
        "can_download": can_download_resource(request.user, resource),
        "can_manage": manager,
        "download_total": resource_download_total(resource=resource) if manager else None,
        "show_units": units_relation() is not None,
    }
    return render(request, "resources/resource_detail.html", context)


@require_safe
@permission_required(can_view_resource, load=_load_resource)
def resource_download(request, resource):
    if not can_download_resource(request.user, resource):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return render(
            request, "resources/resource_download_refused.html", {"resource": resource}, status=403
        )
    # Restricted files must never be kept by a shared cache. A file missing from storage is a
    # 404 (logged), and not counted as a download.
    response = upload_response(resource.file, filename=resource.download_stem, private=True)
    if request.method == "GET":
        resource_download_record(
            resource=resource, user=request.user, visitor_key=_visitor_key(request)
        )
    return response


@require_safe
@permission_required(can_view_resource, load=_load_resource)
def resource_cover(request, resource):
    if not resource.cover:
        raise Http404
    return upload_response(resource.cover, filename="cover", private=not resource.published)
