import datetime
import xml.etree.ElementTree as ET
import zoneinfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from coalition.models import Report, ReportRevision
from coalition.services import report_transition, report_update
from tests import factories

from .factories import (
    ReportCommentFactory,
    ReportFactory,
    ReportSectionFactory,
    pdf_upload,
    png_upload,
)

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def _login_path(url):
    return f"{reverse('account_login')}?next={url}"


# Public pages -----------------------------------------------------------------------------


def test_report_list_shows_published_reports_only(client):
    ReportFactory(published=True, title="Out in the world")
    for state in ("in_review", "scheduled", "unpublished"):
        ReportFactory(**{state: True}, title=f"Hidden {state}")
    ReportFactory(title="Hidden draft")

    content = client.get(reverse("coalition:report_list")).content.decode()

    assert "Out in the world" in content
    assert "Hidden" not in content


def test_report_list_without_reports_says_so(client):
    response = client.get(reverse("coalition:report_list"))
    assert "No reports are published yet" in response.content.decode()


@pytest.mark.parametrize("count", [3, 15])
def test_report_list_queries_stay_constant(client, django_assert_max_num_queries, count):
    ReportFactory.create_batch(count, published=True)
    with django_assert_max_num_queries(2):  # count + page
        response = client.get(reverse("coalition:report_list"))
    assert response.status_code == 200


def test_report_detail_shows_sections_findings_and_the_pdf_to_anyone(client):
    report = ReportFactory(published=True, pdf=pdf_upload())
    ReportSectionFactory(report=report, heading="Three strategies", body="1. **Scale** it")

    content = client.get(report.get_absolute_url()).content.decode()

    assert f'<h1 id="report-title">{report.title}</h1>' in content
    assert "Key findings" in content
    assert "<li>Housing matters.</li>" in content
    assert "Three strategies" in content
    assert "<strong>Scale</strong>" in content
    assert report.get_pdf_url() in content
    assert "Preview." not in content


def test_report_detail_sanitizes_the_markdown_of_its_sections(client):
    report = ReportFactory(published=True)
    ReportSectionFactory(
        report=report,
        heading="Unsafe",
        body='<script>alert("x")</script>\n\n[click](javascript:alert(1)) '
        "<img src=x onerror=alert(1)>\n\n# A heading",
    )
    content = client.get(report.get_absolute_url()).content.decode()
    assert "<script>alert" not in content
    assert "javascript:" not in content
    assert "onerror" not in content
    assert "<h3" in content  # "# A heading" sits under the section's own h2


