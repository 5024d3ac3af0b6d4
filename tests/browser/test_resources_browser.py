import re

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import expect

from resources.models import DownloadCount, Resource
from resources.services import resource_save
from tests.factories import PASSWORD
from tests.resources.factories import printed_pdf

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _publish(catalog_number, title, kind, audience=Resource.Audience.PUBLIC):
    resource = Resource(
        catalog_number=catalog_number,
        title=title,
        kind=kind,
        summary=f"{title}: a publication of the collaborative for the public health workforce.",
        authors="Roots Learning Collaborative",
        year=2014,
        audience=audience,
        published=True,
    )
    return resource_save(resource=resource, upload=ContentFile(printed_pdf(), name="upload.pdf"))


@pytest.fixture
def library(db):
    return [
        _publish("NA614", "Expanding the Boundaries", Resource.Kind.BRIEF),
        _publish(
            "NA615",
            "Essays for Reflection",
            Resource.Kind.ESSAYS,
            audience=Resource.Audience.REGISTERED,
        ),
        _publish(
            "NA616",
            "Facilitator's Guide",
            Resource.Kind.GUIDE,
            audience=Resource.Audience.FACILITATORS,
        ),
    ]


def test_visitor_filters_the_list_opens_a_brief_and_downloads_it(page, library, assert_accessible):
    page.goto("/resources/")
    expect(page.get_by_role("heading", name="Resources", level=1)).to_be_visible()
    expect(page.get_by_role("status")).to_have_text("3 publications")
    assert_accessible(page)

    page.get_by_label("Kind").select_option("brief")
    expect(page.get_by_role("status")).to_have_text("1 publication")
    expect(page).to_have_url(re.compile(r"/resources/\?q=&kind=brief(&unit=)?$"))
    page.get_by_role("link", name="Expanding the Boundaries").click()

    expect(page.get_by_role("heading", name="Expanding the Boundaries", level=1)).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the PDF").click()
    download = download_info.value
    assert download.suggested_filename == "NA614-expanding-the-boundaries.pdf"
    with open(download.path(), "rb") as downloaded:
        assert downloaded.read() == printed_pdf()
    assert DownloadCount.objects.filter(resource__catalog_number="NA614").count() == 1


def test_visitor_signs_in_to_download_a_registered_resource_and_comes_back(
    page, library, practitioner
):
    page.goto("/resources/NA615/")
    page.get_by_role("link", name="Sign in to download").click()

    page.get_by_label("Email").fill(practitioner.email)
    page.get_by_label(re.compile(r"^\s*Password\W*$")).fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()

    expect(page).to_have_url(re.compile(r"/resources/NA615/$"))
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the PDF").click()
    assert download_info.value.suggested_filename == "NA615-essays-for-reflection.pdf"


def test_practitioner_is_told_who_may_download_facilitator_guide(
    page, library, practitioner, sign_in, assert_accessible
):
    sign_in(page, practitioner)

    response = page.goto("/resources/NA616/download/")

    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_contain_text("not available to your account")
    expect(page.get_by_text("people who lead a learning group")).to_be_visible()
    assert_accessible(page)


def test_empty_search_shows_accessible_empty_state(page, library, assert_accessible):
    page.goto("/resources/?q=astrophysics")

    expect(page.get_by_role("heading", name="No publication matches your search")).to_be_visible()
    assert_accessible(page)
