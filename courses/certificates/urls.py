"""CE pages, mounted at the site root: /certificates/verify/<code>/, /learn/transcript/, ..."""

from django.urls import path  # noqa: F401

app_name = "certificates"

urlpatterns = []
