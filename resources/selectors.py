"""Reads of the library.

Units: the courses app declares `Unit.resources = ManyToManyField("resources.Resource",
related_name="units")`. Until that field exists, `units_relation()` is None and everything about
units (the filter, the chips, the links) quietly stays out of the way; once it exists, it works
without changes here."""

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from .models import Resource

SEARCH_FIELDS = ["title", "summary", "authors", "catalog_number"]
MAX_SEARCH_WORDS = 8


def units_relation():
    """The reverse side of `courses.Unit.resources`, or None before the courses app adds it."""
    try:
        return Resource._meta.get_field("units")
    except FieldDoesNotExist:
        return None


def _with_units(queryset: QuerySet) -> QuerySet:
    return queryset.prefetch_related("units") if units_relation() else queryset


def resource_search_filter(query: str) -> Q:
    """Every word must appear in the title, summary, authors or catalog number."""
    condition = Q()
    for word in query.split()[:MAX_SEARCH_WORDS]:
        any_field = Q()
        for field in SEARCH_FIELDS:
            any_field |= Q(**{f"{field}__icontains": word})
        condition &= any_field
    return condition


def resource_list(*, query: str = "", kind: str = "", unit=None) -> QuerySet[Resource]:
    """Published resources, newest first, narrowed by a search, a kind and a unit."""
    resources = Resource.objects.published()
    if query.strip():
        resources = resources.filter(resource_search_filter(query))
    if kind:
        resources = resources.filter(kind=kind)
    if unit is not None and units_relation():
        resources = resources.filter(units=unit)
    return _with_units(resources)


def resource_unit_choices() -> QuerySet | None:
    """Units that have at least one published resource, for the list's filter."""
    relation = units_relation()
    if relation is None:
        return None
    unit_model = relation.related_model
    return unit_model.objects.filter(**{f"{relation.field.name}__published": True}).distinct()


def resource_get(*, catalog_number: str) -> Resource:
    """The resource by catalog number, published or not (404 if there is none): whether the user
    may see it is checked by the view through `permissions.can_view_resource`."""
    return get_object_or_404(_with_units(Resource.objects.all()), catalog_number=catalog_number)


def resource_download_total(*, resource: Resource) -> int:
    """Downloads counted once per person (or anonymous visitor) per day."""
    return resource.downloads.count()


def resource_list_for_units(*, units) -> QuerySet[Resource]:
    """Published resources related to any of `units`: for unit pages and learning-group pages
    (a group's chosen units). Empty until the courses app relates units to resources."""
    if units_relation() is None:
        return Resource.objects.none()
    return Resource.objects.published().filter(units__in=units).distinct()


def resource_admin_list() -> QuerySet[Resource]:
    return Resource.objects.annotate(download_total=Count("downloads"))
