from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

# The main navigation, in order. A part appears once its app has registered the URL name.
NAV_ITEMS = [
    ("learn:dashboard", _("My learning"), True),
    ("courses:catalogue", _("Courses"), False),
    ("groups:list", _("Learning groups"), False),
    ("resources:list", _("Resources"), False),
    ("coalition:report_list", _("Reports"), False),
    ("coalition:goal_list", _("Goals"), False),
    ("coalition:event_list", _("Events"), False),
]


def _nav_items(request):
    items = []
    for url_name, label, needs_login in NAV_ITEMS:
        user = getattr(request, "user", None)
        if needs_login and not (user and user.is_authenticated):
            continue
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        items.append({"url": url, "label": label, "active": request.path.startswith(url)})
    return items


def site(request):
    return {"SITE_URL": settings.SITE_URL, "nav_items": _nav_items(request)}
