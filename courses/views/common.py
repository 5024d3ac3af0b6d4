"""What several course pages share: the staff preview, htmx requests, the enrolment gate."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from roots.permissions import has_verified_email

from .. import permissions


def is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def is_preview(request) -> bool:
    return permissions.can_preview(request.user) and request.GET.get("preview") == "1"


def refuse_not_enrolled(request, progress):
    """Lessons and checks need an enrolment; staff may look without one. Returns a redirect
    for a learner who is not enrolled, else None."""
    if progress.is_enrolled or permissions.can_preview(request.user):
        return None
    if has_verified_email(request.user):
        messages.info(request, _("Enrol in the course to open its lessons."))
    else:
        messages.warning(
            request, _("Verify your e-mail address, then enrol in the course to open its lessons.")
        )
    return redirect(progress.course)
