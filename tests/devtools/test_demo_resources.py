import pytest

from devtools.demo import resources as demo
from resources.models import Resource

pytestmark = pytest.mark.django_db


def _log():
    lines = []
    return lines, lines.append


def test_seed_adds_the_three_publications_with_multi_page_pdfs_and_covers():
    lines, log = _log()

    demo.seed(log)

    resources = {resource.catalog_number: resource for resource in Resource.objects.all()}
    assert set(resources) == {"NA614", "NA615", "NA616"}
    guide = resources["NA616"]
    assert guide.title == "Roots of Health Inequity Facilitator's Guide"
    assert guide.audience == Resource.Audience.FACILITATORS
    assert all(resource.published for resource in resources.values())
    for resource in resources.values():
        assert resource.page_count >= 5
        assert resource.cover.name == f"resources/{resource.catalog_number}/cover.png"
        with resource.file.open("rb") as pdf:
            assert pdf.read(5) == b"%PDF-"
    assert "printed NA616" in lines[0]


def test_seed_twice_renders_nothing_the_second_time(monkeypatch):
    demo.seed(lambda line: None)

    def refuse(publication):
        raise AssertionError(f"{publication['catalog_number']} printed again")

    monkeypatch.setattr(demo, "render_publication_pdf", refuse)
    lines, log = _log()
    demo.seed(log)

    assert Resource.objects.count() == 3
    assert "all up to date" in lines[0]


def test_seed_prints_again_a_publication_whose_row_changed_or_file_is_missing():
    demo.seed(lambda line: None)
    Resource.objects.filter(catalog_number="NA615").update(title="Edited by someone")
    missing = Resource.objects.get(catalog_number="NA614")
    missing.file.storage.delete(missing.file.name)

    lines, log = _log()
    demo.seed(log)

    assert "NA615" in lines[0]
    assert "NA614" in lines[0]
    assert "NA616" not in lines[0]
    essays = Resource.objects.get(catalog_number="NA615")
    assert essays.title == "Exploring the Roots of Health Inequity: Essays for Reflection"
    assert missing.file.storage.exists(missing.file.name)
