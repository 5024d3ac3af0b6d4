"""The fresh-machine path: no DATABASE_URL and no REDIS_URL means embedded PostgreSQL and Redis."""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from roots import redis_url

ROOT = Path(__file__).resolve().parents[2]

SMOKE = """
import django, json
django.setup()
from django.core.management import call_command
from django.test import Client
call_command("migrate", verbosity=0)
from django.conf import settings
response = Client().get("/healthz")
print(json.dumps({
    "status": response.status_code,
    "body": json.loads(response.content),
    "host": settings.DATABASES["default"]["HOST"],
    "broker": settings.CELERY_BROKER_URL,
}))
"""


QUEUE_INVITATION = """
import django, json
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from courses.models import Course
from groups.models import LearningGroup
from groups.services import group_create, invitations_create
from roots.models import User
course = Course.objects.create(title="Roots of health inequity", slug="roots")
from datetime import timedelta
from allauth.account.models import EmailAddress
from django.utils import timezone
joined = timezone.now() - timedelta(days=30)  # an inviter in good standing
host = User.objects.create_user(
    email="host@example.org", password="unused-password-1", date_joined=joined
)
EmailAddress.objects.create(user=host, email=host.email, verified=True, primary=True)
kind = LearningGroup.Kind.LOCAL_HEALTH_DEPARTMENT
group = group_create(creator=host, course=course, name="Lakeside brown-bag", kind=kind)
invitations = invitations_create(group=group, emails=["guest@example.org"], invited_by=host).sent
from django.conf import settings
print(json.dumps({"broker": settings.CELERY_BROKER_URL, "invitation": invitations[0].pk}))
"""


def fresh_machine_env(data_dir: Path) -> dict:
    """The environment of a newcomer who set nothing: no service URLs, a new data folder."""
    unset = {"DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "EMAIL_BACKEND", "EMAIL_HOST"}
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env.update(ROOTS_DATA_DIR=str(data_dir), DJANGO_SETTINGS_MODULE="roots.settings")
    return env


def run_script(code: str, env: dict) -> dict:
    """Run `code` in a fresh interpreter; return the JSON it printed last."""
    result = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def stop_embedded(env: dict) -> None:
    subprocess.run(
        [sys.executable, "-m", "devtools.embedded", "stop"],
        cwd=ROOT,
        env=env,
        timeout=60,
        check=False,
    )


@pytest.mark.slow
def test_fresh_data_dir_sends_a_queued_email_through_a_real_worker_on_the_redis_socket(tmp_path):
    data_dir = tmp_path / "data"
    env = fresh_machine_env(data_dir)
    worker = None
    try:
        report = run_script(QUEUE_INVITATION, env)
        assert report["broker"].startswith(f"redis+socket://{data_dir}")
        assert not (data_dir / "mail").exists() or not list((data_dir / "mail").iterdir())
        broker = redis_url.client(report["broker"])
        assert broker.llen("celery") == 1  # the invitation waits in the embedded Redis
        broker.close()

        log = tmp_path / "worker.log"
        with log.open("w") as output:
            worker = subprocess.Popen(  # noqa: S603 - our own worker
                [
                    *(sys.executable, "-m", "celery", "-A", "roots", "worker", "--pool", "solo"),
                    *("--loglevel", "INFO", "--without-gossip", "--without-mingle"),
                ],
                cwd=ROOT,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 90
        while "succeeded" not in log.read_text() and time.monotonic() < deadline:
            assert worker.poll() is None, log.read_text()[-3000:]
            time.sleep(0.2)
        worker_log = log.read_text()
        assert "groups.tasks.invitation_send_task[" in worker_log
        assert "succeeded" in worker_log, worker_log[-3000:]
        mails = list((data_dir / "mail").glob("*.log"))
        assert len(mails) == 1
        message = mails[0].read_text()
        assert "To: guest@example.org" in message
        assert "Lakeside brown-bag" in message
    finally:
        if worker is not None:
            worker.terminate()
            worker.wait(timeout=30)
        stop_embedded(env)


@pytest.mark.slow
def test_embedded_postgres_and_redis_start_and_serve_healthz(tmp_path):
    data_dir = tmp_path / "data"
    env = fresh_machine_env(data_dir)
    try:
        report = run_script(SMOKE, env)
        assert report["status"] == 200
        assert report["body"] == {"db": "ok", "broker": "ok"}
        assert report["host"].startswith(str(data_dir))
        assert report["broker"].startswith(f"redis+socket://{data_dir}")
        assert (data_dir / "postgres" / "PG_VERSION").exists()
    finally:
        stop_embedded(env)
