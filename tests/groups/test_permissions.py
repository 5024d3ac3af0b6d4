"""Every view of learning groups for every role: anonymous visitors are sent to sign in,
people who may not know a group's inside get 404, members on facilitator pages get 403, and
the right role gets the page (200) or its action done (302 back to a page)."""

import pytest
from django.urls import reverse

from groups import services
from groups.models import Membership

from .factories import MembershipFactory, SessionFactory

pytestmark = pytest.mark.django_db

# "member" wrote the post the post_* rows act on; "fellow" is another member of the same group,
# who may read it but not change it or see its history.
ROLES = ["anonymous", "outsider", "member", "fellow", "facilitator", "staff"]
LOGIN = "login"


def _row(anonymous, outsider, member, facilitator, staff, *, fellow=None):
    """Expected answers by role. Rows about what a member owns (a post) say what the fellow
    gets; on the others, the fellow is answered as the member."""
    fellow = member if fellow is None else fellow
    return dict(zip(ROLES, [anonymous, outsider, member, fellow, facilitator, staff], strict=True))


FACILITATOR_PAGE = _row(LOGIN, 404, 403, 200, 403)
FACILITATOR_ACTION = _row(LOGIN, 404, 403, 302, 403)
MEMBER_READ = _row(LOGIN, 404, 200, 200, 200)
MEMBER_WRITE_PAGE = _row(LOGIN, 404, 200, 200, 403)
MEMBER_ACTION = _row(LOGIN, 404, 302, 302, 403)
DASHBOARD = _row(LOGIN, 404, 403, 200, 200)

