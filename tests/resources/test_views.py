import datetime

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from resources.models import DownloadCount, Resource
from tests.factories import UserFactory

from .factories import BLANK_PDF, ResourceFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "practitioner", "facilitator", "editor", "staff_user"]
AUDIENCES = [choice.value for choice in Resource.Audience]

# What each role gets from /resources/<catalog>/download/, by audience, for a published resource.
PUBLISHED_DOWNLOAD = {
    "public": dict.fromkeys(ROLES, "file"),
    "registered": {**dict.fromkeys(ROLES, "file"), "anonymous": "login"},
    "facilitators": {
        "anonymous": "login",
        "practitioner": "refused",
        "facilitator": "file",
        "editor": "file",
        "staff_user": "file",
    },
}
# Unpublished: only editors and staff know it exists; anonymous visitors are sent to sign in
# (the house rule in roots/permissions.py) and, once signed in, get a 404 unless they manage it.
UNPUBLISHED_DOWNLOAD = {
    "anonymous": "login",
    "practitioner": "not_found",
    "facilitator": "not_found",
    "editor": "file",
    "staff_user": "file",
}


def _client_for(role, client, request):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    return client


def _outcome(response) -> str:
    if response.status_code == 200 and response.get("Content-Type") == "application/pdf":
        return "file"
    if response.status_code == 302 and response["Location"].startswith(reverse("account_login")):
        return "login"
    return {403: "refused", 404: "not_found", 200: "page"}.get(response.status_code, "other")


@pytest.mark.parametrize("published", [True, False], ids=["published", "unpublished"])
@pytest.mark.parametrize("audience", AUDIENCES)
@pytest.mark.parametrize("role", ROLES)
def test_download_audience_matrix_gives_each_role_the_expected_answer(
    role, audience, published, client, request
):
    resource = ResourceFactory(audience=audience, published=published)
    client = _client_for(role, client, request)

    response = client.get(resource.get_download_url())

    expected = PUBLISHED_DOWNLOAD[audience][role] if published else UNPUBLISHED_DOWNLOAD[role]
    assert _outcome(response) == expected
    assert DownloadCount.objects.filter(resource=resource).count() == (expected == "file")


@pytest.mark.parametrize("published", [True, False], ids=["published", "unpublished"])
@pytest.mark.parametrize("audience", AUDIENCES)
@pytest.mark.parametrize("role", ROLES)
def test_detail_audience_matrix_shows_the_page_to_whoever_may_know_it(
    role, audience, published, client, request
):
    resource = ResourceFactory(audience=audience, published=published)
    client = _client_for(role, client, request)

    response = client.get(resource.get_absolute_url())

    if published or role in {"editor", "staff_user"}:
        assert response.status_code == 200
        assert resource.title in response.text
    elif role == "anonymous":
        assert _outcome(response) == "login"
    else:
        assert response.status_code == 404


def test_download_anonymous_is_sent_to_sign_in_and_back(client):
    resource = ResourceFactory(registered=True)

    response = client.get(resource.get_download_url())

    assert response.status_code == 302
    assert response["Location"] == (
        f"{reverse('account_login')}?next=/resources/{resource.catalog_number}/download/"
    )


def test_download_not_a_facilitator_gets_403_page_explaining_who_may(client, practitioner):
    resource = ResourceFactory(facilitators=True, title="Facilitator's Guide")
    client.force_login(practitioner)

    response = client.get(resource.get_download_url())

    assert response.status_code == 403
    assert "is not available to your account" in response.text
    assert "for facilitators: people who lead a learning group" in response.text
    assert resource.get_absolute_url() in response.text


def test_download_streams_pdf_with_type_disposition_and_length(client):
    resource = ResourceFactory(catalog_number="NA616", title="Roots of Health Inequity Guide")

    response = client.get(resource.get_download_url())

    assert response.streaming
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="NA616-roots-of-health-inequity-guide.pdf"'
    )
    assert response["Content-Length"] == str(len(BLANK_PDF))
    assert "private" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == BLANK_PDF


def test_download_head_request_sends_headers_without_counting(client):
    resource = ResourceFactory()

    response = client.head(resource.get_download_url())

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert not DownloadCount.objects.exists()


