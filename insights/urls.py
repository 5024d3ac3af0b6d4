"""The site search under its plain URL name, "search" (no namespace: the navigation of every page,
the page cache and the benchmarks know it by that name; docs/decisions/search-and-analytics.md),
and the analytics and organization pages under the "insights" namespace, named in their include
since the module cannot set one `app_name` for both."""

from django.urls import include, path

from . import views

page_patterns = [
    path("staff/analytics/", views.staff_analytics, name="staff_analytics"),
    path(
        "staff/analytics/<slug:table>.csv",
        views.staff_analytics_csv,
        name="staff_analytics_csv",
    ),
    path(
        "staff/analytics/courses/<slug:slug>/learners/",
        views.staff_course_learners,
        name="staff_course_learners",
    ),
    path("organizations/", views.organization_list, name="organization_list"),
    path("organizations/<int:pk>/", views.organization_detail, name="organization_detail"),
    path(
        "organizations/<int:pk>/<slug:table>.csv",
        views.organization_csv,
        name="organization_csv",
    ),
]

urlpatterns = [
    path("", include((page_patterns, "insights"))),
    path("search/", views.search, name="search"),
]
