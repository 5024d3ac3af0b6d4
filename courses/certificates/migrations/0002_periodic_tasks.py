"""Register the periodic tasks with django-celery-beat's database scheduler."""

from django.db import migrations

TASKS = [
    {
        "name": "certificates: re-queue certificates left pending",
        "task": "courses.certificates.tasks.certificate_requeue_stale_task",
        "every_minutes": 1,
    },
    {
        "name": "certificates: expiry reminders",
        "task": "courses.certificates.tasks.certificate_expiry_reminder_task",
        "crontab": {"minute": "15", "hour": "7"},
    },
]


def register(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for spec in TASKS:
        defaults = {"task": spec["task"], "enabled": True}
        if "every_minutes" in spec:
            interval, _ = IntervalSchedule.objects.get_or_create(
                every=spec["every_minutes"], period="minutes"
            )
            defaults["interval"] = interval
        else:
            crontab, _ = CrontabSchedule.objects.get_or_create(
                timezone="UTC",
                day_of_week="*",
                day_of_month="*",
                month_of_year="*",
                **spec["crontab"],
            )
            defaults["crontab"] = crontab
        PeriodicTask.objects.update_or_create(name=spec["name"], defaults=defaults)


def unregister(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name__in=[spec["name"] for spec in TASKS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(register, unregister)]
