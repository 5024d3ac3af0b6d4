"""Coalition pages at the site root: /reports/, /goals/, /partners/, /events/, /about/..."""

from django.urls import path  # noqa: F401

app_name = "coalition"

urlpatterns = []
