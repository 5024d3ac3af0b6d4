"""Writes for continuing-education credit, one module per subject. Each service runs in a
transaction and queues its tasks by name; the Celery tasks in tasks.py only load ids and call
these, so tasks import services and never the reverse.

Callers use the package (`services.certificate_claim(...)`); to replace a function in a test,
patch it where it is looked up, in its module (`services.render.certificate_pdf_bytes`)."""

from .attestation import attestation_record, attestation_statement
from .claim import add_months, certificate_claim
from .common import hours_display
from .emails import certificate_email, certificate_expiry_reminders_send
from .evaluation import evaluation_submit
from .live import live_certificate_issue, live_hours
from .post_test import post_test_start, post_test_submit
from .render import (
    certificate_context,
    certificate_note_error,
    certificate_pdf_bytes,
    certificate_render,
)
from .requeue import certificate_requeue_stale, certificate_retry
from .revisions import certificate_reissue, certificate_revoke

# bench/certificates.py builds an unsaved template from the default files.
from .templates import _default_source as _default_source
from .templates import certificate_template_current, certificate_template_revise
from .transcripts import transcript_note_error, transcript_render, transcript_request

__all__ = [
    "add_months",
    "attestation_record",
    "attestation_statement",
    "certificate_claim",
    "certificate_context",
    "certificate_email",
    "certificate_expiry_reminders_send",
    "certificate_note_error",
    "certificate_pdf_bytes",
    "certificate_reissue",
    "certificate_render",
    "certificate_requeue_stale",
    "certificate_retry",
    "certificate_revoke",
    "certificate_template_current",
    "certificate_template_revise",
    "evaluation_submit",
    "hours_display",
    "live_certificate_issue",
    "live_hours",
    "post_test_start",
    "post_test_submit",
    "transcript_note_error",
    "transcript_render",
    "transcript_request",
]
