from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    """Continuing-education rules, post-tests, evaluations and certificates: a Django app of its
    own inside `courses/`, so that its migrations stay apart from the course content's."""

    name = "courses.certificates"
    label = "certificates"
    verbose_name = _("Continuing education and certificates")

    def ready(self):
        from courses.selectors import register_after_course, register_lesson_time_share
        from roots import pagecache

        from . import selectors

        # The CE rules set the time a lesson needs and say what follows a finished course; the
        # course pages keep both per catalogue version, which an edit of the rules renews.
        pagecache.register_family("catalogue", "certificates.CreditRules")
        register_lesson_time_share(selectors.lesson_time_share_of)
        register_after_course(selectors.after_course)
