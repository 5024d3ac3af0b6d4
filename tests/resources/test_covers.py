"""Bounded work on untrusted files: a PDF's cover is drawn by the worker, in a child process with
page-size, pixel, time and memory caps; a refused file gets a clear message, and the web request
that uploaded it returns at once."""

import io
import resource as rlimits
import time

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from resources.models import CoverProblem, Resource
from resources.services import resource_cover_render, resource_save
from resources.tasks import resource_cover_render_task
from tests import hostile_files
from tests.factories import UserFactory

from .factories import ResourceFactory, printed_pdf
from .test_admin import ADD_URL, _form
from .test_services import _new_resource

pytestmark = pytest.mark.django_db


def _peak_rss_mb() -> int:
    return rlimits.getrusage(rlimits.RUSAGE_SELF).ru_maxrss // 1024


def _cover_size(resource) -> tuple[int, int]:
    with resource.cover.open("rb") as stream, Image.open(io.BytesIO(stream.read())) as image:
        return image.size


def test_resource_save_refuses_a_page_200_inches_tall_at_once_with_a_clear_message(media_root):
    started = time.monotonic()

    with pytest.raises(ValidationError) as error:
        resource_save(
            resource=_new_resource(), upload=ContentFile(hostile_files.tall_page_pdf(), "a.pdf")
        )

    assert time.monotonic() - started < 1
    assert error.value.code == "page_size"
    assert "0.3 by 200.0 inches" in error.value.messages[0]
    assert not Resource.objects.exists()
    assert not (media_root / "resources").exists()


def test_admin_upload_of_a_page_200_inches_tall_is_refused_inline_and_returns_at_once(
    client, editor
):
    client.force_login(editor)
    upload = SimpleUploadedFile("tall.pdf", hostile_files.tall_page_pdf(), "application/pdf")
    started = time.monotonic()

    response = client.post(ADD_URL, {**_form(), "file": upload})

    assert time.monotonic() - started < 2
    assert response.status_code == 200
    assert "The first page of this PDF is 0.3 by 200.0 inches" in response.text
    assert not Resource.objects.exists()


