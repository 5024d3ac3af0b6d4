import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image

from resources.models import DownloadCount, Resource
from resources.services import (
    resource_cover_render,
    resource_delete,
    resource_download_record,
    resource_save,
    resources_set_published,
)
from tests.factories import UserFactory

from .factories import BLANK_PDF, ResourceFactory, blank_pdf, png_bytes, printed_pdf

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 3, 2)


def _new_resource(**fields) -> Resource:
    defaults = {
        "catalog_number": "NA616",
        "title": "Roots of Health Inequity Facilitator's Guide",
        "kind": Resource.Kind.GUIDE,
        "summary": "A manual for learning-group facilitators.",
        "year": 2014,
    }
    return Resource(**{**defaults, **fields})


def _files_in(media_root, catalog_number) -> set[str]:
    return {path.name for path in (media_root / "resources" / catalog_number).iterdir()}


def test_resource_save_stores_pdf_under_fixed_name_with_pages_size_and_cover(media_root, worker):
    with worker():
        resource = resource_save(
            resource=_new_resource(),
            upload=ContentFile(printed_pdf(), name="My upload (final).pdf"),
        )

    resource.refresh_from_db()
    assert resource.file.name == "resources/NA616/NA616.pdf"
    assert resource.page_count == 3
    assert resource.file_size == len(printed_pdf())
    assert resource.cover.name == "resources/NA616/cover.png"
    assert _files_in(media_root, "NA616") == {"NA616.pdf", "cover.png"}


def test_resource_save_cover_is_the_first_page_of_a_real_pdf(worker):
    with worker():
        resource = resource_save(
            resource=_new_resource(), upload=ContentFile(printed_pdf(), "a.pdf")
        )
    resource.refresh_from_db()

    with resource.cover.open("rb") as cover:
        image = Image.open(io.BytesIO(cover.read()))
        image.load()
    assert image.format == "PNG"
    assert image.width == 400
    assert image.height == pytest.approx(400 * 11 / 8.5, abs=2)
    # The printed title page is dark green with white text: not a blank render.
    red, green, blue = image.convert("RGB").getpixel((20, 20))
    assert (red, green, blue) == pytest.approx((29, 92, 77), abs=12)


def test_resource_save_replacing_file_keeps_name_and_removes_old_file(media_root, worker):
    with worker():
        resource = resource_save(
            resource=_new_resource(), upload=ContentFile(blank_pdf(2), "v1.pdf")
        )
    url = resource.get_download_url()

    replacement = printed_pdf()
    with worker():
        resource_save(resource=resource, upload=ContentFile(replacement, "v2.pdf"))

    resource.refresh_from_db()
    assert resource.file.name == "resources/NA616/NA616.pdf"
    assert resource.get_download_url() == url
    assert resource.page_count == 3
    assert _files_in(media_root, "NA616") == {"NA616.pdf", "cover.png"}
    with resource.file.open("rb") as stored:
        assert stored.read() == replacement


def test_resource_save_replacing_removes_file_stored_under_another_name(media_root, worker):
    # e.g. one that a storage once gave a random suffix
    resource = ResourceFactory(catalog_number="NA615")
    storage = resource.file.storage
    storage.delete(resource.file.name)
    old_name = storage.save("resources/NA615/NA615_x7Kp2Qa.pdf", ContentFile(BLANK_PDF))
    Resource.objects.filter(pk=resource.pk).update(file=old_name)

    with worker():
        resource_save(resource=resource, upload=ContentFile(blank_pdf(1), "new.pdf"))

    assert resource.file.name == "resources/NA615/NA615.pdf"
    assert _files_in(media_root, "NA615") == {"NA615.pdf", "cover.png"}


def test_resource_save_without_new_file_keeps_the_stored_one():
    resource = ResourceFactory(title="Old title")
    name = resource.file.name

    resource.title = "New title"
    resource_save(resource=resource)

    resource.refresh_from_db()
    assert resource.title == "New title"
    assert resource.file.name == name


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (png_bytes(), "not_pdf"),
        (b"Meeting notes, not a PDF at all.\n", "not_pdf"),
        (b"%PDF-1.7\nthe rest is missing", "unreadable"),
    ],
    ids=["png", "text", "truncated"],
)
def test_resource_save_refuses_content_that_is_not_a_readable_pdf(content, code, media_root):
    with pytest.raises(ValidationError) as error:
        resource_save(resource=_new_resource(), upload=ContentFile(content, "looks-fine.pdf"))

    assert error.value.code == code
    assert not Resource.objects.exists()
    assert not (media_root / "resources").exists()


