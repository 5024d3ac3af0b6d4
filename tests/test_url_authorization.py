"""Every URL in the URL configuration is either on the public list below or refuses anonymous
visitors (sign-in redirect, 403 or 404). Generated from the URL configuration, so a new view that
forgets its permission check fails here."""

import re
import uuid

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.factories import UserFactory

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
    "certificates:did",  # the issuer's public keys, for anyone verifying a credential
    "certificates:status_list",  # which credentials are revoked, for anyone verifying one
    "certificates:verify_form",  # the form to type a certificate's code into
    "certificates:credential_check",  # anyone may check a credential file
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


# --- Signed in but not entitled -------------------------------------------------------------
# Every URL that names an object: a signed-in, verified practitioner who has no claim on the
# object (not a member of the private group, a draft they did not write, someone else's
# attempt, an editor's tool) is answered 404, learning nothing about it. Each route name maps to
# a builder returning the URL kwargs of such an object; a new object URL without one fails
# `test_every_object_url_has_a_not_entitled_case` until it is added here.

# Routes whose secret in the URL is the entitlement itself (a join code, an invitation token, a
# calendar token): unknown secrets answer 404, which the anonymous test above already covers.
SECRET_IS_THE_ENTITLEMENT = {
    "groups:join",
    "groups:invitation",
    "groups:invitation_report",  # the recipient reports an unwanted invitation, signed in or not
    "groups:calendar_feed",
    "certificates:verify",  # anyone holding a certificate's code may verify it; that is its use
    "certificates:verify_credential",  # the same, as the signed credential a verifier checks
}
# allauth's own key-in-URL views, and media files.
NOT_OBJECT_URLS = {"account_confirm_email", "account_reset_password_from_key", "None"}
# Editor tools on objects everyone may read (the page, event or goal is public; the tool is not).
EDITOR_TOOLS_ON_PUBLIC_OBJECTS = {
    "coalition:page_edit",
    "coalition:event_edit",
    "coalition:goal_update_create",
}


def _draft_course_kwargs():
    from tests.courses.factories import LessonFactory

    lesson = LessonFactory(unit__course__published=False)
    return {"slug": lesson.unit.course.slug, "number": lesson.unit.number, "lesson": lesson}


def _course(name):
    kwargs = _draft_course_kwargs()
    lesson = kwargs.pop("lesson")
    if name in {"courses:detail", "courses:enroll", "courses:finished"}:
        kwargs.pop("number")
    if name in {
        "courses:lesson",
        "courses:lesson_complete",
        "courses:lesson_beat",
        "courses:reflection_save",
    }:
        kwargs["lesson_slug"] = lesson.slug
    return kwargs


def _someone_elses_attempt(_name):
    from tests.courses.factories import CheckAttemptFactory, LessonFactory

    lesson = LessonFactory()
    attempt = CheckAttemptFactory(unit=lesson.unit)
    return {"slug": lesson.unit.course.slug, "number": lesson.unit.number, "attempt_id": attempt.pk}


def _private_group(name):
    """An unlisted group the practitioner does not belong to, with one of everything."""
    from tests.groups.factories import (
        LearningGroupFactory,
        MembershipFactory,
        PostFactory,
        SessionFactory,
    )

    group = LearningGroupFactory(listed=False)
    facilitator = MembershipFactory(group=group, facilitator=True)
    member = MembershipFactory(group=group)
    post = PostFactory(thread__board__group=group, author=member.user)
    session = SessionFactory(group=group)
    kwargs = {"slug": group.slug}
    if name.startswith("groups:member_"):
        kwargs["pk"] = member.pk
    elif name.startswith("groups:session_") and name != "groups:session_create":
        kwargs["pk"] = session.pk
    elif name.startswith("groups:thread") and name != "groups:thread_create":
        kwargs["pk"] = post.thread.pk
    elif name.startswith("groups:post_"):
        kwargs["pk"] = post.pk
    if name in {"groups:board", "groups:thread_create"}:
        kwargs["board_key"] = "general"
    assert facilitator.user != member.user
    return kwargs


def _draft_resource(_name):
    from tests.resources.factories import ResourceFactory

    return {"catalog_number": ResourceFactory(draft=True).catalog_number}


