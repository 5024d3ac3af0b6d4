"""Demo publications NA616, NA615 and NA614 (content/resources.yaml), with PDFs printed by
WeasyPrint.

Idempotent: a publication whose row already matches and whose PDF and cover are in storage is
left alone, so a second run renders nothing."""

from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from resources.models import Resource
from resources.services import resource_cover_render, resource_save

from . import data

FIELDS = ["title", "kind", "summary", "authors", "year", "audience", "published"]


def publications() -> list[dict]:
    return data.load("resources.yaml")["publications"]


def render_publication_pdf(publication: dict) -> bytes:
    stylesheet = finders.find("css/resources-print.css")
    html = render_to_string(
        "resources/print/publication.html",
        {
            "publication": {
                **publication,
                "kind_label": Resource.Kind(publication["kind"]).label,
            }
        },
    )
    fonts = FontConfiguration()
    return HTML(string=html, base_url=stylesheet).write_pdf(
        stylesheets=[CSS(filename=stylesheet, font_config=fonts)], font_config=fonts
    )


def _is_current(resource: Resource | None, publication: dict) -> bool:
    if resource is None or not resource.file or not resource.cover:
        return False
    if any(getattr(resource, field) != publication[field] for field in FIELDS):
        return False
    storage = resource.file.storage
    return storage.exists(resource.file.name) and storage.exists(resource.cover.name)


def seed(log=print):
    rendered = []
    all_publications = publications()
    for publication in all_publications:
        catalog_number = publication["catalog_number"]
        resource = Resource.objects.filter(catalog_number=catalog_number).first()
        if _is_current(resource, publication):
            continue
        resource = resource or Resource(catalog_number=catalog_number)
        for field in FIELDS:
            setattr(resource, field, publication[field])
        pdf = ContentFile(render_publication_pdf(publication), name=f"{catalog_number}.pdf")
        resource_save(resource=resource, upload=pdf)
        # The site's own PDF: its cover is drawn now (within the same caps) rather than waiting
        # for a worker that a fresh development machine may not be running yet.
        resource_cover_render(resource=resource)
        rendered.append(f"{catalog_number} ({resource.page_count} pages)")
    log(
        f"resources: {len(all_publications)} publications"
        + (f", printed {', '.join(rendered)}" if rendered else ", all up to date")
    )
