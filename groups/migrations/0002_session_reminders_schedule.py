"""Register the session-reminder task with Celery beat (django_celery_beat's database
scheduler): every 15 minutes, so each reminder goes out between 24 hours and 23 h 45 before."""

from django.db import migrations
from django.utils import timezone

TASK_NAME = "Learning groups: session reminders"
TASK = "groups.tasks.session_reminders_send_task"


def schedule(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    every_15_minutes, _ = IntervalSchedule.objects.get_or_create(every=15, period="minutes")
    PeriodicTask.objects.update_or_create(
        name=TASK_NAME,
        defaults={
            "task": TASK,
            "interval": every_15_minutes,
            "enabled": True,
            "description": "E-mail members a reminder 24 hours before each group session.",
        },
    )
    # The beat scheduler reloads its schedule when this timestamp changes.
    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def unschedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("learning_groups", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(schedule, unschedule)]