def test_resource_save_refuses_file_over_the_size_limit(settings):
    settings.RESOURCE_MAX_UPLOAD_BYTES = 100

    with pytest.raises(ValidationError, match="the limit is 100"):
        resource_save(resource=_new_resource(), upload=ContentFile(BLANK_PDF, "big.pdf"))


def test_resource_save_refuses_password_protected_pdf():
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(BLANK_PDF)))
    writer.encrypt("secret")
    output = io.BytesIO()
    writer.write(output)

    with pytest.raises(ValidationError) as error:
        resource_save(resource=_new_resource(), upload=ContentFile(output.getvalue(), "a.pdf"))

    assert error.value.code == "encrypted"


def test_resource_save_requires_a_file_for_a_new_resource():
    with pytest.raises(ValidationError) as error:
        resource_save(resource=_new_resource())

    assert "file" in error.value.message_dict


def test_resource_save_refuses_invalid_catalog_number():
    with pytest.raises(ValidationError) as error:
        resource_save(
            resource=_new_resource(catalog_number="na 616/x"), upload=ContentFile(BLANK_PDF, "a")
        )

    assert "catalog_number" in error.value.message_dict


def test_resource_cover_render_twice_keeps_one_cover_under_fixed_name(media_root):
    resource = ResourceFactory(catalog_number="NA614")

    assert resource_cover_render(resource=resource)
    assert resource_cover_render(resource=resource)

    assert resource.cover.name == "resources/NA614/cover.png"
    assert "cover.png" in _files_in(media_root, "NA614")
    assert sum(name.startswith("cover") for name in _files_in(media_root, "NA614")) == 1


def test_resource_cover_render_of_damaged_file_returns_false_and_keeps_no_cover():
    resource = ResourceFactory(file=ContentFile(b"%PDF-1.4 broken", "broken.pdf"))

    assert resource_cover_render(resource=resource) is False

    resource.refresh_from_db()
    assert not resource.cover


def test_resource_delete_removes_row_and_files_after_commit(
    django_capture_on_commit_callbacks, worker
):
    with worker():
        resource = resource_save(
            resource=_new_resource(), upload=ContentFile(printed_pdf(), "a.pdf")
        )
    resource.refresh_from_db()
    storage, names = resource.file.storage, [resource.file.name, resource.cover.name]

    with django_capture_on_commit_callbacks(execute=True):
        resource_delete(resource=resource)

    assert not Resource.objects.exists()
    assert not any(storage.exists(name) for name in names)


def test_resources_set_published_changes_only_the_given_rows():
    first, second = ResourceFactory(draft=True), ResourceFactory(draft=True)

    changed = resources_set_published(
        resources=Resource.objects.filter(pk=first.pk), published=True
    )

    assert changed == 1
    assert list(Resource.objects.published()) == [first]
    second.refresh_from_db()
    assert not second.published


def test_resource_download_record_same_user_same_day_counts_once(practitioner):
    resource = ResourceFactory()

    first = resource_download_record(resource=resource, user=practitioner, day=DAY)
    again = resource_download_record(resource=resource, user=practitioner, day=DAY)

    assert (first, again) == (True, False)
    assert DownloadCount.objects.count() == 1


def test_resource_download_record_next_day_counts_again(practitioner):
    resource = ResourceFactory()

    resource_download_record(resource=resource, user=practitioner, day=DAY)
    counted = resource_download_record(
        resource=resource, user=practitioner, day=DAY + datetime.timedelta(days=1)
    )

    assert counted
    assert DownloadCount.objects.count() == 2


def test_resource_download_record_two_users_count_two(practitioner):
    resource = ResourceFactory()

    resource_download_record(resource=resource, user=practitioner, day=DAY)
    resource_download_record(resource=resource, user=UserFactory(), day=DAY)

    assert DownloadCount.objects.filter(resource=resource, day=DAY).count() == 2


def test_resource_download_record_anonymous_counts_by_visitor_key():
    resource = ResourceFactory()

    for key in ["a" * 64, "a" * 64, "b" * 64]:
        resource_download_record(resource=resource, visitor_key=key, day=DAY)

    assert sorted(DownloadCount.objects.values_list("visitor_key", flat=True)) == [
        "a" * 64,
        "b" * 64,
    ]
    assert not DownloadCount.objects.filter(user__isnull=False).exists()


def test_resource_download_record_signed_in_user_ignores_visitor_key(practitioner):
    resource = ResourceFactory()

    resource_download_record(resource=resource, user=practitioner, visitor_key="x" * 64, day=DAY)

    assert DownloadCount.objects.get().visitor_key == ""
