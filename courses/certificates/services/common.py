"""What several certificate services share: the way CE hours are written and the names of the
tasks they queue (files are saved through roots.files)."""

from decimal import Decimal

# Queued by name: tasks.py imports these services, never the other way round.
RENDER_TASK = "courses.certificates.tasks.certificate_render_task"
EMAIL_TASK = "courses.certificates.tasks.certificate_email_task"
TRANSCRIPT_TASK = "courses.certificates.tasks.transcript_render_task"


def hours_display(hours: Decimal) -> str:
    """6 -> "6.0", 1.25 -> "1.25": the way CE hours are written."""
    text = f"{hours:.2f}".rstrip("0")
    return text + "0" if text.endswith(".") else text
