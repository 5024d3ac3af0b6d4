import zoneinfo
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.models import Course, Unit
from roots.forms import StorableTextMixin
from roots.models import TIME_ZONE_CHOICES, US_STATES, Organization
from roots.permissions import is_staff

from .models import RSVP, LearningGroup, Membership
from .models.groups import normalize_join_code
from .services.invitations import INVITATIONS_PER_DAY
from .services.live_credit import live_offerings
from .services.sessions import AttendanceEntry


class GroupForm(StorableTextMixin, forms.ModelForm):
    class Meta:
        model = LearningGroup
        fields = [
            "course",
            "name",
            "organization",
            "kind",
            "state",
            "description",
            "meeting_cadence",
            "listed",
            "member_limit",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "name": _("For example: Lakeside County health equity brown-bag group."),
            "organization": _(
                "Optional. The organization that runs the group: only its administrators can "
                "attach a group to it, so the list shows the ones you administer. If yours is "
                "missing, ask one of its administrators to attach the group."
            ),
        }

    def __init__(self, *args, user, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        organizations = Organization.objects.order_by("name")
        if not is_staff(user):
            # The group's own organization stays choosable, so its settings can be saved.
            current = self.instance.organization_id if editing else None
            organizations = organizations.filter(
                Q(administrators__user=user) | Q(pk=current)
            ).distinct()
        self.fields["organization"].queryset = organizations
        if editing:
            del self.fields["course"]
        else:
            self.fields["course"].queryset = Course.objects.published().order_by("title")
            self.fields["course"].empty_label = None


class GroupFilterForm(StorableTextMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of organization"),
        choices=[("", _("Any kind")), *LearningGroup.Kind.choices],
        required=False,
    )
    state = forms.ChoiceField(
        label=_("State"), choices=[("", _("Any state")), *US_STATES], required=False
    )


class JoinCodeForm(StorableTextMixin, forms.Form):
    code = forms.CharField(
        label=_("Join code"),
        max_length=20,
        help_text=_("The code your facilitator gave you, for example K7QM3XPD."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )

    def clean_code(self):
        code = normalize_join_code(self.cleaned_data["code"])
        if not code:
            raise ValidationError(_("Enter the code your facilitator gave you."))
        return code


class InvitationForm(StorableTextMixin, forms.Form):
    emails = forms.CharField(
        label=_("E-mail addresses"),
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "off"}),
        help_text=_("One or more addresses, separated by commas or new lines."),
    )

    def clean_emails(self):
        raw = self.cleaned_data["emails"].replace(";", ",").replace("\n", ",")
        addresses = [part.strip() for part in raw.split(",") if part.strip()]
        if not addresses:
            raise ValidationError(_("Enter at least one e-mail address."))
        if len(addresses) > INVITATIONS_PER_DAY:
            raise ValidationError(
                _("Invite at most %(max)s people a day.") % {"max": INVITATIONS_PER_DAY}
            )
        invalid = []
        for address in addresses:
            try:
                validate_email(address)
            except ValidationError:
                invalid.append(address)
        if invalid:
            raise ValidationError(
                _("These are not e-mail addresses: %(list)s") % {"list": ", ".join(invalid)}
            )
        return addresses