def test_download_missing_file_answers_404(client):
    resource = ResourceFactory()
    resource.file.storage.delete(resource.file.name)

    assert client.get(resource.get_download_url()).status_code == 404


def test_download_reload_same_day_counts_once(client, practitioner):
    resource = ResourceFactory()
    client.force_login(practitioner)

    client.get(resource.get_download_url())
    client.get(resource.get_download_url())

    assert DownloadCount.objects.get().user == practitioner


def test_download_next_day_counts_again(client, practitioner, monkeypatch):
    resource = ResourceFactory()
    client.force_login(practitioner)
    client.get(resource.get_download_url())

    tomorrow = timezone.now() + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "now", lambda: tomorrow)
    client.get(resource.get_download_url())

    days = list(DownloadCount.objects.order_by("day").values_list("day", flat=True))
    assert days == [tomorrow.date() - datetime.timedelta(days=1), tomorrow.date()]


def test_download_two_users_count_two(client, practitioner):
    resource = ResourceFactory()
    other = UserFactory(verified=True)
    for user in (practitioner, other):
        client.force_login(user)
        client.get(resource.get_download_url())

    assert DownloadCount.objects.filter(resource=resource).count() == 2


def test_download_anonymous_visitor_counts_once_per_address_and_day(client):
    resource = ResourceFactory()

    client.get(resource.get_download_url(), REMOTE_ADDR="203.0.113.5")
    client.get(resource.get_download_url(), REMOTE_ADDR="203.0.113.5")
    client.get(resource.get_download_url(), REMOTE_ADDR="198.51.100.7")

    rows = DownloadCount.objects.filter(resource=resource)
    assert rows.count() == 2
    assert all(row.user is None and len(row.visitor_key) == 64 for row in rows)
    assert not rows.filter(visitor_key__contains="203.0.113.5").exists()


def test_list_shows_published_resources_only(client):
    ResourceFactory(title="Expanding the Boundaries")
    ResourceFactory(title="A draft nobody may see", draft=True)

    response = client.get(reverse("resources:list"))

    assert "Expanding the Boundaries" in response.text
    assert "A draft nobody may see" not in response.text
    assert "1 publication" in response.text


def test_list_kind_filter_keeps_only_that_kind(client):
    ResourceFactory(title="The brief", kind=Resource.Kind.BRIEF)
    ResourceFactory(title="The guide", kind=Resource.Kind.GUIDE)

    response = client.get(reverse("resources:list"), {"kind": "brief"})

    assert "The brief" in response.text
    assert "The guide" not in response.text
    assert '<option value="brief" selected>' in response.text


@pytest.mark.parametrize(
    "query", ["boundaries", "NA614", "lakeside county", "social inequalities", "EXPANDING na614"]
)
def test_list_search_matches_title_summary_authors_and_catalog_number(client, query):
    ResourceFactory(
        catalog_number="NA614",
        title="Expanding the Boundaries",
        summary="On social inequalities and public health practice.",
        authors="Lakeside County Health Department",
    )
    ResourceFactory(catalog_number="NA615", title="Essays for Reflection", summary="Four essays.")

    response = client.get(reverse("resources:list"), {"q": query})

    assert "Expanding the Boundaries" in response.text
    assert "Essays for Reflection" not in response.text


def test_list_search_without_match_shows_empty_state_with_way_back(client):
    ResourceFactory(title="Expanding the Boundaries")

    response = client.get(reverse("resources:list"), {"q": "astrophysics"})

    assert "No publication matches your search" in response.text
    assert "Show all publications" in response.text


def test_list_without_resources_shows_empty_state(client):
    response = client.get(reverse("resources:list"))

    assert response.status_code == 200
    assert "No publications yet" in response.text


def test_list_unknown_kind_is_ignored(client):
    ResourceFactory(title="The guide")

    response = client.get(reverse("resources:list"), {"kind": "poster"})

    assert response.status_code == 200
    assert "The guide" in response.text


