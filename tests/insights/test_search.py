"""Site search: ranking, stemming, highlighting, who sees what, vectors kept current, the page."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from coalition.models import Report
from insights.search import PER_PAGE, highlight, site_search
from tests.coalition.factories import EventFactory, GoalFactory, ReportFactory, ReportSectionFactory
from tests.courses.factories import CourseFactory, LessonFactory, UnitFactory
from tests.groups.factories import MembershipFactory
from tests.resources.factories import ResourceFactory

pytestmark = pytest.mark.django_db

ANONYMOUS = AnonymousUser()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def found(user, text, **kwargs) -> list[str]:
    """The titles found, best first (markup removed)."""
    return [str(hit.obj.title) for hit in site_search(user=user, text=text, **kwargs).hits]


# Ranking, stemming, highlighting


def test_search_title_match_ranks_above_body_match():
    LessonFactory(title="Tenants and landlords", body="A short note on redlining.")
    LessonFactory(title="Redlining and its legacy", body="Maps drawn in the 1930s.")
    assert found(ANONYMOUS, "redlining") == ["Redlining and its legacy", "Tenants and landlords"]


def test_search_title_ranks_above_summary_which_ranks_above_body():
    LessonFactory(title="Maps", body="Redlining shaped these maps.")
    ResourceFactory(title="A brief", summary="On redlining and lending.")
    UnitFactory(title="Redlining", overview="Where the maps came from.")
    assert found(ANONYMOUS, "redlining") == ["Redlining", "A brief", "Maps"]


@pytest.mark.parametrize(
    ("stored", "typed"), [("inequity", "inequities"), ("inequities", "inequity")]
)
def test_search_stems_english_words_so_inequities_finds_inequity(stored, typed):
    LessonFactory(title=f"Naming {stored}", body="Words matter.")
    assert found(ANONYMOUS, typed) == [f"Naming {stored}"]


def test_search_marks_matches_in_title_and_snippet():
    LessonFactory(
        title="Redlining and its legacy", body="The maps of redlining still shape lending."
    )
    hit = site_search(user=ANONYMOUS, text="redlining").hits[0]
    assert hit.title == "<mark>Redlining</mark> and its legacy"
    assert "maps of <mark>redlining</mark> still shape" in hit.snippet


def test_search_snippet_reads_as_text_without_markdown():
    LessonFactory(
        title="Maps", body="## Heading\n\nSome **redlining** in [a link](https://example.org)."
    )
    snippet = site_search(user=ANONYMOUS, text="redlining").hits[0].snippet
    assert "**" not in snippet
    assert "https://example.org" not in snippet
    assert "<mark>redlining</mark>" in snippet


def test_search_escapes_markup_from_content_and_keeps_only_its_own_marks():
    EventFactory(title="<em>Redlining</em> & lending", description='The "redlining" maps cost R&D.')
    hit = site_search(user=ANONYMOUS, text="redlining").hits[0]
    assert hit.title == "&lt;em&gt;<mark>Redlining</mark>&lt;/em&gt; &amp; lending"
    assert "&quot;<mark>redlining</mark>&quot;" in hit.snippet
    assert "R&amp;D" in hit.snippet
    assert "<em>" not in hit.snippet


def test_highlight_escapes_everything_but_balanced_marks():
    assert highlight("<b>\x02word\x03</b>") == "&lt;b&gt;<mark>word</mark>&lt;/b&gt;"
    assert highlight("stray \x03 and \x02 sentinels") == "stray  and  sentinels"


def test_search_finds_every_kind_with_its_own_url():
    course = CourseFactory()
    unit = UnitFactory(course=course, title="Zoning unit")
    lesson = LessonFactory(unit=unit, title="Zoning lesson")
    resource = ResourceFactory(title="Zoning guide")
    report = ReportFactory(published=True, title="Zoning report")
    event = EventFactory(title="Zoning webinar")
    goal = GoalFactory(title="Zoning goal")
    results = site_search(user=ANONYMOUS, text="zoning")
    assert results.counts == {
        "unit": 1,
        "lesson": 1,
        "resource": 1,
        "report": 1,
        "event": 1,
        "goal": 1,
    }
    urls = {hit.kind.key: hit.url for hit in results.hits}
    assert urls == {
        "unit": unit.get_absolute_url(),
        "lesson": lesson.get_absolute_url(),
        "resource": resource.get_absolute_url(),
        "report": report.get_absolute_url(),
        "event": event.get_absolute_url(),
        "goal": goal.get_absolute_url(),
    }


def test_search_finds_words_in_report_sections():
    report = ReportFactory(published=True, title="Annual report", section=None)
    ReportSectionFactory(report=report, heading="Transit", body="Bus routes and commuting.")
    assert found(ANONYMOUS, "commuting") == ["Annual report"]


def test_search_narrowed_to_one_kind_still_counts_every_kind():
    LessonFactory(title="Zoning lesson")
    EventFactory(title="Zoning webinar")
    results = site_search(user=ANONYMOUS, text="zoning", kind_key="event")
    assert [hit.kind.key for hit in results.hits] == ["event"]
    assert results.counts["lesson"] == 1
    assert results.page.paginator.count == 1


def test_search_pages_results_without_repeating_any():
    unit = UnitFactory()
    for position in range(PER_PAGE + 5):
        LessonFactory(unit=unit, title=f"Zoning {position}", position=position + 1)
    first = site_search(user=ANONYMOUS, text="zoning", page_number=1)
    second = site_search(user=ANONYMOUS, text="zoning", page_number=2)
    assert len(first.hits) == PER_PAGE
    assert len(second.hits) == 5
    assert not {h.obj.pk for h in first.hits} & {h.obj.pk for h in second.hits}


@pytest.mark.parametrize("text", ["", "   ", "the of and", '"unclosed', "&|!:*()", "-"])
def test_search_odd_or_empty_queries_find_nothing_without_error(text):
    LessonFactory(title="Zoning")
    assert site_search(user=ANONYMOUS, text=text).hits == []


def test_search_understands_phrases_and_exclusions():
    LessonFactory(title="Structural racism", body="Laws and institutions.")
    LessonFactory(title="Racism and structural change", body="Housing policy.")
    assert found(ANONYMOUS, '"structural racism"') == ["Structural racism"]
    assert found(ANONYMOUS, "racism -housing") == ["Structural racism"]


# Who sees what


def test_search_unpublished_course_content_is_found_by_staff_only(practitioner, staff_user):
    draft = CourseFactory(draft=True)
    unit = UnitFactory(course=draft, title="Zoning unit")
    LessonFactory(unit=unit, title="Zoning lesson")
    for user in (ANONYMOUS, practitioner):
        assert found(user, "zoning") == []
        assert site_search(user=user, text="zoning").total == 0
    assert sorted(found(staff_user, "zoning")) == ["Zoning lesson", "Zoning unit"]


def test_search_lessons_of_published_courses_are_found_by_anonymous_visitors():
    LessonFactory(title="Zoning lesson")
    assert found(ANONYMOUS, "zoning") == ["Zoning lesson"]


@pytest.mark.parametrize("state", ["draft", "in_review", "scheduled", "unpublished"])
def test_search_report_not_published_is_found_by_editors_and_publishers_only(
    state, practitioner, editor, publisher
):
    ReportFactory(**{state: True} if state != "draft" else {}, title="Zoning report")
    assert Report.objects.get().state == state
    for user in (ANONYMOUS, practitioner):
        assert found(user, "zoning") == []
        assert site_search(user=user, text="zoning").counts["report"] == 0
    for user in (editor, publisher):
        assert found(user, "zoning") == ["Zoning report"]


def test_search_published_report_is_found_by_everyone(practitioner):
    ReportFactory(published=True, title="Zoning report")
    assert found(ANONYMOUS, "zoning") == ["Zoning report"]
    assert found(practitioner, "zoning") == ["Zoning report"]


def test_search_unpublished_resource_is_found_by_editors_only(practitioner, editor):
    ResourceFactory(draft=True, title="Zoning guide")
    assert found(ANONYMOUS, "zoning") == []
    assert found(practitioner, "zoning") == []
    assert found(editor, "zoning") == ["Zoning guide"]


def test_search_facilitator_resource_is_found_by_facilitators_only(practitioner, editor):
    ResourceFactory(facilitators=True, title="Zoning facilitator guide")
    facilitator = MembershipFactory(facilitator=True).user
    assert found(ANONYMOUS, "zoning") == []
    assert found(practitioner, "zoning") == []
    assert site_search(user=practitioner, text="zoning").counts["resource"] == 0
    assert found(facilitator, "zoning") == ["Zoning facilitator guide"]
    assert found(editor, "zoning") == ["Zoning facilitator guide"]


def test_search_registered_resource_is_found_by_signed_in_users_only(practitioner):
    ResourceFactory(registered=True, title="Zoning members' brief")
    assert found(ANONYMOUS, "zoning") == []
    assert found(practitioner, "zoning") == ["Zoning members' brief"]


# Vectors kept current by the database


def test_search_vector_follows_each_save():
    lesson = LessonFactory(title="Maps", body="About lending.")
    assert found(ANONYMOUS, "gentrification") == []
    lesson.body = "About gentrification."
    lesson.save()
    assert found(ANONYMOUS, "gentrification") == ["Maps"]
    lesson.body = "About lending again."
    lesson.save(update_fields=["body"])
    assert found(ANONYMOUS, "gentrification") == []


def test_search_vector_follows_report_sections_added_changed_and_removed():
    report = ReportFactory(published=True, title="Annual report", section=None)
    section = ReportSectionFactory(report=report, body="Nothing yet.")
    assert found(ANONYMOUS, "gentrification") == []
    section.body = "Gentrification in three cities."
    section.save()
    assert found(ANONYMOUS, "gentrification") == ["Annual report"]
    section.delete()
    assert found(ANONYMOUS, "gentrification") == []
    ReportSectionFactory(report=report, heading="Gentrification")
    assert found(ANONYMOUS, "gentrification") == ["Annual report"]


def test_search_vector_follows_report_edits_made_with_update_fields():
    report = ReportFactory(published=True, title="Annual report")
    report.title = "Gentrification report"
    report.save(update_fields=["title"])
    assert found(ANONYMOUS, "gentrification") == ["Gentrification report"]


def test_search_vector_is_weighted_and_stemmed_in_the_database():
    LessonFactory(title="Inequities", body="Body words.")
    vector = LessonFactory._meta.model.objects.values_list("search_vector", flat=True).get()
    assert "'inequ':1A" in vector
    assert "'bodi':2C" in vector


def test_search_uses_the_gin_indexes(django_assert_num_queries):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE indexdef LIKE '%USING gin (search_vector)%'"
        )
        names = {row[0] for row in cursor.fetchall()}
    assert names == {
        "unit_search_vector",
        "lesson_search_vector",
        "resource_search_vector",
        "report_search_vector",
        "event_search_vector",
        "goal_search_vector",
    }


# The page


def test_search_is_reachable_by_its_plain_url_name():
    assert reverse("search") == "/search/"


def test_search_page_without_words_shows_how_to_search(client):
    response = client.get(reverse("search"))
    assert response.status_code == 200
    assert "Type a few words to search" in response.text


def test_search_page_without_results_says_so(client):
    response = client.get(reverse("search"), {"q": "zzyzx"})
    assert "No results for “zzyzx”" in response.text


def test_search_page_lists_results_labelled_by_kind_with_counts(client):
    LessonFactory(title="Zoning lesson")
    EventFactory(title="Zoning webinar")
    response = client.get(reverse("search"), {"q": "zoning"})
    text = response.text
    assert "2 results for “zoning”" in text
    assert ">Lesson</span>" in text
    assert ">Event</span>" in text
    assert "?q=zoning&amp;type=lesson" in text
    assert "<mark>Zoning</mark> lesson" in text


def test_search_page_tells_anonymous_visitors_lessons_need_signing_in(client, practitioner):
    LessonFactory(title="Zoning lesson")
    assert "Sign in and enrol to read it" in client.get(reverse("search"), {"q": "zoning"}).text
    client.force_login(practitioner)
    assert "Sign in and enrol" not in client.get(reverse("search"), {"q": "zoning"}).text


def test_search_page_narrowed_to_a_kind_keeps_it_in_the_pages_links(client):
    unit = UnitFactory()
    for position in range(PER_PAGE + 1):
        LessonFactory(unit=unit, title=f"Zoning {position}", position=position + 1)
    response = client.get(reverse("search"), {"q": "zoning", "type": "lesson"})
    assert "?q=zoning&amp;type=lesson&amp;page=2" in response.text
    assert "21 results among Lessons" in response.text


def test_search_page_narrowed_to_a_kind_without_matches_says_so_and_offers_the_others(client):
    # Lessons match, reports do not: the page says none of the chosen kind match (it was a
    # server error), keeps the counts of the others and links back to all results.
    LessonFactory(title="Marking time")
    response = client.get(reverse("search"), {"q": "mark", "type": "report"})
    assert response.status_code == 200
    text = response.text
    assert "0 results among Reports for “mark”" in text
    assert "No Reports match “mark”." in text
    assert '<a href="?q=mark">Show all results</a>' in text
    assert "?q=mark&amp;type=lesson" in text


def test_search_page_echoes_the_query_escaped(client):
    response = client.get(reverse("search"), {"q": '<script>alert("x")</script>'})
    assert "<script>alert" not in response.text
    assert "&lt;script&gt;alert" in response.text


def test_search_box_is_in_the_navigation_of_every_page(client):
    text = client.get(reverse("home")).text
    assert 'role="search"' in text
    assert f'action="{reverse("search")}"' in text
    assert '<label class="visually-hidden" for="nav-search-q">Search the site</label>' in text


def _world(size: int):
    course = CourseFactory()
    draft = CourseFactory(draft=True)
    for number in range(1, size + 1):
        unit = UnitFactory(course=course, number=number, title=f"Zoning unit {number}")
        LessonFactory(unit=unit, title=f"Zoning lesson {number}")
        UnitFactory(course=draft, number=number, title=f"Zoning draft unit {number}")
        ResourceFactory(title=f"Zoning guide {number}", audience="facilitators")
        ResourceFactory(title=f"Zoning brief {number}")
        ReportFactory(published=True, title=f"Zoning report {number}")
        ReportFactory(title=f"Zoning draft {number}")
        EventFactory(title=f"Zoning webinar {number}")
        GoalFactory(title=f"Zoning goal {number}")


@pytest.mark.parametrize("size", [2, 12])
@pytest.mark.parametrize("who", ["anonymous", "practitioner", "editor"])
def test_search_page_query_count_does_not_grow_with_results(
    client, django_assert_max_num_queries, size, who, practitioner, editor
):
    _world(size)
    user = {"anonymous": None, "practitioner": practitioner, "editor": editor}[who]
    if user:
        client.force_login(user)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("search"), {"q": "zoning"})
    assert response.status_code == 200
    assert "<mark>Zoning</mark>" in response.text
