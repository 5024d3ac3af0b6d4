from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from roots.permissions import permission_required

from .. import selectors, services
from ..calendar import event_calendar
from ..forms import EventForm
from ..models import Event
from ..permissions import can_edit_coalition

PAST_PER_PAGE = 10


def event_list(request):
    now = timezone.now()
    past = Paginator(selectors.events_past(now=now), PAST_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "coalition/event_list.html",
        {
            "upcoming": list(selectors.events_upcoming(now=now)),
            "page_obj": past,
            "can_edit": can_edit_coalition(request.user),
        },
    )


def event_detail(request, slug):
    event = get_object_or_404(Event, slug=slug)
    return render(
        request,
        "coalition/event_detail.html",
        {
            "event": event,
            "is_past": event.ends_at < timezone.now(),
            "can_edit": can_edit_coalition(request.user),
        },
    )


def event_ics(request, slug):
    event = get_object_or_404(Event, slug=slug)
    response = HttpResponse(
        event_calendar(event, url=request.build_absolute_uri(event.get_absolute_url())),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
    return response


def _event_form_page(request, *, event: Event | None):
    if request.method == "POST":
        form = EventForm(request.POST, instance=event)
        if form.is_valid():
            try:
                event = services.event_save(
                    event=event or Event(), by=request.user, data=form.cleaned_data
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The event is saved."))
                return redirect(event.get_absolute_url())
        messages.error(request, _("Please correct the errors below; nothing has been saved yet."))
    else:
        form = EventForm(instance=event)
    return render(request, "coalition/event_form.html", {"form": form, "event": event})


@permission_required(can_edit_coalition)
def event_create(request):
    return _event_form_page(request, event=None)


@permission_required(can_edit_coalition)
def event_edit(request, slug):
    return _event_form_page(request, event=get_object_or_404(Event, slug=slug))
