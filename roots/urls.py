from django.contrib import admin
from django.urls import include, path

from . import accounts, views

handler500 = "roots.views.server_error"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/profile/", views.profile, name="profile"),
    # Before allauth's and the admin's own patterns, which they replace at the same addresses.
    path("accounts/email/", accounts.email, name="account_email"),
    path("accounts/", include("allauth.urls")),
    path("admin/login/", accounts.admin_login, name="admin_login"),
    path("admin/", admin.site.urls),
    path("", include("courses.urls")),
    path("", include("courses.certificates.urls")),
    path("groups/", include("groups.urls")),
    path("resources/", include("resources.urls")),
    path("", include("coalition.urls")),
    path("", include("insights.urls")),
]
# No `/media/` here, even with DEBUG: uploads reach browsers only through views that check who
# may see them and sandbox them (roots.uploads.serve), never from the site's origin as they lie.
