"""What every group page shows (the layout's roles and tabs), and the helpers its views share."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import permissions

SESSIONS_FACILITATORS_ONLY = gettext_lazy(
    "Only the group's facilitators can schedule and run sessions."
)


def _tabs(group, *, is_member: bool, is_facilitator: bool, can_view_dashboard: bool):
    tabs = [
        ("overview", "groups:detail", _("Overview"), True),
        ("sessions", "groups:sessions", _("Sessions"), True),
        ("discussions", "groups:boards", _("Discussions"), True),
        ("members", "groups:members", _("Members"), is_facilitator),
        ("dashboard", "groups:dashboard", _("Progress"), can_view_dashboard),
        ("settings", "groups:edit", _("Group settings"), is_facilitator),
        ("you", "groups:settings", _("Your preferences"), is_member),
    ]
    return [
        {"key": key, "url": reverse(name, args=[group.slug]), "label": label}
        for key, name, label, shown in tabs
        if shown
    ]


def group_context(request, group, tab: str = "", **extra) -> dict:
    """What the group layout needs: the viewer's membership and roles, and the section tabs."""
    user = request.user
    flags = {
        "is_member": permissions.is_member(user, group),
        "is_facilitator": permissions.is_facilitator(user, group),
        "can_view_dashboard": permissions.can_view_dashboard(user, group),
    }
    can_read = permissions.can_read_group(user, group)
    return {
        "group": group,
        "membership": permissions.membership_of(user, group),
        "can_read": can_read,
        "tabs": _tabs(group, **flags) if can_read else [],
        "tab": tab,
        **flags,
        **extra,
    }


def paginate(request, items, per_page: int):
    return Paginator(items, per_page).get_page(request.GET.get("page"))


def form_error_message(request) -> None:
    messages.error(request, _("Please correct the errors below; nothing has been saved yet."))


def validation_messages(request, error) -> None:
    for message in error.messages:
        messages.error(request, message)
