"""Live CE credit for a session: the facilitator offers it, then grants it on the attendance
recorded in minutes (both from the attendance page)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from roots.permissions import permission_required

from .. import permissions, services
from ..forms import SessionCreditForm
from .common import SESSIONS_FACILITATORS_ONLY, form_error_message, validation_messages
from .sessions import attendance_page


def _back(session):
    return redirect("groups:session_attendance", slug=session.group.slug, pk=session.pk)


@require_POST
@permission_required(
    permissions.can_manage_session,
    load=permissions.load_session,
    refuse=403,
    message=SESSIONS_FACILITATORS_ONLY,
)
def session_credit(request, session):
    form = SessionCreditForm.for_session(session, request.POST)
    if not form.is_valid():
        form_error_message(request)
        return attendance_page(request, session, credit=form)
    data = form.cleaned_data
    try:
        services.session_credit_set(
            session=session,
            offering=data["offering"],
            hours=data["hours"],
            threshold=data["threshold"],
            activity_number=data["activity_number"],
        )
    except ValidationError as error:
        field = error.code if error.code in ("hours", "offering") else None
        form.add_error(field, error)
        form_error_message(request)
        return attendance_page(request, session, credit=form)
    messages.success(
        request,
        _("This session now offers CE credit.")
        if data["offering"]
        else _("This session no longer offers CE credit."),
    )
    return _back(session)


@require_POST
@permission_required(
    permissions.can_manage_session,
    load=permissions.load_session,
    refuse=403,
    message=SESSIONS_FACILITATORS_ONLY,
)
def session_credit_grant(request, session):
    try:
        result = services.live_credit_grant(session=session)
    except ValidationError as error:
        validation_messages(request, error)
        return _back(session)
    given = len(result.granted) + len(result.partial)
    messages.success(
        request,
        _(
            "Certificates are being prepared for %(given)s members (%(partial)s with partial "
            "credit); %(below)s were below the attendance needed; %(absent)s did not attend; "
            "%(already)s already had theirs."
        )
        % {
            "given": given,
            "partial": len(result.partial),
            "below": len(result.below),
            "absent": len(result.absent),
            "already": result.already,
        },
    )
    for name, reason in result.refused:
        messages.warning(
            request, _("%(name)s: not issued. %(reason)s") % {"name": name, "reason": reason}
        )
    return _back(session)
