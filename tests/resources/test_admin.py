import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from resources.models import DownloadCount, Resource
from tests.factories import UserFactory

from .factories import BLANK_PDF, DownloadCountFactory, ResourceFactory, png_bytes, printed_pdf

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:resources_resource_add")
LIST_URL = reverse("admin:resources_resource_changelist")


def _form(**overrides):
    data = {
        "catalog_number": "na617",
        "title": "Advancing Public Narrative for Health Equity",
        "kind": "toolkit",
        "summary": "Tools for telling a public story about health equity.",
        "authors": "Roots Learning Collaborative",
        "year": "2024",
        "audience": "registered",
        "published": "on",
    }
    data.update(overrides)
    return data


def _pdf_upload(content=BLANK_PDF, name="narrative.pdf", content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def test_editors_group_has_add_change_view_delete_on_resources():
    codenames = set(
        Group.objects.get(name="editors")
        .permissions.filter(content_type__app_label="resources")
        .values_list("codename", flat=True)
    )

    assert codenames == {
        "add_resource",
        "change_resource",
        "view_resource",
        "delete_resource",
        "view_downloadcount",
    }


def test_admin_editor_uploads_pdf_and_gets_catalog_number_page_count_and_cover(
    client, editor, worker
):
    client.force_login(editor)

    with worker():
        response = client.post(
            ADD_URL, {**_form(), "file": _pdf_upload(printed_pdf())}, follow=True
        )

    resource = Resource.objects.get()
    assert resource.catalog_number == "NA617"
    assert resource.file.name == "resources/NA617/NA617.pdf"
    assert resource.page_count == 3
    assert resource.cover.name == "resources/NA617/cover.png"
    assert "was added successfully" in response.text


@pytest.mark.parametrize(
    ("content", "name"),
    [(png_bytes(), "cover-photo.pdf"), (b"Minutes of the March meeting\n", "minutes.pdf")],
    ids=["png-renamed-pdf", "text-file"],
)
def test_admin_upload_of_non_pdf_is_refused_with_clear_error_keeping_input(
    client, editor, content, name
):
    client.force_login(editor)

    response = client.post(ADD_URL, {**_form(), "file": _pdf_upload(content, name)})

    assert response.status_code == 200
    assert "This file is not a PDF" in response.text
    assert 'value="Advancing Public Narrative for Health Equity"' in response.text
    assert not Resource.objects.exists()


def test_admin_upload_of_damaged_pdf_is_refused(client, editor):
    client.force_login(editor)

    response = client.post(ADD_URL, {**_form(), "file": _pdf_upload(b"%PDF-1.4\ncut short")})

    assert "This PDF could not be read" in response.text
    assert not Resource.objects.exists()


def test_admin_upload_over_size_limit_is_refused_naming_the_limit(client, editor, settings):
    settings.RESOURCE_MAX_UPLOAD_BYTES = 300
    client.force_login(editor)

    response = client.post(ADD_URL, {**_form(), "file": _pdf_upload()})

    assert response.status_code == 200
    assert "the limit is 300\xa0bytes" in response.text
    assert not Resource.objects.exists()


def test_admin_add_form_states_the_size_limit(client, editor, settings):
    settings.RESOURCE_MAX_UPLOAD_BYTES = 10 * 1024 * 1024
    client.force_login(editor)

    response = client.get(ADD_URL)

    assert "A PDF of at most 10.0\xa0MB" in response.text


def test_admin_replacing_file_keeps_catalog_number_and_url_and_removes_old_file(
    client, editor, media_root, worker
):
    client.force_login(editor)
    with worker():
        client.post(ADD_URL, {**_form(), "file": _pdf_upload(BLANK_PDF)})
    resource = Resource.objects.get()
    change_url = reverse("admin:resources_resource_change", args=[resource.pk])

    with worker():
        response = client.post(
            change_url, {**_form(catalog_number="OTHER1"), "file": _pdf_upload(printed_pdf())}
        )

    assert response.status_code == 302
    resource.refresh_from_db()
    assert resource.catalog_number == "NA617"
    assert resource.get_download_url() == "/resources/NA617/download/"
    assert resource.page_count == 3
    folder = media_root / "resources" / "NA617"
    assert {path.name for path in folder.iterdir()} == {"NA617.pdf", "cover.png"}
    assert (folder / "NA617.pdf").read_bytes() == printed_pdf()


def test_admin_change_without_new_file_keeps_the_file(client, editor):
    resource = ResourceFactory(catalog_number="NA614")
    name = resource.file.name
    client.force_login(editor)

    response = client.post(
        reverse("admin:resources_resource_change", args=[resource.pk]),
        _form(title="Expanding the Boundaries (revised)"),
    )

    assert response.status_code == 302
    resource.refresh_from_db()
    assert resource.title == "Expanding the Boundaries (revised)"
    assert resource.file.name == name


def test_admin_delete_removes_the_files(client, editor, django_capture_on_commit_callbacks, worker):
    client.force_login(editor)
    with worker():
        client.post(ADD_URL, {**_form(), "file": _pdf_upload(printed_pdf())})
    resource = Resource.objects.get()
    assert resource.cover
    storage, names = resource.file.storage, [resource.file.name, resource.cover.name]

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("admin:resources_resource_delete", args=[resource.pk]), {"post": "yes"})

    assert not Resource.objects.exists()
    assert not any(storage.exists(name) for name in names)