@pytest.mark.parametrize("state", ["draft", "in_review", "scheduled", "unpublished"])
@pytest.mark.parametrize("who", ["anonymous", "practitioner"])
def test_report_detail_of_an_unpublished_report_is_404_for_the_public(
    client, practitioner, state, who
):
    report = ReportFactory(**({} if state == "draft" else {state: True}))
    if who == "practitioner":
        client.force_login(practitioner)
    assert client.get(report.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("who", ["editor", "publisher"])
def test_report_detail_of_a_draft_is_a_preview_for_editors_and_publishers(client, who, request):
    report = ReportFactory(title="Work in progress")
    client.force_login(request.getfixturevalue(who))
    response = client.get(report.get_absolute_url())
    content = response.content.decode()
    assert response.status_code == 200
    assert "Preview." in content
    assert "Work in progress" in content
    assert "Replies open once the report is published" in content


def test_report_detail_of_a_missing_report_is_404(client):
    assert client.get(reverse("coalition:report_detail", args=["nothing"])).status_code == 404


def test_report_feed_is_atom_listing_published_reports_only(client):
    published = ReportFactory(published=True, title="Published one", summary="In the feed.")
    ReportFactory(title="A draft")
    ReportFactory(unpublished=True, title="Withdrawn")

    response = client.get(reverse("coalition:report_feed"))

    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314 - our own feed, just rendered
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == ["Published one"]
    link = entries[0].find(f"{ATOM}link").attrib["href"]
    assert link.startswith("http")
    assert link.endswith(published.get_absolute_url())
    assert entries[0].find(f"{ATOM}summary").text == "In the feed."
    assert entries[0].find(f"{ATOM}published") is not None


def test_report_feed_marks_summaries_as_plain_text_so_readers_show_markup_as_typed(client):
    ReportFactory(
        published=True,
        title="Bell\x07 and \u202eevil\u202c title",
        summary='<img src=x onerror="alert(1)"> & more\x1b',
    )
    response = client.get(reverse("coalition:report_feed"))
    assert response.status_code == 200  # a control character in a title was a server error
    entry = ET.fromstring(response.content).find(f"{ATOM}entry")  # noqa: S314 - our own feed
    summary = entry.find(f"{ATOM}summary")
    assert summary.attrib["type"] == "text"
    assert summary.text == '<img src=x onerror="alert(1)"> & more'
    assert entry.find(f"{ATOM}title").text == "Bell and evil title"


# Editors' area ----------------------------------------------------------------------------

MANAGE_URLS = [
    lambda r: reverse("coalition:report_manage"),
    lambda r: reverse("coalition:report_create"),
    lambda r: reverse("coalition:report_edit", args=[r.pk]),
    lambda r: reverse("coalition:report_history", args=[r.pk]),
    lambda r: reverse("coalition:report_move", args=[r.pk, "in_review"]),
    lambda r: reverse("coalition:comment_queue"),
]


@pytest.mark.parametrize("url", MANAGE_URLS)
def test_editors_area_sends_anonymous_visitors_to_sign_in(client, url):
    path = url(ReportFactory())
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == _login_path(path)


@pytest.mark.parametrize("url", MANAGE_URLS)
def test_editors_area_is_404_for_practitioners(client, practitioner, url):
    client.force_login(practitioner)
    assert client.get(url(ReportFactory())).status_code == 404


@pytest.mark.parametrize("url", MANAGE_URLS)
@pytest.mark.parametrize("who", ["editor", "publisher"])
def test_editors_area_opens_for_editors_and_publishers(client, request, url, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(url(ReportFactory())).status_code == 200


def test_report_manage_lists_every_report_with_its_state_and_the_editors_actions(client, editor):
    draft = ReportFactory(title="Still a draft")
    published = ReportFactory(published=True, title="Already out")
    client.force_login(editor)

    content = client.get(reverse("coalition:report_manage")).content.decode()

    assert "Still a draft" in content
    assert "Already out" in content
    assert reverse("coalition:report_move", args=[draft.pk, "in_review"]) in content
    assert reverse("coalition:report_edit", args=[draft.pk]) in content
    # Unpublishing and correcting a published report are a publisher's to do.
    assert reverse("coalition:report_move", args=[published.pk, "unpublished"]) not in content
    assert reverse("coalition:report_edit", args=[published.pk]) not in content


def test_report_manage_offers_publishers_their_moves(client, publisher):
    in_review = ReportFactory(in_review=True)
    published = ReportFactory(published=True)
    client.force_login(publisher)
    content = client.get(reverse("coalition:report_manage")).content.decode()
    for report, target in [
        (in_review, "published"),
        (in_review, "scheduled"),
        (in_review, "draft"),
    ]:
        assert reverse("coalition:report_move", args=[report.pk, target]) in content
    assert reverse("coalition:report_move", args=[published.pk, "unpublished"]) in content


def test_report_manage_filters_by_state(client, editor):
    ReportFactory(title="Draft A")
    ReportFactory(in_review=True, title="Reviewed B")
    client.force_login(editor)
    content = client.get(reverse("coalition:report_manage") + "?state=in_review").content.decode()
    assert "Reviewed B" in content
    assert "Draft A" not in content


@pytest.mark.parametrize("count", [3, 20])
def test_report_manage_queries_stay_constant(client, editor, django_assert_max_num_queries, count):
    for n in range(count):
        ReportFactory(**({"published": True} if n % 2 else {}))
    client.force_login(editor)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("coalition:report_manage"))
    assert response.status_code == 200


def _report_post(**overrides):
    data = {
        "title": "Status of Health Equity 2023",
        "slug": "",
        "year": "2023",
        "summary": "What changed this year.",
        "key_findings": "One\nTwo",
        "cover_alt": "",
        "sections-TOTAL_FORMS": "2",
        "sections-INITIAL_FORMS": "0",
        "sections-MIN_NUM_FORMS": "0",
        "sections-MAX_NUM_FORMS": "1000",
        "sections-0-heading": "Second",
        "sections-0-body": "Comes after",
        "sections-0-ORDER": "2",
        "sections-1-heading": "First",
        "sections-1-body": "Comes first",
        "sections-1-ORDER": "1",
    }
    data.update(overrides)
    return data


def test_report_create_by_an_editor_saves_a_draft_in_section_order(client, editor):
    client.force_login(editor)
    response = client.post(reverse("coalition:report_create"), _report_post())

    report = Report.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("coalition:report_edit", args=[report.pk])
    assert report.state == Report.State.DRAFT
    assert report.slug == "status-of-health-equity-2023"
    assert [s.heading for s in report.sections.all()] == ["First", "Second"]
    assert report.revisions.get().actor == editor


def test_report_create_with_errors_keeps_the_input_and_shows_them(client, editor):
    client.force_login(editor)
    response = client.post(
        reverse("coalition:report_create"),
        _report_post(summary="", **{"sections-0-body": ""}),
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "Please correct the errors below" in content
    assert 'value="Status of Health Equity 2023"' in content
    assert "This field is required" in content
    assert not Report.objects.exists()


def test_report_create_refuses_a_file_that_only_pretends_to_be_a_pdf(client, editor):
    client.force_login(editor)
    fake = SimpleUploadedFile("report.pdf", b"<html>not a pdf</html>", "application/pdf")
    response = client.post(reverse("coalition:report_create"), _report_post(pdf=fake))
    assert "This file is not a PDF" in response.content.decode()
    assert not Report.objects.exists()


def test_report_create_accepts_a_real_pdf_and_cover_with_its_description(client, editor):
    client.force_login(editor)
    client.post(
        reverse("coalition:report_create"),
        _report_post(pdf=pdf_upload(), cover=png_upload(), cover_alt="A green cover"),
    )
    report = Report.objects.get()
    assert report.pdf.read().startswith(b"%PDF-")
    assert report.cover.width == 600


def test_report_create_asks_for_a_description_of_the_cover(client, editor):
    client.force_login(editor)
    response = client.post(reverse("coalition:report_create"), _report_post(cover=png_upload()))
    assert "Describe the cover" in response.content.decode()


def test_report_create_refuses_a_reserved_address(client, editor):
    client.force_login(editor)
    response = client.post(reverse("coalition:report_create"), _report_post(slug="manage"))
    assert "used by the site" in response.content.decode()


def _edit_post(report, **overrides):
    sections = list(report.sections.all())
    data = _report_post(
        title=report.title,
        slug=report.slug,
        year=str(report.year),
        summary=report.summary,
        key_findings=report.key_findings,
        **{
            "sections-TOTAL_FORMS": str(len(sections)),
            "sections-INITIAL_FORMS": str(len(sections)),
        },
    )
    for key in [k for k in data if k.startswith("sections-") and k[9].isdigit()]:
        del data[key]
    for i, section in enumerate(sections):
        data[f"sections-{i}-heading"] = section.heading
        data[f"sections-{i}-body"] = section.body
        data[f"sections-{i}-ORDER"] = str(i + 1)
    data.update(overrides)
    return data


def test_report_edit_saves_changes_and_records_them(client, editor):
    report = ReportFactory()
    client.force_login(editor)
    response = client.post(
        reverse("coalition:report_edit", args=[report.pk]), _edit_post(report, title="Renamed")
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.title == "Renamed"
    assert report.revisions.get().actor == editor


def test_report_edit_deletes_a_ticked_section(client, editor):
    report = ReportFactory()
    ReportSectionFactory(report=report, heading="Keep me")
    client.force_login(editor)
    client.post(
        reverse("coalition:report_edit", args=[report.pk]),
        _edit_post(report, **{"sections-0-DELETE": "on"}),
    )
    assert [s.heading for s in report.sections.all()] == ["Keep me"]


def test_report_edit_without_changes_says_so(client, editor):
    report = ReportFactory()
    client.force_login(editor)
    url = reverse("coalition:report_edit", args=[report.pk])
    client.post(url, _edit_post(report))
    response = client.post(url, _edit_post(report), follow=True)
    assert "Nothing had changed" in response.content.decode()


def test_report_edit_of_a_published_report_is_refused_to_editors(client, editor):
    report = ReportFactory(published=True)
    client.force_login(editor)
    response = client.get(reverse("coalition:report_edit", args=[report.pk]))
    assert response.status_code == 403


def test_report_edit_of_a_published_report_is_open_to_publishers(client, publisher):
    report = ReportFactory(published=True)
    client.force_login(publisher)
    assert client.get(reverse("coalition:report_edit", args=[report.pk])).status_code == 200


def test_report_history_lists_each_change_with_who_and_what(client, editor, publisher):
    report = ReportFactory()
    report_update(report=report, by=editor, data={"title": "First take"})
    report_update(report=report, by=editor, data={"title": "Second take"})
    report_transition(report=report, to="in_review", by=editor, note="Please read")
    report_transition(report=report, to="published", by=publisher)
    client.force_login(editor)

    content = client.get(reverse("coalition:report_history", args=[report.pk])).content.decode()

    assert content.count(editor.full_name) >= 3
    assert publisher.full_name in content
    assert "Changed: title" in content
    assert "Please read" in content
    assert "In review → Published" in content


def test_report_move_shows_a_confirmation_page_before_changing_anything(client, publisher):
    report = ReportFactory(published=True)
    client.force_login(publisher)
    response = client.get(reverse("coalition:report_move", args=[report.pk, "unpublished"]))
    assert response.status_code == 200
    assert "disappears from the site" in response.content.decode()
    report.refresh_from_db()
    assert report.state == Report.State.PUBLISHED


def test_report_move_submits_a_draft_for_review(client, editor):
    report = ReportFactory()
    client.force_login(editor)
    response = client.post(
        reverse("coalition:report_move", args=[report.pk, "in_review"]), {"note": "Done"}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == Report.State.IN_REVIEW
    assert report.revisions.get().note == "Done"


@pytest.mark.parametrize("target", ["published", "scheduled"])
def test_report_move_by_an_editor_to_a_publishers_state_is_403(client, editor, target):
    report = ReportFactory(in_review=True)
    client.force_login(editor)
    url = reverse("coalition:report_move", args=[report.pk, target])
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    report.refresh_from_db()
    assert report.state == Report.State.IN_REVIEW


def test_report_move_to_scheduled_reads_the_time_in_the_publishers_zone(client, publisher):
    publisher.time_zone = "America/New_York"
    publisher.save()
    report = ReportFactory(in_review=True)
    client.force_login(publisher)
    new_york = zoneinfo.ZoneInfo("America/New_York")
    local = (timezone.now() + datetime.timedelta(days=3)).astimezone(new_york)
    client.post(
        reverse("coalition:report_move", args=[report.pk, "scheduled"]),
        {"publish_at": local.strftime("%Y-%m-%dT%H:%M"), "note": ""},
    )
    report.refresh_from_db()
    assert report.state == Report.State.SCHEDULED
    assert report.publish_at.astimezone(new_york).strftime("%H:%M") == local.strftime("%H:%M")


def test_report_move_to_scheduled_without_a_time_shows_the_error(client, publisher):
    report = ReportFactory(in_review=True)
    client.force_login(publisher)
    response = client.post(reverse("coalition:report_move", args=[report.pk, "scheduled"]))
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()


def test_report_move_that_is_no_longer_possible_explains_and_goes_back(client, publisher):
    report = ReportFactory(published=True)
    client.force_login(publisher)
    response = client.post(
        reverse("coalition:report_move", args=[report.pk, "in_review"]), follow=True
    )
    assert "no longer possible" in response.content.decode()
    assert ReportRevision.objects.count() == 0


def test_report_move_to_an_unknown_state_is_404(client, publisher):
    report = ReportFactory()
    client.force_login(publisher)
    assert client.get(reverse("coalition:report_move", args=[report.pk, "gone"])).status_code == 404


def test_report_list_links_editors_to_their_area(client, editor, practitioner):
    client.force_login(practitioner)
    assert "Editors' area" not in client.get(reverse("coalition:report_list")).content.decode()
    client.force_login(editor)
    assert "Editors' area" in client.get(reverse("coalition:report_list")).content.decode()


def test_report_publisher_group_member_is_a_publisher():
    person = factories.UserFactory(verified=True, groups=["publishers"])
    report = ReportFactory(in_review=True)
    report_transition(report=report, to="published", by=person)
    assert Report.objects.get(pk=report.pk).is_published


@pytest.mark.parametrize("count", [2, 12])
def test_report_detail_queries_stay_constant(client, django_assert_max_num_queries, count):
    report = ReportFactory(published=True)
    ReportSectionFactory.create_batch(count, report=report)
    ReportCommentFactory.create_batch(count, report=report)
    with django_assert_max_num_queries(3):  # report, sections, replies with their authors
        response = client.get(report.get_absolute_url())
    assert response.status_code == 200


@pytest.mark.parametrize("count", [2, 12])
def test_report_detail_for_an_editor_queries_stay_constant(
    client, editor, django_assert_max_num_queries, count
):
    report = ReportFactory(published=True)
    ReportSectionFactory.create_batch(count, report=report)
    ReportCommentFactory.create_batch(count, report=report)
    client.force_login(editor)
    with django_assert_max_num_queries(7):
        response = client.get(report.get_absolute_url())
    assert response.status_code == 200


@pytest.mark.parametrize("count", [2, 40])
def test_report_history_queries_stay_constant(client, editor, django_assert_max_num_queries, count):
    report = ReportFactory()
    for n in range(count):
        report_update(report=report, by=editor, data={"title": f"Take {n}"})
    client.force_login(editor)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("coalition:report_history", args=[report.pk]))
    assert response.status_code == 200
    assert "Take 1" in response.content.decode()
