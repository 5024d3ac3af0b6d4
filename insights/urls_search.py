"""The site search under its plain URL name, "search" (no namespace): the navigation of every
page, the page cache and the benchmarks know it by that name. See
docs/decisions/search-and-analytics.md."""

from django.urls import path

from . import views

urlpatterns = [
    path("search/", views.search, name="search"),
]
