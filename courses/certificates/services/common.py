"""What several certificate services share: the way CE hours are written, files saved under
a fixed name, and the names of the tasks they queue."""

from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

# Queued by name: tasks.py imports these services, never the other way round.
RENDER_TASK = "courses.certificates.tasks.certificate_render_task"
EMAIL_TASK = "courses.certificates.tasks.certificate_email_task"
TRANSCRIPT_TASK = "courses.certificates.tasks.transcript_render_task"


def hours_display(hours: Decimal) -> str:
    """6 -> "6.0", 1.25 -> "1.25": the way CE hours are written."""
    text = f"{hours:.2f}".rstrip("0")
    return text + "0" if text.endswith(".") else text


def store_file(name: str, content: bytes) -> str:
    """Save under exactly `name`, replacing a file a crashed earlier run may have left."""
    if default_storage.exists(name):
        default_storage.delete(name)
    return default_storage.save(name, ContentFile(content))
