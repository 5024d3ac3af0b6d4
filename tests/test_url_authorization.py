"""Every URL in the URL configuration is either on the public list below or refuses anonymous
visitors (sign-in redirect, 403 or 404). Generated from the URL configuration, so a new view that
forgets its permission check fails here."""

import re
import uuid

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

# Route names (namespace:name) that anonymous visitors may open.
PUBLIC = {
    "home",
    "search",
    "healthz",
    "resources:list",
    "courses:catalogue",
    "coalition:report_list",
    "coalition:report_feed",
    "coalition:goal_list",
    "coalition:partner_list",
    "coalition:event_list",
    "groups:list",
    "groups:join_lookup",  # the form to type a join code; joining itself needs sign-in
}
# Namespaces that are public or guarded by their own framework.
PUBLIC_NAMESPACES = {"admin"}  # the admin has its own login; checked separately below
ALLAUTH_PUBLIC_PREFIXES = ("account_",)

SAMPLE = {
    "int": "987654321",
    "slug": "no-such-thing",
    "str": "no-such-thing",
    "uuid": str(uuid.UUID(int=1)),
    "path": "no/such/thing",
}


def _walk(patterns, prefix="", namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            full_ns = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), full_ns)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), namespace, entry.name


def _concrete(route: str) -> str:
    route = route.lstrip("^").rstrip("$").replace("\\Z", "")

    def fill(match):
        converter = match.group(1) or "str"
        return SAMPLE.get(converter, "x")

    route = re.sub(r"<(?:(\w+):)?\w+>", fill, route)
    route = re.sub(r"\(\?P<\w+>[^)]*\)", "x", route)
    return "/" + route


def _routes():
    seen = set()
    for route, namespace, name in _walk(get_resolver().url_patterns):
        full_name = f"{namespace}:{name}" if namespace else (name or route)
        if namespace.split(":")[0] in PUBLIC_NAMESPACES:
            continue
        if "media/" in route or "static/" in route:
            continue
        path = _concrete(route)
        if path in seen:
            continue
        seen.add(path)
        yield pytest.param(path, full_name, id=full_name)


def _refuses(response) -> bool:
    if response.status_code in (401, 403, 404, 405):
        return True
    return response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "name"), list(_routes()))
def test_url_is_public_or_refuses_anonymous_visitors(client, path, name):
    client.raise_request_exception = True
    response = client.get(path)
    assert response.status_code < 500, f"{name} {path} answered {response.status_code}"
    if name in PUBLIC or name.startswith(ALLAUTH_PUBLIC_PREFIXES):
        return
    assert _refuses(response), (
        f"{name} ({path}) answered {response.status_code} to an anonymous visitor; "
        "guard it or add it to PUBLIC"
    )


@pytest.mark.django_db
def test_admin_refuses_anonymous_and_non_staff(client, practitioner):
    assert client.get("/admin/").status_code == 302
    client.force_login(practitioner)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
