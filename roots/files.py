"""Files the site makes itself (certificates, transcripts, journals as PDFs), in the default
storage: saved under a name fixed by what they are, so a task run twice writes one file, and the
files they replace deleted once the new one is committed, so nothing piles up."""

from collections.abc import Iterable

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction


def store_file(name: str, content: bytes) -> str:
    """Save under exactly `name`, replacing a file a crashed earlier run may have left."""
    if default_storage.exists(name):
        default_storage.delete(name)
    return default_storage.save(name, ContentFile(content))


def delete_files_on_commit(names: Iterable[str]) -> None:
    """Delete these stored files once the current transaction commits (never if it rolls back,
    when the rows naming them are still there)."""
    names = [name for name in names if name]
    if not names:
        return

    def delete():
        for name in names:
            default_storage.delete(name)

    transaction.on_commit(delete)
