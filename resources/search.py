"""What the resources library offers to the site search: the resources a user may download
(published ones, drafts too for those who manage the library, and only those whose audience the
user belongs to, by `resources.permissions`)."""

from django.db.models import F, QuerySet
from django.utils.translation import gettext_lazy as _

from roots.search import SearchSource

from .models import Resource
from .permissions import can_manage_resources, is_in_audience


def audiences_for(user) -> list[str]:
    """The audiences whose resources this user may download (`is_in_audience`, asked once per
    audience rather than once per row)."""
    return [
        audience
        for audience in Resource.Audience.values
        if is_in_audience(user, Resource(audience=audience))
    ]


def visible_resources(user) -> QuerySet[Resource]:
    resources = (
        Resource.objects.all() if can_manage_resources(user) else Resource.objects.published()
    )
    return resources.filter(audience__in=audiences_for(user))


SOURCES = [
    SearchSource(
        key="resource",
        label=_("Resources"),
        singular=_("Resource"),
        model=Resource,
        visible=visible_resources,
        snippet=lambda: F("summary"),
        template="resources/resource_search_hit.html",
    ),
]