class MembershipSettingsForm(StorableTextMixin, forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["notify_replies", "notify_sessions"]


class SessionForm(StorableTextMixin, forms.Form):
    """A session's date and time are entered as the clock shows them in its time zone; they are
    stored in UTC."""

    unit = forms.ModelChoiceField(
        label=_("Unit covered"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("No particular unit"),
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_("Leave empty to use the unit's name."),
    )
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(
        label=_("Start time"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=TIME_ZONE_CHOICES)
    duration_minutes = forms.IntegerField(
        label=_("Length in minutes"), min_value=5, max_value=720, initial=60
    )
    place = forms.CharField(
        label=_("Place"),
        max_length=250,
        required=False,
        help_text=_("A room and building, or leave empty for an online session."),
    )
    online_url = forms.URLField(
        label=_("Online meeting link"),
        required=False,
        assume_scheme="https",
        help_text=_("A video-call address, if people can join online."),
    )
    agenda = forms.CharField(
        label=_("Agenda"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "One item a line. Starts as the unit's discussion questions; change it as you like."
        ),
    )

    def __init__(self, *args, group: LearningGroup, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(course_id=group.course_id).order_by(
            "number"
        )

    @classmethod
    def initial_for(cls, session) -> dict:
        local = session.starts_at.astimezone(session.zone)
        return {
            "unit": session.unit,
            "title": session.title,
            "date": local.date(),
            "start_time": local.time().replace(second=0, microsecond=0),
            "time_zone": session.time_zone,
            "duration_minutes": session.duration_minutes,
            "place": session.place,
            "online_url": session.online_url,
            "agenda": session.agenda,
        }

    def clean(self):
        cleaned = super().clean()
        date, start, zone_name = (
            cleaned.get("date"),
            cleaned.get("start_time"),
            cleaned.get("time_zone"),
        )
        if date and start and zone_name:
            zone = zoneinfo.ZoneInfo(zone_name)
            naive = datetime.combine(date, start)
            starts_at = timezone.make_aware(naive, zone)
            if starts_at.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != naive:
                self.add_error(
                    "start_time",
                    _("This time does not exist on that day (the clocks move forward)."),
                )
            cleaned["starts_at"] = starts_at
        if cleaned.get("duration_minutes"):
            cleaned["duration"] = timedelta(minutes=cleaned["duration_minutes"])
        return cleaned

    def service_data(self) -> dict:
        keys = ["unit", "title", "starts_at", "time_zone", "duration", "place", "online_url"]
        return {key: self.cleaned_data[key] for key in keys} | {
            "agenda": self.cleaned_data["agenda"]
        }


class RSVPForm(StorableTextMixin, forms.Form):
    response = forms.ChoiceField(
        label=_("Your answer"), choices=RSVP.Response.choices, widget=forms.RadioSelect
    )


class ParticipantReportForm(forms.Form):
    report = forms.FileField(
        label=_("Participant report (CSV)"),
        help_text=_(
            "Exported from Zoom, Microsoft Teams, Webex or another meeting tool, with each "
            "person's e-mail address, join time and leave time. Nothing is saved until you "
            "review the sheet and press Save attendance."
        ),
    )


def minutes_text(seconds: int | None) -> str:
    """Time present as the attendance sheet shows it: "45" or "44:30"."""
    if seconds is None:
        return ""
    minutes, rest = divmod(seconds, 60)
    return f"{minutes}:{rest:02d}" if rest else str(minutes)


class AttendanceForm(StorableTextMixin, forms.Form):
    """Who came, and for each member the optional time present ("45" or "44:30") and the reason
    for an absence: fields `time_<user id>` and `reason_<user id>`."""

    attended = forms.TypedMultipleChoiceField(
        label=_("Who came"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, members: list[Membership], session_seconds: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.session_seconds = session_seconds
        self.members = members
        self.fields["attended"].choices = [(m.user_id, m.user.display_name) for m in members]
        for m in members:
            self.fields[f"time_{m.user_id}"] = forms.CharField(
                label=_("Minutes present: %(name)s") % {"name": m.user.display_name},
                required=False,
                max_length=8,
            )
            self.fields[f"reason_{m.user_id}"] = forms.CharField(
                label=_("Reason for absence: %(name)s") % {"name": m.user.display_name},
                required=False,
                max_length=200,
            )

    def _seconds(self, name: str) -> int | None:
        text = self.cleaned_data.get(name, "").strip()
        if not text:
            return None
        minutes, _sep, seconds = text.partition(":")
        if not (minutes.isascii() and minutes.isdigit()) or (
            seconds and not (seconds.isascii() and seconds.isdigit() and int(seconds) < 60)
        ):
            self.add_error(name, _("Enter minutes, like 45, or minutes and seconds, like 44:30."))
            return None
        total = int(minutes) * 60 + int(seconds or 0)
        if total > self.session_seconds:
            self.add_error(
                name,
                _("The session lasted %(minutes)s minutes.")
                % {"minutes": self.session_seconds // 60},
            )
            return None
        return total

    def clean(self):
        cleaned = super().clean()
        came = set(cleaned.get("attended") or [])
        self.entries = {}
        for m in self.members:
            seconds = self._seconds(f"time_{m.user_id}")
            self.entries[m.user_id] = AttendanceEntry(
                attended=m.user_id in came or bool(seconds),
                seconds_present=seconds,
                absence_reason=cleaned.get(f"reason_{m.user_id}", ""),
            )
        return cleaned


MARKDOWN_HELP = _("Markdown: **bold**, *italic*, [link](https://…), lists with “- ”.")
POST_MAX_LENGTH = 20000


class PostForm(StorableTextMixin, forms.Form):
    body = forms.CharField(
        label=_("Your reply"),
        max_length=POST_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=MARKDOWN_HELP,
    )

    def __init__(self, *args, label=None, **kwargs):
        super().__init__(*args, **kwargs)
        if label:
            self.fields["body"].label = label


class ThreadForm(PostForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    field_order = ["title", "body"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, label=_("Message"), **kwargs)
        self.fields["body"].widget.attrs["rows"] = 8


class SessionCreditForm(StorableTextMixin, forms.Form):
    offering = forms.ModelChoiceField(
        label=_("CE credit"),
        queryset=None,
        required=False,
        empty_label=_("No CE credit for this session"),
    )
    hours = forms.DecimalField(
        label=_("Credit hours"),
        min_value=Decimal("0.01"),
        max_digits=4,
        decimal_places=2,
        required=False,
    )
    threshold = forms.IntegerField(
        label=_("Attendance needed (% of the session)"), min_value=1, max_value=100
    )
    activity_number = forms.CharField(
        label=_("Activity or event number"),
        max_length=60,
        required=False,
        help_text=_("Leave empty to print the course's activity number."),
    )

    def __init__(self, *args, session, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["offering"].queryset = live_offerings(session)
        self.fields["offering"].label_from_instance = lambda offering: str(offering.profile)
        self.fields["offering"].widget.attrs["class"] = "form-select"

    @classmethod
    def for_session(cls, session, data=None) -> "SessionCreditForm":
        return cls(
            data,
            session=session,
            initial={
                "offering": session.credit_offering_id,
                "hours": session.credit_hours,
                "threshold": session.credit_threshold,
                "activity_number": session.credit_activity_number,
            },
        )
