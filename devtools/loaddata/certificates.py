"""Issued certificates with their first revision, for learners who finished the course."""

from django.apps import apps

from .context import CREDIT_TYPES, Context, certificate_code, learner_name


def issued_certificates(ctx: Context) -> None:
    """Issued certificates (with their first revision) for learners who finished the course,
    one per credit type, up to the size asked for. The PDF names follow the site's scheme;
    the files themselves are not rendered (200,000 renders are the certificate benchmark's
    business, not the data set's)."""
    if not apps.is_installed("courses.certificates") or not ctx.sizes.certificates:
        return
    from courses.certificates.models import CertificateTemplate

    template = CertificateTemplate.objects.order_by("-version").first()
    if template is None:
        return
    finished = [pk for pk, done in ctx.enrolled.items() if done == ctx.lesson_count and done]
    rng, clock = ctx.rng, ctx.clock
    plan = []
    for pk in finished:
        for credit_type in CREDIT_TYPES[: rng.randint(1, len(CREDIT_TYPES))]:
            plan.append((pk, credit_type))
    plan = plan[: ctx.sizes.certificates]
    first = ctx.loader.next_id("certificates_certificate")
    title = ctx.course.title
    revisions = []

    def certificates():
        for n, (learner, credit_type) in enumerate(plan):
            pk = first + n
            code = certificate_code(pk)
            days_ago, issued_at = clock.within(300)
            pdf = f"certificates/{pk}/{code}-r1.pdf"
            name = learner_name(learner)
            revisions.append((1, code, name, pdf, issued_at, None, "", pk, None, template.pk))
            yield (
                pk,
                credit_type,
                name,
                title,
                "6.00",
                "",
                "",
                "",
                # Printed by claims since accreditor profiles (credit unit, provider, signature,
                # credential): left empty here, as on certificates issued before them.
                *([""] * 8),
                clock.day(days_ago),
                clock.day(days_ago),
                None,
                code,
                "issued",
                1,
                pdf,
                1,
                "",
                issued_at,
                issued_at,
                1,
                None,
                None,
                "",
                issued_at,
                issued_at,
                ctx.course.pk,
                learner,
                template.pk,
            )

    ctx.loader.copy(
        "certificates_certificate",
        (
            "id",
            "credit_type",
            "learner_name",
            "course_title",
            "hours",
            "provider_number",
            "activity_number",
            "accreditation_statement",
            "credit_unit",
            "provider_name",
            "provider_address",
            "signatory_name",
            "signatory_title",
            "signature",
            "credential_label",
            "credential_number",
            "completed_on",
            "issued_on",
            "expires_on",
            "code",
            "status",
            "revision",
            "pdf",
            "attempts",
            "last_error",
            "queued_at",
            "issued_at",
            "emailed_revision",
            "reminder_sent_at",
            "revoked_at",
            "revoked_reason",
            "created_at",
            "updated_at",
            "course_id",
            "learner_id",
            "template_id",
        ),
        certificates(),
        len(plan),
    )
    first_revision = ctx.loader.next_id("certificates_certificaterevision")
    ctx.loader.copy(
        "certificates_certificaterevision",
        (
            "id",
            "revision",
            "code",
            "learner_name",
            "pdf",
            "rendered_at",
            "revoked_at",
            "revoked_reason",
            "certificate_id",
            "revoked_by_id",
            "template_id",
        ),
        ((first_revision + n, *row) for n, row in enumerate(revisions)),
        len(revisions),
    )
