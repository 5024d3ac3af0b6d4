from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from courses.models import Unit
from roots.permissions import permission_required

from .. import permissions, selectors, services
from ..attendance_report import MAX_BYTES, participant_report_read, seconds_present
from ..calendar import calendar_bytes
from ..forms import (
    AttendanceForm,
    ParticipantReportForm,
    RSVPForm,
    SessionCreditForm,
    SessionForm,
    minutes_text,
)
from ..models import Membership, Session
from ..models.discussions import board_url
from ..services.sessions import default_agenda
from .common import (
    SESSIONS_FACILITATORS_ONLY,
    form_error_message,
    group_context,
    paginate,
    validation_messages,
)

PAST_SESSIONS_PER_PAGE = 10
FEED_HISTORY = timedelta(days=365)


def _ics_response(content: bytes, filename: str, *, download: bool) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if download else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "private, max-age=300"
    return response


def _unit_agendas(group) -> dict:
    """Unit id -> its default agenda, for the script that fills the agenda when the unit
    changes."""
    return {
        str(unit.pk): default_agenda(unit) for unit in selectors.course_units_with_material(group)
    }


@permission_required(permissions.can_read_group, load=permissions.load_readable_group)
def session_list(request, group):
    now = timezone.now()
    upcoming = selectors.sessions_upcoming(group, request.user, now)
    past_page = paginate(request, selectors.sessions_past(group, now), PAST_SESSIONS_PER_PAGE)
    membership = permissions.membership_of(request.user, group)
    feed_url = ""
    if membership is not None and membership.is_active:
        feed_url = request.build_absolute_uri(membership.get_calendar_feed_url())
    return render(
        request,
        "groups/session_list.html",
        group_context(
            request,
            group,
            "sessions",
            upcoming=upcoming,
            past_page=past_page,
            feed_url=feed_url,
            webcal_url=feed_url.replace("https://", "webcal://").replace("http://", "webcal://"),
        ),
    )


@permission_required(
    permissions.is_facilitator,
    load=permissions.load_readable_group,
    refuse=403,
    message=SESSIONS_FACILITATORS_ONLY,
)
def session_create(request, group):
    if request.method == "POST":
        form = SessionForm(request.POST, group=group)
        if form.is_valid():
            try:
                session = services.session_create(
                    group=group, created_by=request.user, **form.service_data()
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("“%(title)s” is scheduled. Members can now answer whether they will come.")
                    % {"title": session.title},
                )
                return redirect(session.get_absolute_url())
        form_error_message(request)
    else:
        unit = None
        unit_id = request.GET.get("unit", "")
        if unit_id.isascii() and unit_id.isdigit():
            unit = Unit.objects.filter(course_id=group.course_id, pk=request.GET["unit"]).first()
        last = Session.objects.filter(group=group).order_by("-starts_at").first()
        form = SessionForm(
            group=group,
            initial={
                "unit": unit,
                "agenda": default_agenda(unit),
                "time_zone": last.time_zone if last else request.user.time_zone,
                "place": last.place if last else "",
                "online_url": last.online_url if last else "",
                "duration_minutes": last.duration_minutes if last else 60,
            },
        )
    return render(
        request,
        "groups/session_form.html",
        group_context(request, group, "sessions", form=form, unit_agendas=_unit_agendas(group)),
    )


@permission_required(permissions.can_read_session, load=permissions.load_session)
def session_detail(request, session):
    group = session.group
    now = timezone.now()
    context = group_context(request, group, "sessions", session=session)
    is_over = session.ends_at <= now
    rsvps = list(selectors.session_rsvps(session))
    viewer_rsvp = next((r for r in rsvps if r.user_id == request.user.pk), None)
    context.update(
        is_over=is_over,
        has_started=session.starts_at <= now,
        rsvps=rsvps,
        rsvp_counts={
            choice: sum(r.response == choice for r in rsvps) for choice in ("yes", "maybe", "no")
        },
        viewer_rsvp=viewer_rsvp,
        rsvp_form=RSVPForm(initial={"response": viewer_rsvp.response if viewer_rsvp else None}),
        resources=getattr(session.unit, "published_resources", []) if session.unit else [],
        unit_board_url=board_url(group, session.unit) if session.unit else "",
    )
    if context["is_facilitator"] or context["can_view_dashboard"]:
        context["guide"] = selectors.facilitator_guide()
    return render(request, "groups/session_detail.html", context)


@permission_required(
    permissions.can_manage_session,
    load=permissions.load_session,
    refuse=403,
    message=SESSIONS_FACILITATORS_ONLY,
)
def session_edit(request, session):
    group = session.group
    if request.method == "POST":
        form = SessionForm(request.POST, group=group)
        if form.is_valid():
            try:
                session = services.session_update(session=session, data=form.service_data())
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The session has been updated."))
                return redirect(session.get_absolute_url())
        form_error_message(request)
    else:
        form = SessionForm(group=group, initial=SessionForm.initial_for(session))
    return render(
        request,
        "groups/session_form.html",
        group_context(
            request,
            group,
            "sessions",
            form=form,
            session=session,
            unit_agendas=_unit_agendas(group),
        ),
    )


@permission_required(
    permissions.can_manage_session,
    load=permissions.load_session,
    refuse=403,
    message=SESSIONS_FACILITATORS_ONLY,
)
def session_delete(request, session):
    group = session.group
    if request.method == "POST":
        title = session.title
        services.session_delete(session=session)
        messages.success(request, _("“%(title)s” has been cancelled.") % {"title": title})
        return redirect("groups:sessions", slug=group.slug)
    return render(
        request,
        "groups/session_confirm_delete.html",
        group_context(request, group, "sessions", session=session),
    )