# name, method, url(world), expected per role, POST data, text a 200 page must show
CASES = [
    (
        "list",
        "get",
        lambda w: reverse("groups:list"),
        _row(200, 200, 200, 200, 200),
        None,
        "Find a group",
    ),
    (
        "join_lookup",
        "get",
        lambda w: reverse("groups:join_lookup"),
        _row(200, 200, 200, 200, 200),
        None,
        "Join code",
    ),
    (
        "create",
        "get",
        lambda w: reverse("groups:create"),
        _row(LOGIN, 200, 200, 200, 200),
        None,
        "Start a learning group",
    ),
    (
        "detail_listed",
        "get",
        lambda w: w["group"].get_absolute_url(),
        _row(200, 200, 200, 200, 200),
        None,
        "Lakeside brown-bag group",
    ),
    (
        "detail_unlisted",
        "get",
        lambda w: w["unlisted"].get_absolute_url(),
        _row(LOGIN, 404, 200, 200, 200),
        None,
        "Private circle",
    ),
    (
        "edit",
        "get",
        lambda w: reverse("groups:edit", args=[w["slug"]]),
        FACILITATOR_PAGE,
        None,
        "Group settings",
    ),
    (
        "request_join",
        "post",
        lambda w: reverse("groups:request_join", args=[w["slug"]]),
        _row(LOGIN, 302, 302, 302, 302),
        {},
        None,
    ),
    (
        "leave",
        "get",
        lambda w: reverse("groups:leave", args=[w["slug"]]),
        _row(LOGIN, 404, 200, 200, 403),
        None,
        "Leave Lakeside brown-bag group?",
    ),
    (
        "settings",
        "get",
        lambda w: reverse("groups:settings", args=[w["slug"]]),
        MEMBER_WRITE_PAGE,
        None,
        "Your calendar feed",
    ),
    (
        "members",
        "get",
        lambda w: reverse("groups:members", args=[w["slug"]]),
        FACILITATOR_PAGE,
        None,
        "Invite people by e-mail",
    ),
    (
        "invite",
        "post",
        lambda w: reverse("groups:invite", args=[w["slug"]]),
        FACILITATOR_ACTION,
        {"emails": "new.person@example.org"},
        None,
    ),
    (
        "join_code_regenerate",
        "get",
        lambda w: reverse("groups:join_code_regenerate", args=[w["slug"]]),
        FACILITATOR_PAGE,
        None,
        "Make a new join link?",
    ),
    (
        "approve",
        "post",
        lambda w: reverse("groups:member_approve", args=[w["slug"], w["pending"].pk]),
        FACILITATOR_ACTION,
        {},
        None,
    ),
    (
        "decline",
        "post",
        lambda w: reverse("groups:member_decline", args=[w["slug"], w["pending"].pk]),
        FACILITATOR_ACTION,
        {},
        None,
    ),
    (
        "promote",
        "post",
        lambda w: reverse("groups:member_promote", args=[w["slug"], w["other"].pk]),
        FACILITATOR_ACTION,
        {},
        None,
    ),
    (
        "remove",
        "get",
        lambda w: reverse("groups:member_remove", args=[w["slug"], w["other"].pk]),
        FACILITATOR_PAGE,
        None,
        "from the group?",
    ),
    (
        "sessions",
        "get",
        lambda w: reverse("groups:sessions", args=[w["slug"]]),
        MEMBER_READ,
        None,
        "Next unit lunch",
    ),
    (
        "session_create",
        "get",
        lambda w: reverse("groups:session_create", args=[w["slug"]]),
        FACILITATOR_PAGE,
        None,
        "Schedule a session",
    ),
    (
        "session_detail",
        "get",
        lambda w: w["session"].get_absolute_url(),
        MEMBER_READ,
        None,
        "Next unit lunch",
    ),
    (
        "session_edit",
        "get",
        lambda w: reverse("groups:session_edit", args=[w["slug"], w["session"].pk]),
        FACILITATOR_PAGE,
        None,
        "Edit “Next unit lunch”",
    ),
    (
        "session_delete",
        "get",
        lambda w: reverse("groups:session_delete", args=[w["slug"], w["session"].pk]),
        FACILITATOR_PAGE,
        None,
        "Cancel “Next unit lunch”?",
    ),
    (
        "session_rsvp",
        "post",
        lambda w: reverse("groups:session_rsvp", args=[w["slug"], w["session"].pk]),
        MEMBER_ACTION,
        {"response": "yes"},
        None,
    ),
    (
        "session_attendance",
        "get",
        lambda w: reverse("groups:session_attendance", args=[w["slug"], w["past"].pk]),
        FACILITATOR_PAGE,
        None,
        "Tick everyone who came",
    ),
    ("session_ics", "get", lambda w: w["session"].get_ics_url(), MEMBER_READ, None, "BEGIN:VEVENT"),
    (
        "group_ics",
        "get",
        lambda w: reverse("groups:group_ics", args=[w["slug"]]),
        MEMBER_READ,
        None,
        "BEGIN:VCALENDAR",
    ),
    (
        "boards",
        "get",
        lambda w: reverse("groups:boards", args=[w["slug"]]),
        MEMBER_READ,
        None,
        "General discussion",
    ),
    (
        "board_general",
        "get",
        lambda w: reverse("groups:board", args=[w["slug"], "general"]),
        MEMBER_READ,
        None,
        "Welcome thread",
    ),
    (
        "board_unit",
        "get",
        lambda w: reverse("groups:board", args=[w["slug"], "unit-1"]),
        MEMBER_READ,
        None,
        "What stood out for you?",
    ),
    (
        "thread_create",
        "get",
        lambda w: reverse("groups:thread_create", args=[w["slug"], "unit-1"]),
        MEMBER_WRITE_PAGE,
        None,
        "Start a discussion in",
    ),
    (
        "thread",
        "get",
        lambda w: w["thread"].get_absolute_url(),
        MEMBER_READ,
        None,
        "Hello everyone",
    ),
    (
        "thread_reply",
        "post",
        lambda w: reverse("groups:thread_reply", args=[w["slug"], w["thread"].pk]),
        MEMBER_ACTION,
        {"body": "A reply"},
        None,
    ),
    (
        "thread_moderate",
        "post",
        lambda w: reverse("groups:thread_moderate", args=[w["slug"], w["thread"].pk]),
        FACILITATOR_ACTION,
        {"action": "pin"},
        None,
    ),
    (
        "post_edit",
        "get",
        lambda w: reverse("groups:post_edit", args=[w["slug"], w["post"].pk]),
        _row(LOGIN, 404, 200, 403, 403, fellow=403),
        None,
        "Edit your post",
    ),
    (
        "post_delete",
        "get",
        lambda w: reverse("groups:post_delete", args=[w["slug"], w["post"].pk]),
        _row(LOGIN, 404, 200, 403, 403, fellow=403),
        None,
        "Delete your post?",
    ),
    (
        "post_hide",
        "post",
        lambda w: reverse("groups:post_hide", args=[w["slug"], w["post"].pk]),
        FACILITATOR_ACTION,
        {"hidden": "1"},
        None,
    ),
    (
        "post_history",
        "get",
        lambda w: reverse("groups:post_history", args=[w["slug"], w["post"].pk]),
        _row(LOGIN, 404, 200, 200, 200, fellow=403),
        None,
        "History of a post",
    ),
    (
        "dashboard",
        "get",
        lambda w: reverse("groups:dashboard", args=[w["slug"]]),
        DASHBOARD,
        None,
        "Progress by member and unit",
    ),
    (
        "dashboard_csv",
        "get",
        lambda w: reverse("groups:dashboard_csv", args=[w["slug"]]),
        DASHBOARD,
        None,
        "Unit 1 status",
    ),
    (
        "join_by_code",
        "get",
        lambda w: w["group"].get_join_url(),
        _row(LOGIN, 200, 302, 302, 200),
        None,
        "Join the group",
    ),
]


