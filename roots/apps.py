from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RootsConfig(AppConfig):
    name = "roots"
    verbose_name = _("Roots: people and organizations")

    def ready(self):
        from . import pagecache

        # A person's own account shows on their pages (and their name on their groups' pages).
        pagecache.register_owned("roots.User", "pk", on_group_pages=True)
        pagecache.register_owned("account.EmailAddress", "user_id", on_group_pages=False)
