"""At most one pending transcript per learner. Requests made in parallel before this left
several; the newest of each learner's stays pending, the others are marked failed (nothing was
rendered for them) so that the constraint can be added."""

from django.db import migrations, models


def fail_extra_pending(apps, schema_editor):
    Transcript = apps.get_model("certificates", "Transcript")
    kept = set()
    extra = []
    pending = Transcript.objects.filter(status="pending").order_by("learner_id", "-requested_at")
    for pk, learner_id in pending.values_list("pk", "learner_id"):
        if learner_id in kept:
            extra.append(pk)
        kept.add(learner_id)
    Transcript.objects.filter(pk__in=extra).update(
        status="failed", last_error="Superseded by a newer request for the same learner."
    )


class Migration(migrations.Migration):
    dependencies = [("certificates", "0002_periodic_tasks")]

    operations = [
        migrations.RunPython(fail_extra_pending, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="transcript",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status", "pending")),
                fields=("learner",),
                name="transcript_one_pending_per_learner",
            ),
        ),
    ]
