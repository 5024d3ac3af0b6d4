"""Certificates: render time against the bare WeasyPrint reference, then issuing throughput.

1. Renders N certificates in this process through the production path
   (services.certificate_pdf_bytes) and, interleaved with them so that both see the same machine
   load, the reference page of ../shared/baseline/weasy_baseline.py (a one-page certificate-like
   page in the system DejaVu font, rendered as that script does). Prints cold and warm median
   times, the ratio to the reference, and the other font setups and the single-pass render for
   comparison (docs/decisions/certificates-in-two-layers.md). The reference script itself is also
   run once as a subprocess and its own line printed.
2. Creates a throwaway database (roots_bench_certificates), 1,000 learners with pending
   certificates, starts two `celery -A roots worker --concurrency 1` side by side on it (as two
   machines would run them), queues the 1,000 render tasks and waits until every certificate is
   issued; prints certificates per minute and how many tasks each worker did.

usage: python bench/certificates.py [--renders 200] [--certificates 1000] [--render-only]
Targets (issue 4, tightened by the architecture issue): ratio <= 0.5; 1,000 certificates issued
in under 60 s.
"""

import argparse
import ast
import gc
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (  # bench/ is a folder of scripts, not a package
    BASELINE_DIR,
    PYTHON,
    ROOT,
    database_url,
    production_env,
    psql_admin,
    server_url,
)

DB_NAME = "roots_bench_certificates"
BENCH_BROKER_DB = int(os.environ.get("BENCH_REDIS_DB", "15"))
TARGET_RATIO = 0.5
TARGET_SECONDS = 60


def baseline_script() -> Path:
    script = BASELINE_DIR / "weasy_baseline.py"
    if not script.exists():
        raise SystemExit("weasy_baseline.py not found in ../shared/baseline/")
    return script


def reference_page(script: Path) -> str:
    """The PAGE literal of the reference script, read without running the script."""
    for node in ast.parse(script.read_text()).body:
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == "PAGE" for target in node.targets
        ):
            return ast.literal_eval(node.value)
    raise SystemExit(f"No PAGE in {script}")


def setup_django(env: dict) -> None:
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def make_certificates(count: int, *, save: bool):
    """`count` certificates of one course and credit type, as claims would make them."""
    from django.utils import timezone

    from courses.certificates.models import (
        AccreditorProfile,
        Certificate,
        CreditOffering,
        CreditRules,
        CreditType,
    )
    from courses.models import Course
    from roots.models import User

    if save:
        course, _ = Course.objects.get_or_create(
            slug="bench-roots",
            defaults={
                "title": "Roots of Health Inequity: A Course for the Public Health Workforce",
                "summary": "Benchmark course.",
                "published": True,
            },
        )
        rules, _ = CreditRules.objects.get_or_create(course=course)
        CreditOffering.objects.get_or_create(
            rules=rules,
            profile=AccreditorProfile.objects.get(credit_type=CreditType.CHES),
            defaults={
                "hours": "5.0",
                "provider_number": "PR-98765",
                "activity_number": "EV-2026-014",
                "validity_months": 60,
                "accreditation_statement": STATEMENT,
            },
        )
        users = User.objects.bulk_create(
            User(email=f"bench{index}@example.org", full_name=f"Jordan Example {index}")
            for index in range(count)
        )
    else:
        course = Course(
            pk=1,
            slug="bench-roots",
            title="Roots of Health Inequity: A Course for the Public Health Workforce",
        )
        users = [
            User(
                pk=index + 1, email=f"bench{index}@example.org", full_name=f"Jordan Example {index}"
            )
            for index in range(count)
        ]
    today = timezone.localdate()
    certificates = [
        Certificate(
            pk=None if save else index + 1,
            learner=user,
            course=course,
            credit_type=CreditType.CHES,
            learner_name=user.full_name,
            course_title=course.title,
            hours="5.0",
            provider_number="PR-98765",
            activity_number="EV-2026-014",
            accreditation_statement=STATEMENT,
            issued_on=today,
            expires_on=today.replace(year=today.year + 5),
        )
        for index, user in enumerate(users)
    ]
    if save:
        certificates = Certificate.objects.bulk_create(certificates)
    return certificates


STATEMENT = (
    "Roots Learning Collaborative is a designated provider of continuing education contact hours "
    "(CECH) in health education by the National Commission for Health Education Credentialing, "
    "Inc. This program is designated for Certified Health Education Specialists (CHES) and/or "
    "Master Certified Health Education Specialists (MCHES) to receive up to 5.0 total Category I "
    "continuing education contact hours."
)


def timed(function) -> tuple[float, object]:
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


SETUPS = {
    "production": "Roots certificate (two layers, {font}): production",
    "woff": "  two layers, woff fonts",
    "woff2": "  two layers, woff2 fonts",
    "system": "  two layers, system DejaVu (no bundled font)",
    "single": "  one single-pass render (no layers), {font}",
}


