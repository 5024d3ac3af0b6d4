"""Run by bench/traffic.py in ../shared/baseline: the bare site's tables, 200 rows for its list
(as run_web_baseline.sh has), and as many users and sessions as Roots gets."""

import os

import bare_site  # noqa: F401
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, User
from django.contrib.sessions.backends.db import SessionStore
from django.core.management import call_command

call_command("migrate", verbosity=0)
Group.objects.bulk_create([Group(name=f"group {i}") for i in range(200)])
password = make_password("bench")
count = int(os.environ["TRAFFIC_SESSIONS"])
users = User.objects.bulk_create(
    [User(username=f"learner{i}", password=password) for i in range(count)]
)
with open(os.environ["TRAFFIC_OUT"], "w") as out:
    for user in users:
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.save()
        out.write(f"bare\tsessionid={session.session_key}\t/auth-list\n")
