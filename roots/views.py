import sys

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import health
from .forms import ProfileForm
from .pagecache import cache_anonymous_page
from .permissions import has_verified_email
from .selectors import organizations_administered
from .services import profile_update


@cache_anonymous_page("home")
def home(request):
    return render(request, "roots/home.html")


@login_required
def profile(request):
    if request.method == "POST":
        form = ProfileForm(request.POST, instance=request.user)
        if form.is_valid():
            profile_update(user=request.user, data=form.cleaned_data)
            messages.success(request, _("Your profile has been saved."))
            return redirect("profile")
        messages.error(request, _("Please correct the errors below; nothing has been saved yet."))
    else:
        form = ProfileForm(instance=request.user)
    return render(
        request,
        "roots/profile.html",
        {
            "form": form,
            "email_verified": has_verified_email(request.user),
            "administered": organizations_administered(request.user),
        },
    )


@never_cache
@require_GET
def healthz(request):
    checks = {"db": health.database_problem(), "broker": health.broker_problem()}
    body = {
        name: "ok" if problem is None else f"down: {problem}" for name, problem in checks.items()
    }
    status = 200 if all(problem is None for problem in checks.values()) else 503
    return JsonResponse(body, status=status)


def server_error(request):
    """handler500: an unreachable database is an outage (503, try again), not a bug (500).
    Rendered without the request so that nothing here touches the database again."""
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
        response["Retry-After"] = "30"
        return response
    return HttpResponse(loader.render_to_string("500.html"), status=500)
