import functools
import io

import factory
from PIL import Image
from pypdf import PdfWriter
from weasyprint import HTML

from resources.models import DownloadCount, Resource


def blank_pdf(pages: int = 2) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=612, height=792)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


@functools.cache
def printed_pdf() -> bytes:
    """A real three-page PDF with a dark title page, printed once per test run by WeasyPrint."""
    html = """
        <style>@page { size: letter; margin: 0 } section { height: 27.9cm; break-after: page }
        .title { background: #1d5c4d; color: white; font-size: 40pt; padding: 4cm 2cm }</style>
        <section class="title">A printed test publication</section>
        <section>Page two</section><section>Page three</section>
    """
    return HTML(string=html).write_pdf()


def png_bytes() -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (40, 40), "red").save(output, format="PNG")
    return output.getvalue()


BLANK_PDF = blank_pdf()


class ResourceFactory(factory.django.DjangoModelFactory):
    """A published, public resource whose file is a small blank PDF (no cover: covers are made by
    the service, see `tests.resources.test_services`)."""

    class Meta:
        model = Resource
        django_get_or_create = ["catalog_number"]

    catalog_number = factory.Sequence(lambda n: f"TS{n:03d}")
    title = factory.Sequence(lambda n: f"Test publication {n}")
    kind = Resource.Kind.GUIDE
    summary = "A publication made for the tests, on the root causes of health inequity."
    authors = "Roots Learning Collaborative"
    year = 2014
    page_count = 2
    file = factory.django.FileField(data=BLANK_PDF, filename="upload.pdf")
    file_size = len(BLANK_PDF)
    audience = Resource.Audience.PUBLIC
    published = True

    class Params:
        draft = factory.Trait(published=False)
        registered = factory.Trait(audience=Resource.Audience.REGISTERED)
        facilitators = factory.Trait(audience=Resource.Audience.FACILITATORS)


class DownloadCountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DownloadCount

    resource = factory.SubFactory(ResourceFactory)
    user = None
    visitor_key = factory.Sequence(lambda n: f"{n:064x}")
    day = factory.Faker("date_this_year")
