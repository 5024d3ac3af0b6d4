"""PDF transcripts: one request at a time per learner, rendered by a task."""

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from roots.tasks import enqueue_on_commit

from .. import rendering
from ..models import Transcript
from ..selectors import transcript_summary
from .common import TRANSCRIPT_TASK, hours_display, store_file


@transaction.atomic
def transcript_request(*, user) -> Transcript:
    """Ask for a PDF transcript; a request still being prepared is answered instead."""
    pending = Transcript.objects.filter(learner=user, status=Transcript.Status.PENDING).first()
    if pending:
        return pending
    transcript = Transcript.objects.create(learner=user)
    enqueue_on_commit(TRANSCRIPT_TASK, transcript.pk)
    return transcript


def transcript_render(*, transcript_id: int) -> Transcript | None:
    Transcript.objects.filter(pk=transcript_id, status=Transcript.Status.PENDING).update(
        attempts=F("attempts") + 1
    )
    with transaction.atomic():
        transcript = (
            Transcript.objects.select_for_update(of=("self",))
            .select_related("learner")
            .filter(pk=transcript_id)
            .first()
        )
        if transcript is None or transcript.status != Transcript.Status.PENDING:
            return transcript
        learner = transcript.learner
        summary = transcript_summary(user=learner)
        with translation.override(settings.LANGUAGE_CODE), timezone.override(learner.time_zone):
            pdf = rendering.render_template_pdf(
                "certificates/print/transcript.html",
                {
                    "learner": learner,
                    "rows": [(c, hours_display(c.hours)) for c in summary.certificates],
                    "hours_by_type": [
                        (label, hours_display(h)) for label, h in summary.hours_by_type
                    ],
                    "total_hours": hours_display(summary.total_hours),
                    "generated_at": timezone.now(),
                    "site_name": settings.CERTIFICATE_ISSUER_NAME,
                    "site_url": settings.SITE_URL,
                    "lang": settings.LANGUAGE_CODE,
                    "title": _("Continuing-education transcript"),
                },
                "certificates/print/transcript.css",
            )
        stamp = transcript.requested_at.strftime("%Y%m%dT%H%M%S%f")
        name = store_file(f"transcripts/{learner.pk}/transcript-{transcript.pk}-{stamp}.pdf", pdf)
        transcript.pdf = name
        transcript.status = Transcript.Status.READY
        transcript.ready_at = timezone.now()
        transcript.last_error = ""
        transcript.save(update_fields=["pdf", "status", "ready_at", "last_error"])
    return transcript


def transcript_note_error(*, transcript_id: int, error: str, failed: bool) -> None:
    fields = {"last_error": error[:2000]}
    if failed:
        fields["status"] = Transcript.Status.FAILED
    Transcript.objects.filter(pk=transcript_id, status=Transcript.Status.PENDING).update(**fields)
