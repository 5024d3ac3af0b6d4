"""Media in S3-compatible storage, against a local S3 server (moto in server mode): the web
tier keeps no files of its own, so any number of web and worker processes can run side by side.

- The settings switch to S3 when AWS_STORAGE_BUCKET_NAME is set (checked in a fresh process).
- A certificate rendered by one process is stored in the bucket and downloaded through another
  (a second "web server" that never saw the file)."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest
from django.test import Client
from django.urls import reverse

from courses.certificates import services
from tests.certificates import factories
from tests.certificates.conftest import make_ready
from tests.factories import UserFactory

from ..faults.conftest import free_port, get, wait_until

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
BUCKET = "roots-media"
CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_S3_REGION_NAME": "us-east-1",
    "AWS_DEFAULT_REGION": "us-east-1",
}


@pytest.fixture(scope="module")
def s3_endpoint():
    pytest.importorskip("moto", reason="moto[server] provides the local S3 server")
    port = free_port()
    process = subprocess.Popen(  # noqa: S603
        [str(BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        assert wait_until(lambda: get(endpoint + "/")[0] != 0, 30), "moto_server did not start"
        yield endpoint
    finally:
        process.terminate()
        process.wait(timeout=15)


@pytest.fixture
def bucket(s3_endpoint, monkeypatch):
    import boto3

    for name, value in CREDENTIALS.items():
        monkeypatch.setenv(name, value)
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1")
    client.create_bucket(Bucket=BUCKET)
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


PROBE = """
import django
django.setup()
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
name = default_storage.save("probe/hello.txt", ContentFile(b"stored by the web tier"))
print(type(default_storage._wrapped).__name__, name)
"""


def test_settings_put_media_in_s3_when_a_bucket_is_configured(bucket, s3_endpoint):
    env = {
        **os.environ,
        **CREDENTIALS,
        "AWS_STORAGE_BUCKET_NAME": BUCKET,
        "AWS_S3_ENDPOINT_URL": s3_endpoint,
        "DJANGO_SETTINGS_MODULE": "roots.settings",
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    backend, name = result.stdout.split()
    assert backend == "S3Storage"
    stored = bucket.get_object(Bucket=BUCKET, Key=name)["Body"].read()
    assert stored == b"stored by the web tier"


@pytest.fixture
def s3_storage(settings, bucket, s3_endpoint):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": s3_endpoint,
                "default_acl": None,
                "querystring_auth": True,
                "file_overwrite": False,
            },
        },
    }
    settings.SITE_URL = "https://roots.example.org"
    return bucket


@pytest.mark.django_db
def test_certificate_rendered_into_s3_downloads_through_any_web_process(
    s3_storage, django_capture_on_commit_callbacks
):
    rules = factories.CreditRulesFactory(course__title="Roots of Health Inequity")
    unit = factories.UnitFactory(course=rules.course, number=1)
    factories.LessonFactory(unit=unit, position=1)
    factories.CreditOfferingFactory(rules=rules, credit_type="ches")
    factories.PostTestQuestionFactory(rules=rules)
    factories.EvaluationItemFactory(rules=rules)
    learner = make_ready(
        UserFactory(verified=True, full_name="Amara Begay", credential_number="CH-1"), rules
    )
    with django_capture_on_commit_callbacks(execute=False):
        certificate = services.certificate_claim(
            user=learner, course=rules.course, credit_type="ches"
        )
    issued = services.certificate_render(certificate_id=certificate.pk)

    keys = [item["Key"] for item in s3_storage.list_objects_v2(Bucket=BUCKET)["Contents"]]
    assert issued.pdf.name in keys
    assert not (Path(str(getattr(issued.pdf.storage, "location", ""))) / issued.pdf.name).is_file()

    other_web_process = Client()
    other_web_process.force_login(learner)
    response = other_web_process.get(reverse("certificates:download", args=[issued.pk]))
    assert response.status_code == 200
    reader = pypdf.PdfReader(io.BytesIO(b"".join(response.streaming_content)))
    assert "Amara Begay" in reader.pages[0].extract_text()
