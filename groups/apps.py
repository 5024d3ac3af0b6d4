from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GroupsConfig(AppConfig):
    name = "groups"
    label = "learning_groups"
    verbose_name = _("Learning groups")

    def ready(self):
        from roots import pagecache

        for label, on_group_pages in [
            ("Membership", False),
            ("RSVP", False),
            ("Attendance", True),
        ]:
            pagecache.register_owned(
                f"learning_groups.{label}", "user_id", on_group_pages=on_group_pages
            )
        for label, group_of in [
            ("LearningGroup", lambda row: row.pk),
            ("Membership", lambda row: row.group_id),
            ("Invitation", lambda row: row.group_id),
            ("Session", lambda row: row.group_id),
            ("RSVP", lambda row: row.session.group_id),
            ("Attendance", lambda row: row.session.group_id),
            ("Board", lambda row: row.group_id),
            ("Thread", lambda row: row.board.group_id),
            ("Post", lambda row: row.thread.board.group_id),
        ]:
            pagecache.register_group_rows(f"learning_groups.{label}", group_of)