@pytest.fixture
def world(group, member, facilitator, outsider, staff_user):
    unit = group.course.units.get(number=1)
    session = SessionFactory(group=group, unit=unit, title="Next unit lunch")
    past = SessionFactory(group=group, past=True, title="Last month's lunch")
    board = group.boards.get(unit=None)
    thread = services.thread_create(
        board=board, author=member, title="Welcome thread", body="Hello everyone"
    )
    unlisted = services.group_create(
        creator=facilitator,
        course=group.course,
        name="Private circle",
        kind="other",
        listed=False,
    )
    MembershipFactory(group=unlisted, user=member)
    fellow = MembershipFactory(group=group, user__full_name="Fay Fellow").user
    MembershipFactory(group=unlisted, user=fellow)
    return {
        "group": group,
        "slug": group.slug,
        "unlisted": unlisted,
        "session": session,
        "past": past,
        "thread": thread,
        "post": thread.posts.get(),
        "pending": MembershipFactory(group=group, pending=True),
        "other": MembershipFactory(group=group),
        "users": {
            "outsider": outsider,
            "member": member,
            "fellow": fellow,
            "facilitator": facilitator,
            "staff": staff_user,
        },
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("name", "method", "url", "expected", "data", "marker"),
    CASES,
    ids=[case[0] for case in CASES],
)
def test_view_for_role_answers_as_expected(
    client, world, role, name, method, url, expected, data, marker
):
    if role != "anonymous":
        client.force_login(world["users"][role])
    address = url(world)
    response = client.post(address, data) if method == "post" else client.get(address)
    want = expected[role]
    if want == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
        return
    assert response.status_code == want, response.content[:500]
    if want == 200 and marker:
        assert marker in response.content.decode()


def test_unknown_group_answers_404_to_signed_in_and_login_to_anonymous(client, outsider):
    url = reverse("groups:sessions", args=["no-such-group"])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    client.force_login(outsider)
    assert client.get(url).status_code == 404


def test_thread_of_another_group_answers_404_to_its_members(client, world, facilitator, course):
    other = services.group_create(
        creator=facilitator, course=course, name="Another group", kind="other"
    )
    client.force_login(world["users"]["member"])
    url = reverse("groups:thread", args=[other.slug, world["thread"].pk])
    assert client.get(url).status_code == 404


def test_hidden_thread_answers_404_to_members_and_200_to_facilitators(client, world):
    services.thread_moderate(thread=world["thread"], action="hide")
    url = world["thread"].get_absolute_url()
    client.force_login(world["users"]["member"])
    assert client.get(url).status_code == 404
    client.force_login(world["users"]["facilitator"])
    response = client.get(url)
    assert response.status_code == 200
    assert "Hidden from members" in response.content.decode()


def test_former_member_loses_access_to_sessions_and_discussions(client, world):
    member = world["users"]["member"]
    membership = Membership.objects.get(group=world["group"], user=member)
    services.membership_leave(membership=membership)
    client.force_login(member)
    assert client.get(world["thread"].get_absolute_url()).status_code == 404
    assert client.get(world["session"].get_absolute_url()).status_code == 404


def test_calendar_feed_works_without_login_and_stops_when_member_leaves(client, world):
    member = world["users"]["member"]
    membership = Membership.objects.get(group=world["group"], user=member)
    url = membership.get_calendar_feed_url()
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    services.membership_leave(membership=membership)
    assert client.get(url).status_code == 404


def test_unverified_user_asked_to_verify_before_creating_a_group(client, unverified_user):
    client.force_login(unverified_user)
    response = client.get(reverse("groups:create"))
    assert response.status_code == 403
    content = response.content.decode()
    assert "Verify your e-mail address first" in content
    assert reverse("account_email") in content


def test_staff_user_sees_unlisted_group_but_cannot_post(client, world):
    staff = world["users"]["staff"]
    client.force_login(staff)
    response = client.get(world["unlisted"].get_absolute_url())
    assert response.status_code == 200
    thread_page = client.get(world["thread"].get_absolute_url()).content.decode()
    assert "Only members of the group can reply." in thread_page


def test_thread_page_offers_edit_and_history_of_a_post_to_its_author_and_facilitators_only(
    client, world
):
    post = world["post"]
    services.post_edit(post=post, editor=world["users"]["member"], body="Hello again")
    edit = reverse("groups:post_edit", args=[world["slug"], post.pk])
    history = reverse("groups:post_history", args=[world["slug"], post.pk])
    offered = {}
    for role in ["member", "fellow", "facilitator", "staff"]:
        client.force_login(world["users"][role])
        page = client.get(world["thread"].get_absolute_url()).content.decode()
        offered[role] = (edit in page, history in page)
    assert offered == {
        "member": (True, True),
        "fellow": (False, False),
        "facilitator": (False, True),
        "staff": (False, True),
    }