def test_admin_upload_of_a_deflate_bomb_returns_at_once_and_leaves_the_cover_to_the_worker(
    client, editor, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    bomb = hostile_files.deflate_bomb_pdf()
    assert len(bomb) < 210_000
    upload = SimpleUploadedFile("bomb.pdf", bomb, "application/pdf")
    started = time.monotonic()

    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = client.post(ADD_URL, {**_form(), "file": upload})

    assert time.monotonic() - started < 2
    assert response.status_code == 302
    resource = Resource.objects.get()
    assert not resource.cover
    sent = [callback.args for callback in queued if hasattr(callback, "args")]
    assert [(task.name, *args) for task, *args in sent] == [
        ("resources.tasks.resource_cover_render_task", resource.pk)
    ]


def test_the_worker_refuses_a_deflate_bomb_within_its_caps_and_the_admin_says_why(
    client, editor, settings
):
    settings.UPLOAD_RENDER_MEMORY_MB = 512
    resource = ResourceFactory(file=ContentFile(hostile_files.deflate_bomb_pdf(), "bomb.pdf"))
    peak_before = _peak_rss_mb()
    started = time.monotonic()

    assert resource_cover_render_task(resource.pk) is False

    assert time.monotonic() - started < 10
    # The child took the blow; this process (the worker) did not grow.
    assert _peak_rss_mb() - peak_before < 100
    resource.refresh_from_db()
    assert not resource.cover
    assert resource.cover_problem == CoverProblem.MEMORY
    client.force_login(editor)
    page = client.get(reverse("admin:resources_resource_change", args=[resource.pk])).text
    assert "No cover could be made of this PDF: Drawing its first page needed too much memory." in (
        page
    )


def test_the_worker_stops_a_render_that_runs_past_its_time(settings):
    settings.UPLOAD_RENDER_SECONDS = 1
    settings.UPLOAD_RENDER_MEMORY_MB = 4096
    resource = ResourceFactory(file=ContentFile(hostile_files.deflate_bomb_pdf(), "bomb.pdf"))
    started = time.monotonic()

    assert resource_cover_render(resource=resource) is False

    assert time.monotonic() - started < 5
    resource.refresh_from_db()
    assert resource.cover_problem == CoverProblem.TIMEOUT


def test_the_worker_refuses_a_page_of_absurd_shape_that_reached_storage():
    # e.g. uploaded before the upload check existed
    resource = ResourceFactory(file=ContentFile(hostile_files.tall_page_pdf(), "tall.pdf"))

    assert resource_cover_render_task(resource.pk) is False

    resource.refresh_from_db()
    assert resource.cover_problem == CoverProblem.PAGE_SIZE
    assert not resource.cover


@pytest.mark.parametrize(
    ("media_box", "size"),
    [((14_400, 14_400), (400, 400)), ((612, 792), (400, 518)), ((2_000, 600), (400, 120))],
    ids=["200-inch-square", "letter", "wide"],
)
def test_a_cover_fits_the_pixel_box_whatever_size_the_page_declares(media_box, size):
    pdf = hostile_files.pdf_bytes(media_box=media_box, content=b"q Q")
    resource = ResourceFactory(file=ContentFile(pdf, "a.pdf"))

    assert resource_cover_render_task(resource.pk) is True

    resource.refresh_from_db()
    assert _cover_size(resource) == pytest.approx(size, abs=1)


def test_the_cover_task_run_twice_draws_one_cover_and_clears_an_earlier_refusal():
    resource = ResourceFactory(file=ContentFile(printed_pdf(), "a.pdf"))
    Resource.objects.filter(pk=resource.pk).update(cover_problem=CoverProblem.TIMEOUT)

    assert resource_cover_render_task(resource.pk) is True
    assert resource_cover_render_task(resource.pk) is True

    resource.refresh_from_db()
    assert resource.cover.name == f"resources/{resource.catalog_number}/cover.png"
    assert resource.cover_problem == ""
    assert _cover_size(resource) == (400, 518)


def test_the_cover_task_of_a_deleted_resource_does_nothing():
    resource = ResourceFactory()
    pk = resource.pk
    resource.delete()

    assert resource_cover_render_task(pk) is False


def _with_cover(**traits):
    resource = ResourceFactory(**traits)
    resource_cover_render(resource=resource)
    resource.refresh_from_db()
    assert resource.cover
    return resource


@pytest.mark.parametrize(
    ("role", "draft", "expected"),
    [
        ("anonymous", False, 200),
        ("practitioner", False, 200),
        ("editor", False, 200),
        ("anonymous", True, 302),
        ("practitioner", True, 404),
        ("editor", True, 200),
    ],
)
def test_resource_cover_follows_the_resource_page_for_each_role(client, role, draft, expected):
    resource = _with_cover(draft=draft)
    if role == "practitioner":
        client.force_login(UserFactory(verified=True))
    elif role == "editor":
        from tests.factories import editor

        client.force_login(editor())

    response = client.get(resource.get_cover_url())

    assert response.status_code == expected
    if expected == 200:
        assert response["Content-Type"] == "image/png"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "sandbox" in response["Content-Security-Policy"]
    if expected == 302:
        assert response["Location"].startswith(reverse("account_login"))


def test_resource_pages_link_the_cover_view_and_the_download_is_sandboxed(client):
    resource = _with_cover()

    page = client.get(resource.get_absolute_url()).text
    listing = client.get(reverse("resources:list")).text
    download = client.get(resource.get_download_url())

    assert f'src="{resource.get_cover_url()}"' in page
    assert f'src="{resource.get_cover_url()}"' in listing
    assert "/media/" not in page + listing
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in download["Content-Security-Policy"]


def test_resource_without_cover_answers_404_for_its_cover(client):
    resource = ResourceFactory()

    assert client.get(resource.get_cover_url()).status_code == 404
