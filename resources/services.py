import datetime
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from roots import pagecache
from roots.tasks import enqueue_on_commit
from roots.uploads.checks import check_pdf
from roots.uploads.render import RenderRefused, pdf_cover_png

from .models import (
    CoverProblem,
    DownloadCount,
    Resource,
    max_upload_bytes,
    resource_cover_path,
    resource_file_path,
)
from .selectors import units_relation

logger = logging.getLogger(__name__)


def _store_under_fixed_name(storage, *, name: str, content: File, previous: str = "") -> str:
    """Save `content` as exactly `name`. Storages add a random suffix when the name is taken, so
    the earlier file (and anything already at `name`) is deleted first."""
    for old_name in {previous, name} - {""}:
        storage.delete(old_name)
    saved = storage.save(name, content)
    if saved != name:
        logger.warning("Stored %s as %s: the storage did not keep the fixed name", name, saved)
    return saved


def _stored_names(resource: Resource) -> tuple[str, str]:
    if resource.pk is None:
        return "", ""
    names = Resource.objects.filter(pk=resource.pk).values_list("file", "cover").first()
    return names or ("", "")


@transaction.atomic
def resource_save(*, resource: Resource, upload: File | None = None, units=None) -> Resource:
    """Create or update `resource`, whose fields the caller has set; `units`, if given, become
    the course units it relates to (once the courses app defines that relation).

    With `upload`, the PDF is checked by content and size (roots.uploads.checks), stored under the
    resource's fixed name (replacing and removing the previous file, so the download address
    never changes), its pages counted, and its cover queued for the worker to draw once this
    commits: the request never draws a page. Raises ValidationError for what an editor can fix."""
    resource.full_clean(exclude=["file", "cover"])
    if upload is not None:
        resource.page_count = check_pdf(upload, max_bytes=max_upload_bytes())
        previous_file, _previous_cover = _stored_names(resource)
        resource.file = _store_under_fixed_name(
            resource.file.storage,
            name=resource_file_path(resource, upload.name),
            content=upload,
            previous=previous_file,
        )
        resource.file_size = upload.size
    elif not resource.file:
        raise ValidationError({"file": _("Choose the PDF file to publish.")}, code="required")
    resource.save()
    if units is not None and units_relation() is not None:
        resource.units.set(units)
    if upload is not None:
        resource_cover_queue(resource=resource)
    return resource


def resource_cover_queue(*, resource: Resource) -> None:
    """Have the worker (re)draw the cover once the current transaction commits."""
    enqueue_on_commit("resources.tasks.resource_cover_render_task", resource.pk)


def resource_cover_render(*, resource: Resource) -> bool:
    """(Re)make the cover thumbnail from the PDF's first page, under a fixed name, within the
    render caps (roots.uploads.render). Safe to run again at any time. A PDF that breaks a cap
    keeps no cover, and the reason is kept for the editors (`cover_problem`); returns False."""
    _previous_file, previous_cover = _stored_names(resource)
    try:
        with resource.file.open("rb") as stream:
            data = stream.read()
        png = pdf_cover_png(
            data,
            seconds=settings.UPLOAD_RENDER_SECONDS,
            memory_mb=settings.UPLOAD_RENDER_MEMORY_MB,
        )
    except (RenderRefused, FileNotFoundError) as exc:
        reason = getattr(exc, "reason", CoverProblem.UNREADABLE)
        logger.warning("Cover of %s refused: %s", resource.catalog_number, reason)
        if previous_cover:
            resource.cover.storage.delete(previous_cover)
        resource.cover = ""
        resource.cover_problem = reason
        resource.save(update_fields=["cover", "cover_problem", "updated_at"])
        return False
    resource.cover = _store_under_fixed_name(
        resource.cover.storage,
        name=resource_cover_path(resource, "cover.png"),
        content=ContentFile(png),
        previous=previous_cover,
    )
    resource.cover_problem = ""
    resource.save(update_fields=["cover", "cover_problem", "updated_at"])
    return True


@transaction.atomic
def resource_delete(*, resource: Resource) -> None:
    """Delete the resource and, once that is committed, its PDF and cover."""
    storage = resource.file.storage
    names = [name for name in (resource.file.name, resource.cover.name) if name]
    resource.delete()

    def remove_files():
        for name in names:
            storage.delete(name)

    transaction.on_commit(remove_files)


def resources_set_published(*, resources: QuerySet[Resource], published: bool) -> int:
    count = resources.update(published=published, updated_at=timezone.now())
    pagecache.bump_families_of(Resource)
    return count


def resource_download_record(
    *,
    resource: Resource,
    user=None,
    visitor_key: str = "",
    day: datetime.date | None = None,
) -> bool:
    """Count a download once per signed-in user (or else anonymous visitor) and UTC day; a reload
    the same day is not counted again. Returns whether this download was counted."""
    signed_in = user is not None and user.is_authenticated
    _row, created = DownloadCount.objects.get_or_create(
        resource=resource,
        user=user if signed_in else None,
        visitor_key="" if signed_in else visitor_key,
        day=day or timezone.now().date(),
    )
    return created
