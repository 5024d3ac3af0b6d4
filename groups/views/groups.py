from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from roots.permissions import can_attach_to_organization, permission_required

from .. import permissions, selectors, services
from ..forms import GroupFilterForm, GroupForm, JoinCodeForm, MembershipSettingsForm
from ..models import LearningGroup
from ..models.discussions import board_url
from ..models.groups import normalize_join_code
from .common import (
    form_error_message,
    group_context,
    paginate,
    validation_messages,
)

GROUPS_PER_PAGE = 12
MEMBERS_SHOWN = 30  # on the overview, facilitators first; the count says how many in all


def group_list(request):
    filter_form = GroupFilterForm(request.GET or None)
    kind = state = ""
    if filter_form.is_valid():
        kind, state = filter_form.cleaned_data["kind"], filter_form.cleaned_data["state"]
    page_obj = paginate(request, selectors.groups_listed(kind=kind, state=state), GROUPS_PER_PAGE)
    my_memberships = (
        list(selectors.memberships_of_user(request.user)) if request.user.is_authenticated else []
    )
    return render(
        request,
        "groups/group_list.html",
        {
            "filter_form": filter_form,
            "filtered": bool(kind or state),
            "page_obj": page_obj,
            "my_memberships": my_memberships,
        },
    )


@permission_required(permissions.is_signed_in)
def group_create(request):
    if not permissions.can_create_group(request.user):
        return render(request, "groups/verify_email_needed.html", status=403)
    if request.method == "POST":
        form = GroupForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                group = services.group_create(creator=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("Your group “%(name)s” is ready. Invite people from the Members page.")
                    % {"name": group.name},
                )
                return redirect(group)
        form_error_message(request)
    else:
        own = request.user.organization
        form = GroupForm(
            user=request.user,
            initial={
                "organization": own if can_attach_to_organization(request.user, own) else None,
                "kind": own.kind if own else LearningGroup.Kind.OTHER,
                "state": own.state if own else "",
            },
        )
    return render(request, "groups/group_create.html", {"form": form})


@permission_required(permissions.can_see_group, load=permissions.load_group)
def group_detail(request, group):
    context = group_context(request, group, tab="overview")
    if context["can_read"]:
        now = timezone.now()
        context["members"], context["member_count"] = selectors.group_member_names_shown(
            group, MEMBERS_SHOWN
        )
        context["facilitators"] = [m for m in context["members"] if m.is_facilitator]
        context["upcoming"] = selectors.sessions_upcoming(group, request.user, now, limit=3)
        context["recent_threads"] = selectors.recent_threads(
            group, include_hidden=context["is_facilitator"]
        )
    else:
        context["facilitators"] = list(selectors.group_facilitators(group))
        context["member_count"] = group.memberships.active().count()
    if context["can_view_dashboard"]:
        context["guide"] = selectors.facilitator_guide()
        context["units"] = [
            (unit, board_url(group, unit)) for unit in selectors.course_units_with_material(group)
        ]
        context["request_count"] = group.memberships.pending().count()
    return render(request, "groups/group_detail.html", context)


@permission_required(
    permissions.is_facilitator,
    load=permissions.load_readable_group,
    refuse=403,
    message=gettext_lazy("Only the group's facilitators can change its settings."),
)
def group_edit(request, group):
    if request.method == "POST":
        form = GroupForm(request.POST, instance=group, editing=True, user=request.user)
        if form.is_valid():
            try:
                group = services.group_update(
                    group=group, data=form.cleaned_data, changed_by=request.user
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The group's settings have been saved."))
                return redirect(group)
        form_error_message(request)
    else:
        form = GroupForm(instance=group, editing=True, user=request.user)
    return render(
        request, "groups/group_form.html", group_context(request, group, "settings", form=form)
    )


def join_code_lookup(request):
    """The form where someone types the code a facilitator gave them."""
    form = JoinCodeForm(request.GET or None)
    if form.is_valid():
        return redirect("groups:join", code=form.cleaned_data["code"])
    return render(request, "groups/join_code.html", {"form": form})


@permission_required(permissions.is_signed_in)
def join_by_code(request, code):
    group = (
        LearningGroup.objects.select_related("course", "organization")
        .filter(join_code=normalize_join_code(code))
        .first()
    )
    if group is None:
        return render(request, "groups/join_invalid.html", status=404)
    if permissions.is_member(request.user, group):
        messages.info(request, _("You are already a member of this group."))
        return redirect(group)
    if request.method == "POST":
        try:
            services.membership_join_by_code(group=group, user=request.user)
        except ValidationError as error:
            validation_messages(request, error)
        else:
            messages.success(request, _("Welcome to %(name)s!") % {"name": group.name})
            return redirect(group)
    return render(request, "groups/join_detail.html", {"group": group, "code": group.join_code})


@require_POST
@permission_required(permissions.can_request_to_join, load=permissions.load_group)
def group_request_join(request, group):
    try:
        services.membership_request(group=group, user=request.user)
    except ValidationError as error:
        validation_messages(request, error)
    else:
        messages.success(
            request,
            _("Your request has been sent. A facilitator of the group will answer it."),
        )
    return redirect(group)


@permission_required(
    permissions.is_member,
    load=permissions.load_readable_group,
    refuse=403,
    message=gettext_lazy("You are not a member of this group."),
)
def group_leave(request, group):
    membership = permissions.membership_of(request.user, group)
    if request.method == "POST":
        try:
            services.membership_leave(membership=membership)
        except ValidationError as error:
            validation_messages(request, error)
            return redirect(group)
        messages.success(request, _("You have left %(name)s.") % {"name": group.name})
        return redirect("groups:list")
    return render(request, "groups/group_confirm_leave.html", group_context(request, group))


@permission_required(
    permissions.is_member,
    load=permissions.load_readable_group,
    refuse=403,
    message=gettext_lazy("You are not a member of this group."),
)
def membership_settings(request, group):
    membership = permissions.membership_of(request.user, group)
    if request.method == "POST":
        form = MembershipSettingsForm(request.POST, instance=membership)
        if form.is_valid():
            services.membership_preferences_update(
                membership=membership,
                notify_replies=form.cleaned_data["notify_replies"],
                notify_sessions=form.cleaned_data["notify_sessions"],
            )
            messages.success(request, _("Your e-mail preferences have been saved."))
            return redirect("groups:settings", slug=group.slug)
        form_error_message(request)
    else:
        form = MembershipSettingsForm(instance=membership)
    return render(
        request,
        "groups/membership_settings.html",
        group_context(
            request,
            group,
            "you",
            form=form,
            feed_url=request.build_absolute_uri(membership.get_calendar_feed_url()),
        ),
    )