def _draft_report(name):
    from tests.coalition.factories import ReportCommentFactory, ReportFactory

    report = ReportFactory()
    if name == "coalition:comment_moderate":
        comment = ReportCommentFactory(status="pending")
        return {"pk": comment.pk, "action": "approve"}
    if name == "coalition:report_move":
        return {"pk": report.pk, "to": "in_review"}
    if name in {
        "coalition:report_detail",
        "coalition:comment_create",
        "coalition:report_pdf",
        "coalition:report_cover",
    }:
        return {"slug": report.slug}
    return {"pk": report.pk}


def _coalition_public(name):
    from tests.coalition.factories import EventFactory, GoalFactory, PageFactory

    if name.startswith("coalition:page"):
        return {"slug": PageFactory().slug}
    if name.startswith("coalition:event"):
        return {"slug": EventFactory().slug}
    return {"number": GoalFactory().number}


def _certificates(name):
    """Someone else's certificate and transcript; a draft course's credit pages; staff tools."""
    from courses.certificates.models import Transcript
    from tests.certificates.factories import (
        CertificateFactory,
        CreditRulesFactory,
        ProviderFactory,
    )

    if name in {"certificates:claim", "certificates:post_test", "certificates:evaluation"}:
        return {"slug": CreditRulesFactory(course__published=False).course.slug}
    if name.startswith("certificates:staff_evaluation"):
        return {"slug": CreditRulesFactory().course.slug}
    if name.startswith("certificates:transcript_"):
        return {"pk": Transcript.objects.create(learner=UserFactory(verified=True)).pk}
    if name == "certificates:staff_signature":
        return {"pk": ProviderFactory(signed=True).pk}
    return {"pk": CertificateFactory(status="issued", pdf="certificates/1/x.pdf").pk}


def _organization(name):
    """An organization the practitioner does not administer."""
    from tests.factories import OrganizationFactory

    kwargs = {"pk": OrganizationFactory().pk}
    if name == "insights:organization_csv":
        kwargs["table"] = "learning"
    return kwargs


def _staff_table(_name):
    return {"table": "learning"}


def _staff_course(_name):
    """A published course: its learners' page is a staff tool all the same."""
    from tests.courses.factories import CourseFactory

    return {"slug": CourseFactory().slug}


def _builder(name):
    if name.startswith("certificates:"):
        return _certificates
    if name in {"insights:organization_detail", "insights:organization_csv"}:
        return _organization
    if name == "insights:staff_analytics_csv":
        return _staff_table
    if name == "insights:staff_course_learners":
        return _staff_course
    if name == "courses:attempt":
        return _someone_elses_attempt
    if name.startswith("courses:"):
        return _course
    if name.startswith("groups:"):
        return _private_group
    if name.startswith("resources:"):
        return _draft_resource
    if name in EDITOR_TOOLS_ON_PUBLIC_OBJECTS or name in {
        "coalition:page",
        "coalition:event_detail",
        "coalition:event_ics",
    }:
        return _coalition_public
    if name.startswith("coalition:"):
        return _draft_report
    return None


# Object URLs anyone may read: a public object, not a private one (checked above for anonymous).
PUBLIC_OBJECT_URLS = {"coalition:page", "coalition:event_detail", "coalition:event_ics"}


def _object_routes():
    for route, namespace, name in _walk(get_resolver().url_patterns):
        full_name = f"{namespace}:{name}" if namespace else str(name)
        if namespace.split(":")[0] in PUBLIC_NAMESPACES or (
            "<" not in route and "(?P" not in route
        ):
            continue
        yield full_name


def test_every_object_url_has_a_not_entitled_case():
    missing = [
        name
        for name in _object_routes()
        if name not in SECRET_IS_THE_ENTITLEMENT | NOT_OBJECT_URLS and _builder(name) is None
    ]
    assert not missing, f"add a not-entitled case for {missing}"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name",
    [
        name
        for name in _object_routes()
        if name not in SECRET_IS_THE_ENTITLEMENT | NOT_OBJECT_URLS | PUBLIC_OBJECT_URLS
        and _builder(name) is not None
    ],
)
def test_object_url_refuses_signed_in_user_who_is_not_entitled(client, practitioner, name):
    from django.urls import reverse

    path = reverse(name, kwargs=_builder(name)(name))
    client.force_login(practitioner)
    client.raise_request_exception = True
    for method in (client.get, client.post):
        response = method(path)
        if response.status_code == 405:
            continue
        assert response.status_code == 404, f"{method.__name__.upper()} {path}: {response}"
