"""The loader of the organization pages. Who may see them is a core rule, beside the
organizations themselves: `roots.permissions.can_view_organization`,
`administers_any_organization` and, for the staff figures, `can_view_analytics`."""

from django.shortcuts import get_object_or_404

from roots.models import Organization


def load_organization(request, pk, **kwargs) -> Organization:
    return get_object_or_404(Organization, pk=pk)
