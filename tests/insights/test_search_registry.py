"""The search registry: feature apps offer what the site search finds, and the core imports none
of them."""

import ast
from dataclasses import replace
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.postgres.search import SearchVector
from django.db.models import F
from django.urls import reverse

from coalition.models import Partner
from insights.search import site_search
from roots import search as registry
from roots.fulltext import SEARCH_CONFIG
from roots.search import SearchSource
from tests.coalition.factories import PartnerFactory
from tests.courses.factories import LessonFactory

FEATURE_APPS = {"courses", "groups", "resources", "coalition", "insights"}

# A source no app offers: partners, searched by a vector computed in the query (Partner keeps
# none), linked to their website, shown with the plain hit template.
PARTNERS = SearchSource(
    key="partner",
    label="Partners",
    singular="Partner",
    model=Partner,
    visible=lambda user: Partner.objects.exclude(tier=Partner.Tier.FOUNDING),
    snippet=lambda: F("description"),
    vector=SearchVector("name", "description", config=SEARCH_CONFIG),
    title="name",
    url=lambda partner: partner.website,
)


@pytest.fixture
def isolated_registry(monkeypatch):
    """The registry as the apps filled it, restored after the test."""
    monkeypatch.setattr(registry, "_sources", dict(registry._sources))


@pytest.fixture
def partners_registered(isolated_registry):
    """The partners source registered for one test, as an app's ready() would register it."""
    registry.register(PARTNERS)
    return PARTNERS


def test_registry_holds_each_apps_sources_in_installed_apps_order():
    assert [(source.key, source.model._meta.app_label) for source in registry.sources()] == [
        ("unit", "courses"),
        ("lesson", "courses"),
        ("resource", "resources"),
        ("report", "coalition"),
        ("event", "coalition"),
        ("goal", "coalition"),
    ]


@pytest.mark.django_db
def test_registered_source_is_searched_counted_and_linked(partners_registered):
    PartnerFactory(name="Zoning Alliance", website="https://zoning.example/")
    PartnerFactory(name="Zoning Founders", tier=Partner.Tier.FOUNDING)
    LessonFactory(title="Zoning lesson")
    results = site_search(user=AnonymousUser(), text="zoning")
    assert results.counts["partner"] == 1
    assert results.counts["lesson"] == 1
    assert (partners_registered, 1) in results.facets
    hit = next(hit for hit in results.hits if hit.kind.key == "partner")
    assert hit.title == "<mark>Zoning</mark> Alliance"
    assert hit.url == "https://zoning.example/"
    narrowed = site_search(user=AnonymousUser(), text="zoning", kind_key="partner")
    assert [hit.obj.name for hit in narrowed.hits] == ["Zoning Alliance"]


@pytest.mark.django_db
def test_registered_source_shows_on_the_search_page_with_the_plain_hit_template(
    client, partners_registered
):
    PartnerFactory(name="Zoning Alliance", website="https://zoning.example/")
    text = client.get(reverse("search"), {"q": "zoning"}).text
    assert ">Partner</span>" in text
    assert '<a href="https://zoning.example/"><mark>Zoning</mark> Alliance</a>' in text
    assert "?q=zoning&amp;type=partner" in text


def test_registering_a_key_again_replaces_its_source_in_place(isolated_registry):
    keys = [source.key for source in registry.sources()]
    registry.register(replace(registry.source("lesson"), label="Lessons again"))
    assert [source.key for source in registry.sources()] == keys
    assert registry.source("lesson").label == "Lessons again"


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def test_roots_imports_no_feature_app():
    roots = Path(settings.BASE_DIR) / "roots"
    offending = {}
    for path in sorted(roots.rglob("*.py")):
        parts = path.relative_to(roots).parts
        if parts[0] in {"migrations", "settings"}:
            continue
        imported = {name for name in _imported_modules(path) if name.split(".")[0] in FEATURE_APPS}
        if imported:
            offending[str(path.relative_to(roots))] = sorted(imported)
    assert offending == {}