def test_list_paginates_twelve_a_page_keeping_filters(client):
    ResourceFactory.create_batch(13, kind=Resource.Kind.BRIEF)

    first = client.get(reverse("resources:list"), {"kind": "brief"})
    second = client.get(reverse("resources:list"), {"kind": "brief", "page": 2})

    assert first.text.count('class="resource-card"') == 12
    assert "page 1 of 2" in first.text
    assert 'href="?kind=brief&amp;page=2"' in first.text
    assert second.text.count('class="resource-card"') == 1


def test_list_htmx_request_gets_only_the_results(client):
    ResourceFactory(title="The guide")

    response = client.get(reverse("resources:list"), headers={"HX-Request": "true"})

    assert "The guide" in response.text
    assert "<html" not in response.text
    assert "HX-Request" in response["Vary"]


# Signed in: session, user, count, page (4); anonymous: count and page (2). Two more once the
# courses app relates units to resources: the units of the page's resources, the unit filter.
@pytest.mark.parametrize("size", [3, 30])
def test_list_queries_do_not_grow_with_resources(
    client, practitioner, size, django_assert_max_num_queries
):
    ResourceFactory.create_batch(size)
    client.force_login(practitioner)

    with django_assert_max_num_queries(6):
        response = client.get(reverse("resources:list"))

    assert response.status_code == 200


@pytest.mark.parametrize("size", [3, 30])
def test_list_anonymous_queries_do_not_grow_with_resources(
    client, size, django_assert_max_num_queries
):
    ResourceFactory.create_batch(size)

    with django_assert_max_num_queries(4):
        response = client.get(reverse("resources:list"), {"q": "publication", "page": 2})

    assert response.status_code == 200


def test_detail_shows_facts_and_download_button_to_allowed_user(client):
    resource = ResourceFactory(catalog_number="NA614", page_count=72, year=2014)

    response = client.get(resource.get_absolute_url())

    assert f'href="{resource.get_download_url()}"' in response.text
    assert "Download the PDF" in response.text
    assert "72 pages" in response.text
    assert "NA614" in response.text


def test_detail_anonymous_on_registered_resource_offers_sign_in_back_to_page(client):
    resource = ResourceFactory(registered=True)

    response = client.get(resource.get_absolute_url())

    assert "Sign in to download" in response.text
    assert f"?next=/resources/{resource.catalog_number}/" in response.text
    assert "Download the PDF" not in response.text


def test_detail_practitioner_on_facilitator_resource_explains_instead_of_button(
    client, practitioner
):
    resource = ResourceFactory(facilitators=True)
    client.force_login(practitioner)

    response = client.get(resource.get_absolute_url())

    assert "Your account cannot download it yet" in response.text
    assert "Download the PDF" not in response.text


def test_detail_editor_sees_draft_notice_download_count_and_admin_link(client, editor):
    resource = ResourceFactory(draft=True)
    DownloadCount.objects.create(resource=resource, user=editor, day=timezone.now().date())
    client.force_login(editor)

    response = client.get(resource.get_absolute_url())

    assert "Draft: this publication is not published" in response.text
    assert "1 download counted" in response.text
    assert reverse("admin:resources_resource_change", args=[resource.pk]) in response.text


def test_detail_practitioner_sees_no_editor_tools(client, practitioner):
    resource = ResourceFactory()
    client.force_login(practitioner)

    response = client.get(resource.get_absolute_url())

    assert "For editors" not in response.text
    assert "/admin/" not in response.text


def test_detail_unknown_catalog_number_answers_404(client):
    assert client.get(reverse("resources:detail", args=["NA999"])).status_code == 404


def test_resource_links_component_links_each_resource_and_hides_when_empty():
    resource = ResourceFactory(catalog_number="NA615", title="Essays for Reflection")

    html = render_to_string("components/resource_links.html", {"resources": [resource]})
    empty = render_to_string("components/resource_links.html", {"resources": []})

    assert '<a href="/resources/NA615/">Essays for Reflection</a>' in html
    assert "Publications to go with it" in html
    assert empty.strip() == ""


def test_detail_staff_without_editor_permissions_gets_no_admin_link(client, staff_user):
    resource = ResourceFactory()
    client.force_login(staff_user)

    response = client.get(resource.get_absolute_url())

    assert "For editors" in response.text
    assert "Edit in the admin" not in response.text
