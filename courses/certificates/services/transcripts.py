"""PDF transcripts: one pending request per learner (a database constraint), rendered by a task;
a learner keeps only their newest PDF."""

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from roots.files import delete_files_on_commit, store_file
from roots.tasks import enqueue_on_commit

from .. import rendering
from ..models import Transcript
from ..selectors import transcript_summary
from .common import TRANSCRIPT_TASK, hours_display


@transaction.atomic
def transcript_request(*, user) -> Transcript:
    """Ask for a PDF transcript; a request still being prepared is answered instead, also to
    requests made at the same moment (the constraint refuses their second row). One left
    pending longer than CERTIFICATE_PENDING_REQUEUE_MINUTES (its message lost) is queued again."""
    pending = Transcript.objects.filter(learner=user, status=Transcript.Status.PENDING).first()
    if pending is None:
        try:
            with transaction.atomic():
                transcript = Transcript.objects.create(learner=user)
        except IntegrityError:
            # A parallel request committed its pending row first: answer with that one, or
            # with what it has become since.
            return Transcript.objects.filter(learner=user).first()
        enqueue_on_commit(TRANSCRIPT_TASK, transcript.pk)
        return transcript
    stale = timedelta(minutes=settings.CERTIFICATE_PENDING_REQUEUE_MINUTES)
    if pending.requested_at < timezone.now() - stale:
        enqueue_on_commit(TRANSCRIPT_TASK, pending.pk)
    return pending


def _delete_older(transcript: Transcript) -> None:
    """Delete the learner's other transcripts, and their files once this commits."""
    older = Transcript.objects.filter(learner_id=transcript.learner_id).exclude(pk=transcript.pk)
    names = list(older.values_list("pdf", flat=True))
    older.delete()
    delete_files_on_commit(names)


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
        _delete_older(transcript)
    return transcript


def transcript_note_error(*, transcript_id: int, error: str, failed: bool) -> None:
    fields = {"last_error": error[:2000]}
    if failed:
        fields["status"] = Transcript.Status.FAILED
    Transcript.objects.filter(pk=transcript_id, status=Transcript.Status.PENDING).update(**fields)