def measure_setup(setup: str, renders: int) -> dict:
    """Cold and warm times of one setup and of the reference, interleaved, in this process
    (a fresh one for each setup, so that no setup pays another's first-render costs)."""
    import json
    from decimal import Decimal

    from weasyprint import HTML

    from courses.certificates import rendering, services
    from courses.certificates.models import CertificateTemplate

    page = reference_page(baseline_script())
    template = CertificateTemplate(
        version=1,
        css=services._default_source("certificate.css"),
        background_html=services._default_source("background.html"),
        learner_html=services._default_source("learner.html"),
    )
    certificates = make_certificates(renders + 1, save=False)
    for certificate in certificates:
        certificate.hours = Decimal(certificate.hours)

    def layers(font_format, css):
        variant = CertificateTemplate(
            css=css, background_html=template.background_html, learner_html=template.learner_html
        )
        return lambda certificate: rendering.render_certificate_pdf(
            template=variant,
            context=services.certificate_context(certificate),
            title="Certificate",
            font_format=font_format,
        )

    def single_pass(certificate):
        background, learner = rendering.certificate_layers_html(
            template=template,
            context=services.certificate_context(certificate),
            title="Certificate",
            lang="en",
        )
        body = background.split("<body>", 1)[1].split("</body>", 1)[0]
        return rendering.render_single_pass(
            learner.replace("<body>", "<body>" + body), template.css
        )

    ours = {
        "production": lambda certificate: services.certificate_pdf_bytes(certificate, template),
        "woff": layers("woff", template.css),
        "woff2": layers("woff2", template.css),
        "system": layers(rendering.FONT_FORMAT, template.css.replace('"Roots Print", ', "")),
        "single": single_pass,
    }[setup]

    def reference():
        return HTML(string=page).write_pdf()

    # What every setup needs whatever its fonts (templates, translations, the QR encoder) is
    # loaded first, so that "cold" is about fonts, stylesheet and layers.
    rendering.certificate_layers_html(
        template=template,
        context=services.certificate_context(certificates[0]),
        title="Certificate",
        lang="en",
    )
    reference_cold, reference_pdf = timed(reference)
    cold, pdf = timed(lambda: ours(certificates[0]))
    reference_times, times = [], []
    for certificate in certificates[1:]:
        reference_times.append(timed(reference)[0])
        times.append(timed(lambda certificate=certificate: ours(certificate))[0])
    rendering.reset()
    gc.collect()  # FontConfiguration deletes its temporary files when collected, not at exit
    result = {
        "setup": setup,
        "cold": cold,
        "median": statistics.median(times),
        "p90": sorted(times)[int(len(times) * 0.9)],
        "size": len(pdf),
        "reference_cold": reference_cold,
        "reference_median": statistics.median(reference_times),
        "reference_p90": sorted(reference_times)[int(len(reference_times) * 0.9)],
        "reference_size": len(reference_pdf),
    }
    print("RESULT " + json.dumps(result))
    return result


def render_benchmark(renders: int, env: dict) -> bool:
    import json

    from courses.certificates import rendering

    script = baseline_script()
    print(f"Reference script, run as a subprocess: {script}")
    output = subprocess.run(
        [PYTHON, str(script), "50"], capture_output=True, text=True, check=True
    ).stdout.strip()
    print(f"  {output}\n")

    other = "woff2" if rendering.FONT_FORMAT == "woff" else "woff"
    results = []
    for setup in ["production", other, "system", "single"]:
        run = subprocess.run(
            [PYTHON, __file__, "--measure-setup", setup, "--renders", str(renders)],
            env={**os.environ, **env},
            capture_output=True,
            text=True,
            check=False,
        )
        line = next((x for x in run.stdout.splitlines() if x.startswith("RESULT ")), None)
        if line is None:
            raise SystemExit(f"Measuring {setup} failed:\n{run.stdout[-2000:]}{run.stderr[-3000:]}")
        results.append(json.loads(line.removeprefix("RESULT ")))

    print(
        f"Certificate render: {renders} renders per setup, each setup in a fresh process with "
        "the reference rendered in turn with it"
    )
    print(f"| {'render':<52} | cold ms | warm median ms | p90 ms | ratio | PDF KB |")
    print(f"|{'-' * 54}|---------|----------------|--------|-------|--------|")
    first = results[0]
    print(
        f"| {'Reference: weasy_baseline.py page, system DejaVu':<52} | "
        f"{first['reference_cold'] * 1000:7.0f} | {first['reference_median'] * 1000:14.1f} | "
        f"{first['reference_p90'] * 1000:6.1f} | {1:5.2f} | {first['reference_size'] / 1024:6.1f} |"
    )
    for row in results:
        name = SETUPS[row["setup"]].format(font=rendering.FONT_FORMAT)
        print(
            f"| {name:<52} | {row['cold'] * 1000:7.0f} | {row['median'] * 1000:14.1f} | "
            f"{row['p90'] * 1000:6.1f} | {row['median'] / row['reference_median']:5.2f} | "
            f"{row['size'] / 1024:6.1f} |"
        )
    ratio = first["median"] / first["reference_median"]
    met = ratio <= TARGET_RATIO
    verdict = "MET" if met else "MISSED"
    print(
        f"\nRatio of the production render to the reference: {ratio:.2f} "
        f"(target <= {TARGET_RATIO}): {verdict}\n"
    )
    return met


