"""Editors manage the library in the admin: they need add/change/view/delete on resources and may
look at the download counts. Permissions are normally created after all migrations ran, so they
are created here first; the group is created if it does not exist yet."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS_GROUP = "editors"
GRANTS = {
    "resource": ["add", "change", "view", "delete"],
    "downloadcount": ["view"],
}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("resources")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
    codenames = [f"{action}_{model}" for model, actions in GRANTS.items() for action in actions]
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="resources", codename__in=codenames)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    group = Group.objects.filter(name=EDITORS_GROUP).first()
    if group is not None:
        group.permissions.remove(
            *group.permissions.filter(content_type__app_label="resources")
        )


class Migration(migrations.Migration):

    dependencies = [
        ("resources", "0002_constraints_and_labels"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
