"""Invitations by e-mail, with the limits that keep them from being a way to spam people.

- Only a facilitator in good standing invites (roots.permissions.in_good_standing), and not one
  whose invitations recipients reported as unwanted REPORTS_TO_STOP times within REPORTS_WINDOW.
- A person sends at most INVITATIONS_PER_DAY invitations in any 24 hours, over all their groups;
  a batch that does not fit is refused whole, saying how many still fit.
- An address gets at most INVITATIONS_PER_ADDRESS_PER_DAY invitations in 24 hours from everyone,
  one open invitation per group, and none again from a group whose invitation it reported.
- A link works only for an account holding the invited address, verified; someone a facilitator
  removed comes back only through an invitation sent after the removal."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from roots.mail import absolute_url, send_templated
from roots.models import User
from roots.permissions import has_verified_email, in_good_standing
from roots.tasks import enqueue_on_commit

from ..models import Invitation, LearningGroup, Membership
from .groups import _admit

INVITATIONS_PER_DAY = 30
INVITATIONS_PER_ADDRESS_PER_DAY = 3
REPORTS_TO_STOP = 2
REPORTS_WINDOW = timedelta(days=30)
DAY = timedelta(days=1)


@dataclass
class Allowance:
    """What a person may still send: `refusal` says why they may send nothing at all."""

    remaining: int
    limit: int = INVITATIONS_PER_DAY
    refusal: str = ""


@dataclass
class InvitationBatch:
    """The invitations made, and the addresses left out, by reason."""

    sent: list[Invitation] = field(default_factory=list)
    members: list[str] = field(default_factory=list)
    already_invited: list[str] = field(default_factory=list)
    declined: list[str] = field(default_factory=list)
    invited_often: list[str] = field(default_factory=list)


def invitation_allowance(user: User) -> Allowance:
    """How many invitations `user` may still send in the next 24 hours, or why none."""
    now = timezone.now()
    if not has_verified_email(user):
        return Allowance(0, refusal=_("Verify your e-mail address before you invite people."))
    if not in_good_standing(user):
        return Allowance(
            0,
            refusal=_(
                "New accounts can invite people by e-mail from their second day. Until then, "
                "share the group's join link."
            ),
        )
    reports = Invitation.objects.filter(
        invited_by=user, reported_at__gte=now - REPORTS_WINDOW
    ).count()
    if reports >= REPORTS_TO_STOP:
        return Allowance(
            0,
            refusal=_(
                "People reported invitations you sent as unwanted, so you cannot send more for "
                "now. Share the group's join link, or write to the site's team."
            ),
        )
    sent = Invitation.objects.filter(invited_by=user, created_at__gte=now - DAY).count()
    return Allowance(max(INVITATIONS_PER_DAY - sent, 0))


def _addresses_of(query, addresses: list[str]) -> set[str]:
    return set(
        query.annotate(address=Lower("email"))
        .filter(address__in=addresses)
        .values_list("address", flat=True)
    )


@transaction.atomic
def invitations_create(
    *, group: LearningGroup, emails: list[str], invited_by: User
) -> InvitationBatch:
    """Invite each address that may be invited; the e-mails go out after the transaction
    commits. Raises ValidationError when the inviter may not invite or the batch is over what
    they may still send today."""
    # One batch at a time per person, so that parallel requests cannot each pass the count.
    User.objects.select_for_update().get(pk=invited_by.pk)
    allowance = invitation_allowance(invited_by)
    if allowance.refusal:
        raise ValidationError(allowance.refusal, code="not_in_good_standing")
    now = timezone.now()
    addresses = list(dict.fromkeys(email.strip().lower() for email in emails if email.strip()))
    batch = InvitationBatch()
    batch.members = sorted(
        set(
            Membership.objects.active()
            .filter(group=group)
            .annotate(email_lower=Lower("user__email"))
            .filter(email_lower__in=addresses)
            .values_list("email_lower", flat=True)
        )
    )
    of_group = Invitation.objects.filter(group=group)
    declined = _addresses_of(of_group.filter(reported_at__isnull=False), addresses)
    waiting = _addresses_of(
        of_group.filter(accepted_at__isnull=True, reported_at__isnull=True, expires_at__gt=now),
        addresses,
    )
    counts = Counter(
        Invitation.objects.filter(created_at__gte=now - DAY)
        .annotate(address=Lower("email"))
        .filter(address__in=addresses)
        .values_list("address", flat=True)
    )
    to_invite = []
    for address in addresses:
        if address in batch.members:
            continue
        if address in declined:
            batch.declined.append(address)
        elif address in waiting:
            batch.already_invited.append(address)
        elif counts[address] >= INVITATIONS_PER_ADDRESS_PER_DAY:
            batch.invited_often.append(address)
        else:
            to_invite.append(address)
    if len(to_invite) > allowance.remaining:
        raise ValidationError(
            ngettext(
                "You can send %(remaining)s more invitation today (at most %(limit)s a day) "
                "and this list has %(count)s new addresses. Shorten it, or send the rest "
                "tomorrow.",
                "You can send %(remaining)s more invitations today (at most %(limit)s a day) "
                "and this list has %(count)s new addresses. Shorten it, or send the rest "
                "tomorrow.",
                allowance.remaining,
            )
            % {"remaining": allowance.remaining, "limit": allowance.limit, "count": len(to_invite)},
            code="daily_limit",
        )
    batch.sent = Invitation.objects.bulk_create(
        [Invitation(group=group, email=email, invited_by=invited_by) for email in to_invite]
    )
    for invitation in batch.sent:
        enqueue_on_commit("groups.tasks.invitation_send_task", invitation.pk, inline_if_down=True)
    return batch


def invitation_send(*, invitation: Invitation) -> bool:
    """Send the invitation e-mail once; returns False if it was already sent or is unusable."""
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update(of=("self",))
            .select_related("group__course", "invited_by")
            .get(pk=invitation.pk)
        )
        if invitation.sent_at is not None or not invitation.is_usable:
            return False
        send_templated(
            "emails/groups/invitation",
            to=invitation.email,
            context={
                "invitation": invitation,
                "group": invitation.group,
                "inviter": invitation.invited_by,
                "accept_url": absolute_url(invitation.get_absolute_url()),
                "report_url": absolute_url(invitation.get_report_url()),
            },
        )
        invitation.sent_at = timezone.now()
        invitation.save(update_fields=["sent_at"])
    return True


def holds_invited_address(user: User, invitation: Invitation) -> bool:
    """The account has the address the invitation was sent to, verified."""
    return EmailAddress.objects.filter(
        user=user, email__iexact=invitation.email, verified=True
    ).exists()


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User) -> tuple:
    """Join the group through an invitation; returns (membership, joined). The invitation is
    used up, unless the person was a member already (then it stays for whom it was meant)."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise ValidationError(_("This invitation has already been used."), code="used")
    if invitation.reported_at is not None:
        raise ValidationError(
            _("This invitation was reported as unwanted and cannot be used."), code="reported"
        )
    if invitation.is_expired:
        raise ValidationError(
            _("This invitation has expired. Ask the facilitator to send a new one."),
            code="expired",
        )
    if not holds_invited_address(user, invitation):
        raise ValidationError(
            _(
                "This invitation was sent to %(address)s. Sign in with that address, or add it "
                "to your account and verify it, to accept it."
            )
            % {"address": invitation.email},
            code="wrong_address",
        )
    membership, joined = _admit(group=invitation.group, user=user, invited_at=invitation.created_at)
    if joined:
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
    return membership, joined


@transaction.atomic
def invitation_report(*, invitation: Invitation) -> Invitation:
    """The recipient did not want it: the link stops working, the group cannot invite the
    address again, and the inviter comes closer to losing the right to invite."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.reported_at is None and invitation.accepted_at is None:
        invitation.reported_at = timezone.now()
        invitation.save(update_fields=["reported_at"])
    return invitation