@require_POST
@permission_required(
    permissions.can_rsvp,
    load=permissions.load_session,
    refuse=403,
    message=gettext_lazy("Only members of the group can answer."),
)
def session_rsvp(request, session):
    form = RSVPForm(request.POST)
    if form.is_valid():
        try:
            services.rsvp_set(
                session=session, user=request.user, response=form.cleaned_data["response"]
            )
        except ValidationError as error:
            validation_messages(request, error)
        else:
            messages.success(request, _("Thank you, your answer has been saved."))
    else:
        messages.error(request, _("Choose yes, maybe or no."))
    return redirect(session.get_absolute_url())


def _report_into_sheet(request, session, sheet, upload) -> None:
    """Fill the sheet from a meeting tool's participant report, matched by e-mail address;
    nothing is saved until the facilitator presses Save."""
    report = participant_report_read(upload.read(MAX_BYTES + 1), zone=session.zone)
    by_email = {row.membership.user.email.lower(): row for row in sheet}
    strangers = []
    for email, participant in report.participants.items():
        row = by_email.get(email)
        if row is None:
            strangers.append(participant.name or email)
            continue
        seconds = seconds_present(
            participant.intervals, starts_at=session.starts_at, duration=session.duration
        )
        row.checked = seconds > 0
        row.time_value = minutes_text(seconds)
    matched = len(report.participants) - len(strangers)
    messages.info(
        request,
        ngettext(
            "Read %(rows)s row: %(matched)s member found. Review the times, then save.",
            "Read %(rows)s rows: %(matched)s members found. Review the times, then save.",
            report.rows,
        )
        % {"rows": report.rows, "matched": matched},
    )
    if strangers:
        messages.warning(
            request,
            _("Not members of the group (left out): %(names)s.") % {"names": ", ".join(strangers)},
        )
    if report.skipped:
        messages.warning(
            request,
            _("Rows that could not be read (lines %(lines)s) were left out.")
            % {"lines": ", ".join(str(n) for n in report.skipped[:20])},
        )


@permission_required(
    permissions.can_manage_session,
    load=permissions.load_session,
    refuse=403,
    message=SESSIONS_FACILITATORS_ONLY,
)
def session_attendance(request, session):
    return attendance_page(request, session)


def attendance_page(request, session, *, credit: SessionCreditForm | None = None):
    """The attendance sheet; a POST here saves it or reads a report. `credit`: the live-credit
    form as the facilitator sent it, shown with its errors (the sheet is then only shown)."""
    group = session.group
    sheet = selectors.attendance_sheet(session)
    members = [row.membership for row in sheet]
    session_seconds = int(session.duration.total_seconds())
    report_form = ParticipantReportForm()
    form = None
    posted = request.method == "POST" and credit is None
    if posted and "report" in request.FILES:
        report_form = ParticipantReportForm(request.POST, request.FILES)
        if report_form.is_valid():
            try:
                _report_into_sheet(request, session, sheet, report_form.cleaned_data["report"])
            except ValidationError as error:
                report_form.add_error("report", error)
        if not report_form.is_valid():
            form_error_message(request)
    elif posted:
        form = AttendanceForm(request.POST, members=members, session_seconds=session_seconds)
        if form.is_valid():
            try:
                services.attendance_record(
                    session=session, entries=form.entries, recorded_by=request.user
                )
            except ValidationError as error:
                validation_messages(request, error)
            else:
                messages.success(request, _("Attendance has been saved."))
                return redirect(session.get_absolute_url())
        else:
            form_error_message(request)
        came = {
            int(value)
            for value in form["attended"].value() or []
            if str(value).isascii() and str(value).isdigit()
        }
        for row in sheet:
            uid = row.membership.user_id
            row.checked = uid in came
            row.time_value = form[f"time_{uid}"].value() or ""
            row.reason_value = form[f"reason_{uid}"].value() or ""
            row.time_errors = form.errors.get(f"time_{uid}")
            row.reason_errors = form.errors.get(f"reason_{uid}")
    else:
        # Before anything is recorded, tick those who said they would come.
        for row in sheet:
            row.checked = bool(row.attended) or (row.attended is None and row.rsvp == "yes")
            row.time_value = minutes_text(row.seconds_present)
            row.reason_value = row.absence_reason
    return render(
        request,
        "groups/session_attendance.html",
        group_context(
            request,
            group,
            "sessions",
            session=session,
            form=form,
            report_form=report_form,
            sheet=sheet,
            credit_form=credit or SessionCreditForm.for_session(session),
        ),
    )


@permission_required(permissions.can_read_session, load=permissions.load_session)
def session_ics(request, session):
    content = calendar_bytes([session], session.group, name=session.group.name)
    return _ics_response(content, f"{slugify(session.title) or 'session'}.ics", download=True)


def _group_calendar(group) -> bytes:
    sessions = (
        Session.objects.filter(group=group, starts_at__gte=timezone.now() - FEED_HISTORY)
        .select_related("unit")
        .order_by("starts_at")
    )
    return calendar_bytes(sessions, group, name=group.name)


@permission_required(permissions.can_read_group, load=permissions.load_readable_group)
def group_ics(request, group):
    return _ics_response(_group_calendar(group), f"{group.slug}.ics", download=True)


def calendar_feed(request, token):
    """A member's private feed for calendar applications, which cannot sign in: the key in the
    address stands for the member, and stops working when they leave the group."""
    membership = (
        Membership.objects.active().select_related("group").filter(calendar_token=token).first()
    )
    if membership is None:
        raise Http404
    return _ics_response(_group_calendar(membership.group), "sessions.ics", download=False)
