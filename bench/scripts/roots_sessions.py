"""Run by bench/traffic.py with `manage.py shell -c` on a Roots database: sessions made as
login() makes them, for random enrolled learners and facilitators, and the addresses of their
pages, one line per page (type, cookie, path) in TRAFFIC_OUT."""

import os
import random
from collections import defaultdict
from importlib import import_module

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.crypto import get_random_string

from courses.models import Enrollment, Lesson
from groups.models import LearningGroup, Membership

wanted = int(os.environ["TRAFFIC_SESSIONS"])
rng = random.Random(int(os.environ["TRAFFIC_SEED"]))
facilitator_count = round(wanted * float(os.environ["TRAFFIC_FACILITATORS"]))

lessons = defaultdict(list)
for lesson in Lesson.objects.filter(unit__course__published=True).select_related("unit__course"):
    lessons[lesson.unit.course_id].append(lesson.get_absolute_url())

with_members = LearningGroup.objects.annotate(
    active=Count("memberships", filter=Q(memberships__status=Membership.Status.ACTIVE))
).filter(active__gt=1)
facilitated = {}
for user_id, slug in (
    Membership.objects.facilitators()
    .filter(group__in=with_members, user__is_active=True, user__is_staff=False)
    .order_by("?")
    .values_list("user_id", "group__slug")[: facilitator_count * 2]
):
    if len(facilitated) < facilitator_count:
        facilitated.setdefault(user_id, slug)

learners = []
chosen = set(facilitated)
for user_id in (
    Enrollment.objects.filter(course__in=list(lessons), user__is_active=True, user__is_staff=False)
    .order_by("?")
    .values_list("user_id", flat=True)[: wanted * 2]
):
    if len(learners) + len(facilitated) >= wanted:
        break
    if user_id not in chosen:
        chosen.add(user_id)
        learners.append(user_id)

ids = [*facilitated, *learners]
users = get_user_model().objects.in_bulk(ids)
enrolled = defaultdict(list)
for user_id, course_id in Enrollment.objects.filter(
    user_id__in=ids, course__in=list(lessons)
).values_list("user_id", "course_id"):
    enrolled[user_id].append(course_id)
groups = defaultdict(list)
for user_id, slug in (
    Membership.objects.active().filter(user_id__in=ids).values_list("user_id", "group__slug")
):
    groups[user_id].append(slug)

SessionStore = import_module(settings.SESSION_ENGINE).SessionStore
backend = settings.AUTHENTICATION_BACKENDS[0]
csrf_chars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
lines = []
for user_id in ids:
    user = users[user_id]
    session = SessionStore()
    session[SESSION_KEY] = user._meta.pk.value_to_string(user)
    session[BACKEND_SESSION_KEY] = backend
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    cookie = (
        f"{settings.SESSION_COOKIE_NAME}={session.session_key}; "
        f"{settings.CSRF_COOKIE_NAME}={get_random_string(32, csrf_chars)}"
    )
    pages = [("learner dashboard", reverse("learn:dashboard"))]
    pages.append(("catalogue", reverse("courses:catalogue")))
    if enrolled[user_id]:
        pages.append(("lesson", rng.choice(lessons[rng.choice(enrolled[user_id])])))
    group = facilitated.get(user_id) or (rng.choice(groups[user_id]) if groups[user_id] else None)
    if group:
        pages.append(("group overview", reverse("groups:detail", args=[group])))
        pages.append(("group board", reverse("groups:board", args=[group, "general"])))
    if user_id in facilitated:
        pages.append(("facilitator grid", reverse("groups:dashboard", args=[group])))
    lines += [f"{kind}\t{cookie}\t{path}\n" for kind, path in pages]
with open(os.environ["TRAFFIC_OUT"], "w") as out:
    out.writelines(lines)
print(len(facilitated), len(learners))