def test_admin_publish_action_publishes_and_says_so(client, editor):
    draft = ResourceFactory(draft=True)
    client.force_login(editor)

    response = client.post(
        LIST_URL, {"action": "publish", "_selected_action": [draft.pk]}, follow=True
    )

    draft.refresh_from_db()
    assert draft.published
    assert "1 resource published." in response.text


def test_admin_changelist_shows_download_totals_and_searches(client, editor):
    resource = ResourceFactory(catalog_number="NA616", title="Facilitator's Guide")
    DownloadCountFactory.create_batch(3, resource=resource)
    ResourceFactory(title="Something else")
    client.force_login(editor)

    response = client.get(LIST_URL, {"q": "NA616"})

    assert response.status_code == 200
    assert response.context["cl"].result_count == 1
    assert response.context["cl"].result_list[0].download_total == 3


def test_admin_download_counts_are_read_only_for_editors(client, editor):
    DownloadCountFactory(user=UserFactory(), visitor_key="")
    client.force_login(editor)

    response = client.get(reverse("admin:resources_downloadcount_changelist"))

    assert response.status_code == 200
    assert DownloadCount.objects.count() == 1
    assert client.get(reverse("admin:resources_downloadcount_add")).status_code == 403


def test_admin_staff_without_editor_permissions_is_refused(client, staff_user):
    client.force_login(staff_user)

    assert client.get(LIST_URL).status_code == 403


def test_admin_practitioner_is_sent_to_admin_login(client, practitioner):
    client.force_login(practitioner)

    response = client.get(LIST_URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_admin_render_covers_action_queues_covers_and_the_page_says_why_one_failed(
    client, editor, worker
):
    good = ResourceFactory(catalog_number="NA614")
    broken = ResourceFactory(catalog_number="NA615")
    broken.file.storage.delete(broken.file.name)
    client.force_login(editor)

    with worker():
        response = client.post(
            LIST_URL,
            {"action": "render_covers", "_selected_action": [good.pk, broken.pk]},
            follow=True,
        )

    good.refresh_from_db()
    assert good.cover.name == "resources/NA614/cover.png"
    assert "2 covers are being drawn; reload in a moment to see them." in response.text
    page = client.get(reverse("admin:resources_resource_change", args=[broken.pk])).text
    assert "No cover could be made of this PDF: Its first page could not be drawn." in page


def _cached_for_anonymous_visitors(visitor, url, django_assert_num_queries) -> str:
    """The page as an anonymous visitor sees it, once it is in the page cache: a second load is
    served from the cache, without a query."""
    visitor.get(url)
    with django_assert_num_queries(0):
        return visitor.get(url).text


def test_admin_publish_action_shows_the_resources_to_an_anonymous_visitor_at_once(
    client, editor, django_assert_num_queries
):
    ResourceFactory(title="Already out")
    drafts = [ResourceFactory(draft=True, title=f"Fresh toolkit {n}") for n in (1, 2)]
    visitor = Client()
    url = reverse("resources:list")
    before = _cached_for_anonymous_visitors(visitor, url, django_assert_num_queries)
    assert "Already out" in before
    assert "Fresh toolkit" not in before
    client.force_login(editor)

    client.post(LIST_URL, {"action": "publish", "_selected_action": [d.pk for d in drafts]})

    after = visitor.get(url).text
    assert "Fresh toolkit 1" in after
    assert "Fresh toolkit 2" in after
    assert "Already out" in after


def test_admin_unpublish_action_hides_resource_from_the_list(
    client, editor, django_assert_num_queries
):
    resource = ResourceFactory(title="Soon withdrawn")
    visitor = Client()
    url = reverse("resources:list")
    assert "Soon withdrawn" in _cached_for_anonymous_visitors(
        visitor, url, django_assert_num_queries
    )
    client.force_login(editor)

    client.post(LIST_URL, {"action": "unpublish", "_selected_action": [resource.pk]})

    assert "Soon withdrawn" not in visitor.get(url).text
