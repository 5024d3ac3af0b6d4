"""Migration certificates 0004 on a site with data: each offering is linked to the seeded
profile of the credit type it named, and a certificate template from before profiles gets a
next version that prints their elements (the old one kept)."""

from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from courses.certificates.models import CertificateTemplate, CreditOffering

# The courses app goes back too: its later migrations (check attempts, engaged time) add
# columns the historical Course of this state does not know.
BEFORE = [
    ("certificates", "0003_transcript_one_pending_per_learner"),
    ("courses", "0004_journal_pdf"),
]


@pytest.mark.django_db(transaction=True)
@pytest.mark.slow
def test_migration_links_offerings_to_profiles_and_renews_an_old_template():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    course = old.get_model("courses", "Course").objects.create(
        title="Old course", slug="old-course", summary="."
    )
    rules = old.get_model("certificates", "CreditRules").objects.create(course=course)
    offering_model = old.get_model("certificates", "CreditOffering")
    for credit_type in ("cne", "completion"):
        offering_model.objects.create(
            rules=rules,
            credit_type=credit_type,
            hours=Decimal(5),
            provider_number="P-1",
            activity_number="A-1",
        )
    old.get_model("certificates", "CertificateTemplate").objects.create(
        kind="certificate",
        version=1,
        css="",
        background_html="<p>{{ course_title }}</p>",
        learner_html="<p>{{ learner_name }}</p>",
    )

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    linked = dict(
        CreditOffering.objects.filter(rules__course__slug="old-course").values_list(
            "profile__credit_type", "profile__name"
        )
    )
    assert linked == {
        "cne": "ANCC: nursing contact hours",
        "completion": "Certificate of completion",
    }
    first, second = CertificateTemplate.objects.order_by("version")
    assert first.learner_html == "<p>{{ learner_name }}</p>"  # kept, for what it rendered
    assert "completed_on" in second.learner_html
    assert "provider_address" in second.background_html
    assert second.version == 2