def start_worker(log_path: Path, name: str, env: dict) -> subprocess.Popen:
    """One Celery worker process (one prefork child) on the benchmark's queue."""
    with log_path.open("w") as log:
        return subprocess.Popen(
            [
                PYTHON,
                "-m",
                "celery",
                "-A",
                "roots",
                "worker",
                "--concurrency",
                "1",
                "--pool",
                "prefork",
                "--loglevel",
                "INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "-n",
                name,
            ],
            cwd=ROOT,
            env={**os.environ, **env},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def throughput_benchmark(count: int, env: dict) -> bool:
    from django.conf import settings
    from django.core.management import call_command

    from courses.certificates.models import Certificate
    from courses.certificates.tasks import certificate_render_task
    from roots import redis_url

    call_command("migrate", verbosity=0)
    certificates = make_certificates(count, save=True)
    broker = redis_url.client(settings.CELERY_BROKER_URL)
    broker.delete("celery")  # messages a crashed earlier run may have left
    logs = [Path(env["MEDIA_ROOT"]).parent / f"worker-{n}.log" for n in (1, 2)]
    workers = [
        start_worker(log, f"bench-certificates-{n}-{os.getpid()}@%h", env)
        for n, log in enumerate(logs, 1)
    ]
    try:
        deadline = time.monotonic() + 60
        while not all("ready." in log.read_text() for log in logs):
            if any(w.poll() is not None for w in workers) or time.monotonic() > deadline:
                tails = "\n".join(log.read_text()[-3000:] for log in logs)
                raise SystemExit(f"A worker did not start:\n{tails}")
            time.sleep(0.2)
        start = time.perf_counter()
        for certificate in certificates:
            certificate_render_task.delay(certificate.pk)
        queued = time.perf_counter() - start
        issued = 0
        deadline = time.monotonic() + max(TARGET_SECONDS * 5, 300)
        while issued < count and time.monotonic() < deadline:
            time.sleep(0.25)
            issued = Certificate.objects.filter(status=Certificate.Status.ISSUED).count()
        elapsed = time.perf_counter() - start
    finally:
        for worker in workers:
            os.killpg(worker.pid, signal.SIGTERM)
        for worker in workers:
            worker.wait(timeout=60)
        broker.delete("celery")
    shares = [  # render tasks only: an issued certificate also queues its e-mail
        sum(
            1
            for line in log.read_text().splitlines()
            if "certificate_render_task[" in line and " succeeded in " in line
        )
        for log in logs
    ]
    failed = Certificate.objects.filter(status=Certificate.Status.FAILED).count()
    per_minute = issued / elapsed * 60
    met = issued == count and elapsed < TARGET_SECONDS
    print(
        f"Issuing through two `celery worker --concurrency 1` side by side ({os.cpu_count()} "
        f"cores); certificates rendered by each: {shares[0]} and {shares[1]}"
    )
    print("| certificates | queued in s | all issued in s | per minute | failed |")
    print("|--------------|-------------|-----------------|------------|--------|")
    print(f"| {issued:12} | {queued:11.2f} | {elapsed:15.1f} | {per_minute:10.0f} | {failed:6} |")
    print(
        f"\n{count} certificates issued in {elapsed:.1f} s (target < {TARGET_SECONDS} s): "
        f"{'MET' if met else 'MISSED'}"
    )
    return met


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--renders", type=int, default=200)
    parser.add_argument("--certificates", type=int, default=1000)
    parser.add_argument("--render-only", action="store_true")
    parser.add_argument("--measure-setup", choices=sorted(SETUPS), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure_setup:
        setup_django({})
        measure_setup(args.measure_setup, args.renders)
        return

    server = server_url()
    work = Path(tempfile.mkdtemp(prefix="roots-bench-certificates-"))
    env = production_env(
        database_url(server, DB_NAME),
        MEDIA_ROOT=str(work / "media"),
        REDIS_BROKER_DB=str(BENCH_BROKER_DB),
        REDIS_CACHE_DB=str(BENCH_BROKER_DB - 1),
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    )
    psql_admin(server, f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
    psql_admin(server, f'CREATE DATABASE "{DB_NAME}"')
    try:
        setup_django(env)
        results = [render_benchmark(args.renders, env)]
        if not args.render_only:
            results.append(throughput_benchmark(args.certificates, env))
    finally:
        from django.db import connections

        connections.close_all()
        psql_admin(server, f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        shutil.rmtree(work, ignore_errors=True)
    print("\nAll targets met." if all(results) else "\nSome targets missed.")
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()
