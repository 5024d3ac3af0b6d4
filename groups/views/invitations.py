"""An invitation's link: accepting it (only the account with the invited address can), and
reporting it as unwanted (anyone holding the link, signed in or not)."""

from allauth.account.adapter import get_adapter
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .. import permissions, selectors, services
from .common import validation_messages


def _invalid(request, invitation, problem: str):
    status = 404 if problem == "invalid" else 410
    return render(
        request,
        "groups/invitation_invalid.html",
        {"invitation": invitation, "problem": problem},
        status=status,
    )


def invitation_accept(request, token):
    invitation, problem = selectors.invitation_from_token(token)
    if not problem and invitation.reported_at is not None:
        problem = "reported"
    if problem:
        return _invalid(request, invitation, problem)
    group = invitation.group
    user = request.user
    if user.is_authenticated and permissions.is_member(user, group):
        messages.info(request, _("You are already a member of this group."))
        return redirect(group)
    if not user.is_authenticated:
        # The link reached this address's mailbox: signing up with the address from here needs
        # no second verification e-mail (allauth reads what is stashed in the session).
        get_adapter(request).stash_verified_email(request, invitation.email)
    if request.method == "POST":
        if not user.is_authenticated:
            return redirect_to_login(request.path)
        try:
            services.invitation_accept(invitation=invitation, user=user)
        except ValidationError as error:
            validation_messages(request, error)
        else:
            messages.success(request, _("Welcome to %(name)s!") % {"name": group.name})
            return redirect(group)
    return render(
        request,
        "groups/invitation_detail.html",
        {
            "invitation": invitation,
            "group": group,
            "holds_address": user.is_authenticated
            and services.holds_invited_address(user, invitation),
        },
    )


def invitation_report(request, token):
    """The link in every invitation e-mail: "I did not want this"."""
    invitation, problem = selectors.invitation_from_token(token)
    if invitation is None:
        return _invalid(request, invitation, problem)
    if request.method == "POST":
        invitation = services.invitation_report(invitation=invitation)
    return render(
        request,
        "groups/invitation_report.html",
        {"invitation": invitation, "group": invitation.group, "done": request.method == "POST"},
    )
