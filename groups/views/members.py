from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from roots.permissions import permission_required

from .. import permissions, selectors, services
from ..forms import InvitationForm
from ..models import Membership
from .common import (
    form_error_message,
    group_context,
    validation_messages,
)

FACILITATORS_ONLY = gettext_lazy("Only the group's facilitators can manage its members.")

facilitator_required = permission_required(
    permissions.is_facilitator,
    load=permissions.load_readable_group,
    refuse=403,
    message=FACILITATORS_ONLY,
)


manage_membership = permission_required(
    permissions.can_manage_membership,
    load=permissions.load_membership,
    refuse=403,
    message=FACILITATORS_ONLY,
)


def _require_status(membership: Membership, status: str) -> None:
    if membership.status != status:
        raise Http404


def _members_page(request, group, invitation_form, status=200):
    return render(
        request,
        "groups/group_members.html",
        group_context(
            request,
            group,
            "members",
            members=list(selectors.group_members(group)),
            requests=list(selectors.join_requests(group)),
            invitations=list(selectors.open_invitations(group, timezone.now())),
            invitation_form=invitation_form,
            allowance=services.invitation_allowance(request.user),
            join_url=request.build_absolute_uri(group.get_join_url()),
        ),
        status=status,
    )


@facilitator_required
def group_members(request, group):
    return _members_page(request, group, InvitationForm())


@require_POST
@facilitator_required
def invitation_create(request, group):
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            batch = services.invitations_create(
                group=group, emails=form.cleaned_data["emails"], invited_by=request.user
            )
        except ValidationError as error:
            form.add_error("emails", error)
        else:
            _batch_messages(request, batch)
            return redirect("groups:members", slug=group.slug)
    form_error_message(request)
    return _members_page(request, group, form)


SKIPPED = [
    ("members", gettext_lazy("Already members, not invited again: %(list)s.")),
    (
        "already_invited",
        gettext_lazy("Already invited, the invitation is waiting for an answer: %(list)s."),
    ),
    (
        "declined",
        gettext_lazy("Reported an invitation from this group as unwanted, not invited: %(list)s."),
    ),
    (
        "invited_often",
        gettext_lazy("Invited several times today already, try tomorrow: %(list)s."),
    ),
]


def _batch_messages(request, batch) -> None:
    if batch.sent:
        messages.success(
            request,
            _("Invitation sent to %(list)s.")
            % {"list": ", ".join(invitation.email for invitation in batch.sent)},
        )
    for reason, text in SKIPPED:
        addresses = getattr(batch, reason)
        if addresses:
            messages.info(request, text % {"list": ", ".join(addresses)})


@facilitator_required
def join_code_regenerate(request, group):
    if request.method == "POST":
        services.join_code_regenerate(group=group)
        messages.success(
            request, _("The group has a new join link. The old link and code no longer work.")
        )
        return redirect("groups:members", slug=group.slug)
    return render(
        request, "groups/join_code_confirm_regenerate.html", group_context(request, group)
    )


@require_POST
@manage_membership
def membership_approve(request, membership):
    group = membership.group
    _require_status(membership, Membership.Status.PENDING)
    try:
        services.membership_approve(membership=membership)
    except ValidationError as error:
        validation_messages(request, error)
    else:
        messages.success(
            request, _("%(name)s is now a member.") % {"name": membership.user.display_name}
        )
    return redirect("groups:members", slug=group.slug)


@require_POST
@manage_membership
def membership_decline(request, membership):
    group = membership.group
    _require_status(membership, Membership.Status.PENDING)
    services.membership_decline(membership=membership)
    messages.success(
        request,
        _("You declined the request of %(name)s.") % {"name": membership.user.display_name},
    )
    return redirect("groups:members", slug=group.slug)


@require_POST
@manage_membership
def membership_promote(request, membership):
    group = membership.group
    _require_status(membership, Membership.Status.ACTIVE)
    services.membership_promote(membership=membership)
    messages.success(
        request,
        _("%(name)s is now a facilitator of the group.") % {"name": membership.user.display_name},
    )
    return redirect("groups:members", slug=group.slug)


@manage_membership
def membership_remove(request, membership):
    group = membership.group
    _require_status(membership, Membership.Status.ACTIVE)
    if request.method == "POST":
        try:
            services.membership_remove(membership=membership, removed_by=request.user)
        except ValidationError as error:
            validation_messages(request, error)
        else:
            messages.success(
                request,
                _("%(name)s has been removed from the group.")
                % {"name": membership.user.display_name},
            )
        return redirect("groups:members", slug=group.slug)
    return render(
        request,
        "groups/membership_confirm_remove.html",
        group_context(request, group, "members", target=membership),
    )
