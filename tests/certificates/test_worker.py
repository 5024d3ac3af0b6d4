"""The whole path through a real Celery worker on Redis: claim, render, store, issue, e-mail."""

import io

import pypdf
import pytest
from django.core.files.storage import default_storage

from courses.certificates import services
from courses.certificates.models import Certificate

from .conftest import wait_for

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_claim_through_real_worker_issues_pdf_with_learner_course_hours_and_code(
    celery_worker_process, ready_learner, course
):
    certificate = services.certificate_claim(user=ready_learner, course=course, credit_type="ches")
    assert certificate.status == Certificate.Status.PENDING

    issued = wait_for(
        lambda: Certificate.objects.filter(
            pk=certificate.pk, status=Certificate.Status.ISSUED
        ).first(),
        timeout=120,  # generous: the machine may be busy with the other test process
    )
    with default_storage.open(issued.pdf.name, "rb") as handle:
        reader = pypdf.PdfReader(io.BytesIO(handle.read()))
    assert len(reader.pages) == 1
    text = " ".join(reader.pages[0].extract_text().split())
    assert "Jordan Okafor" in text
    assert course.title in text
    assert "6.0 Category I continuing education contact hours" in text
    assert issued.code in text
    # The e-mail task ran in the worker too, once.
    wait_for(
        lambda: Certificate.objects.filter(pk=certificate.pk, emailed_revision=1).exists(),
        timeout=30,
    )
