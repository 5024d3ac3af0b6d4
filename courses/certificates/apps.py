from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    """Continuing-education rules, post-tests, evaluations and certificates: a Django app of its
    own inside `courses/`, so that its migrations stay apart from the course content's."""

    name = "courses.certificates"
    label = "certificates"
    verbose_name = _("Continuing education and certificates")
