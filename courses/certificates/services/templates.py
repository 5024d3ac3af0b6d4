"""Versions of the certificate template: an edit is saved as the next version."""

from django.db import transaction
from django.template.loader import get_template

from ..models import CertificateTemplate

DEFAULT_TEMPLATE_DIR = "certificates/print/certificate"


def _default_source(name: str) -> str:
    return get_template(f"{DEFAULT_TEMPLATE_DIR}/{name}").template.source


def certificate_template_current(
    kind: str = CertificateTemplate.Kind.CERTIFICATE,
) -> CertificateTemplate:
    """The newest version; version 1 is made from the files in templates/ on first use."""
    current = CertificateTemplate.objects.current(kind)
    if current is None:
        current, _created = CertificateTemplate.objects.get_or_create(
            kind=kind,
            version=1,
            defaults={
                "css": _default_source("certificate.css"),
                "background_html": _default_source("background.html"),
                "learner_html": _default_source("learner.html"),
                "note": "Initial version",
            },
        )
    return current


@transaction.atomic
def certificate_template_revise(
    *, template: CertificateTemplate, data: dict, by=None
) -> CertificateTemplate:
    """Save an edit as the next version; the edited row stays as it was."""
    latest = (
        CertificateTemplate.objects.select_for_update()
        .filter(kind=template.kind)
        .order_by("-version")
        .first()
    )
    return CertificateTemplate.objects.create(
        kind=template.kind,
        version=(latest.version if latest else 0) + 1,
        css=data.get("css", template.css),
        background_html=data.get("background_html", template.background_html),
        learner_html=data.get("learner_html", template.learner_html),
        note=data.get("note", ""),
        created_by=by,
    )
