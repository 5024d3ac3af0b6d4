"""Web throughput of Roots' main pages against the bare Django baseline, measured in one run.

Two databases are built: "small" is the demo content plus generated data for --small-learners
learners, which already holds a 200-member group and a 500-post board; "large" is a copy of it
with --learners more. The pages are the same on both (the demo learner, the first 200-member
group, the first 500-post board), so their p99 can be compared.

gunicorn then serves ../shared/baseline/bare_site.py and Roots on each database side by side
(same worker count, same PostgreSQL). Each page is driven with wrk right after its bare view,
on small then large data, so that every compared pair of numbers is measured within half a
minute. The table gives: page, requests/s, p50, p99, the queries of an uncached render and of a
request the page cache serves, the median time of an uncached render (measured in-process, so
that what a cache miss costs shows beside the hits wrk mostly measures), the bare view's
requests/s and the ratio to it (`/list`, or `/auth-list` for signed-in pages). Results are also
written as JSON under bench/results/.

Each page is driven --runs times for --seconds (after a --warmup run), round-robin with its bare
view and the other data set; requests/s is the mean of the runs, p50 and p99 their medians.

usage: python bench/web.py [--seconds 3] [--runs 3] [--warmup 1] [--connections 16]
                           [--small-learners 1000] [--learners 100000] [--small-only]
Targets (issue 9): ratio >= 0.5 for every page; p99 on large data <= 1.5x p99 on small data;
at most 12 queries per page.
"""

import argparse
import contextlib
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (  # bench/ is a folder of scripts, not a package
    BASELINE_DIR,
    PYTHON,
    RESULTS,
    ROOT,
    database_url,
    gunicorn,
    manage,
    production_env,
    psql_admin,
    server_url,
    vacuum,
    with_devtools,
)

DB_NAME = "roots_bench"
LARGE_DB_NAME = "roots_bench_large"
BARE_DB_NAME = "roots_bench_bare"  # the bare site has its own auth tables

TARGET_RATIO = 0.5
TARGET_P99_GROWTH = 1.5
TARGET_QUERIES = 12


def wrk(url: str, seconds: int, connections: int, cookie: str = "", warmup: int = 0) -> dict:
    """Drive `url` for `seconds`, after an unmeasured `warmup` run at the same load (every
    gunicorn worker process imports, compiles templates and connects on its first requests)."""
    command = ["wrk", "-t2", f"-c{connections}", "--latency", url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    if warmup:
        subprocess.run([*command, f"-d{warmup}s"], capture_output=True, check=True)
    output = subprocess.run(
        [*command, f"-d{seconds}s"], capture_output=True, text=True, check=True
    ).stdout

    def latency(label):
        match = re.search(rf"^\s*{label}%\s+([\d.]+)(us|ms|s)", output, re.M)
        value, unit = float(match.group(1)), match.group(2)
        return value * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50_ms": latency("50"),
        "p99_ms": latency("99"),
        "errors": int(non2xx.group(1)) if non2xx else 0,
    }


def combined(runs: list[dict]) -> dict:
    """Several runs of one URL as one: mean throughput, median p50 and p99 (one run's tail on
    a 2-core machine shared with the load generator swings by a factor of two)."""
    return {
        "rps": round(statistics.mean(run["rps"] for run in runs), 1),
        "p50_ms": statistics.median(run["p50_ms"] for run in runs),
        "p99_ms": statistics.median(run["p99_ms"] for run in runs),
        "errors": sum(run["errors"] for run in runs),
        "runs": len(runs),
    }


def measure(datasets: dict[str, dict], bare_env: dict, args) -> list[dict]:
    """All servers up side by side (the bare site, and Roots on each data set); each page is
    driven round-robin with its bare view (`/list`, or `/auth-list` for a signed-in page) and
    its twin on the other data set, so that the numbers compared (a page's throughput with the
    bare view's, a page's p99 on large data with its p99 on small data) are measured within
    seconds of each other: a 2-core machine drifts by more than the targets between minutes."""
    pages = {
        name: json.loads(manage(with_devtools(env), "bench_pages"))
        for name, env in datasets.items()
    }
    rows = []
    bare_runs = {"list": [], "auth-list": []}
    with contextlib.ExitStack() as stack:
        bare_port = stack.enter_context(gunicorn("bare_site:application", bare_env, BASELINE_DIR))
        ports = {
            name: stack.enter_context(gunicorn("roots.wsgi:application", env, ROOT))
            for name, env in datasets.items()
        }
        bare_cookie = subprocess.run(
            [PYTHON, "-c", BARE_LOGIN],
            cwd=BASELINE_DIR,
            env=bare_env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        first = next(iter(pages.values()))
        for index, _page in enumerate(first):
            view = "auth-list" if first[index]["session"] else "list"
            targets = {"bare": (f"http://127.0.0.1:{bare_port}/{view}", "")}
            if view == "auth-list":
                targets["bare"] = (targets["bare"][0], f"sessionid={bare_cookie}")
            for dataset, port in ports.items():
                page = pages[dataset][index]
                if page["name"] != first[index]["name"]:
                    raise SystemExit(f"The data sets list different pages: {page['name']}")
                cookie = f"sessionid={page['session']}" if page["session"] else ""
                targets[dataset] = (f"http://127.0.0.1:{port}{page['path']}", cookie)
            # Round-robin: bare, small, large, bare, small, large... so that every number
            # compared was measured within seconds of the others.
            runs = {name: [] for name in targets}
            for round_number in range(args.runs):
                for name, (url, cookie) in targets.items():
                    warmup = args.warmup if round_number == 0 else 0
                    runs[name].append(
                        wrk(url, args.seconds, args.connections, cookie, warmup=warmup)
                    )
            baseline = combined(runs["bare"])
            bare_runs[view].extend(runs["bare"])
            for dataset in ports:
                page = pages[dataset][index]
                result = combined(runs[dataset])
                rows.append(
                    {
                        "dataset": dataset,
                        "page": page["name"],
                        "path": page["path"],
                        **result,
                        "queries": page["queries"],
                        "cached_queries": page["cached_queries"],
                        "render_ms": page["render_ms"],
                        "status": page["status"],
                        "baseline": view,
                        "baseline_rps": baseline["rps"],
                        "ratio": round(result["rps"] / baseline["rps"], 2),
                    }
                )
    rows.sort(key=lambda row: list(datasets).index(row["dataset"]))
    for view, runs in bare_runs.items():
        if runs:
            rows.append(
                {
                    "dataset": "bare",
                    "page": f"(bare /{view}, all runs)",
                    **combined(runs),
                    "ratio": 1.0,
                }
            )
    return rows


BARE_LOGIN = """
import bare_site  # noqa: F401
from django.core.management import call_command
call_command("migrate", verbosity=0)
from django.contrib.auth.models import Group, User
from django.test import Client
# The 200 rows run_web_baseline.sh gives the bare list (it shows 20 of them).
Group.objects.bulk_create([Group(name=f"group {i}") for i in range(200)], ignore_conflicts=True)
if not User.objects.filter(username="bench").exists():
    User.objects.create_user("bench", password="bench")
client = Client()
client.login(username="bench", password="bench")
print(client.cookies["sessionid"].value)
"""


def print_table(rows: list[dict]) -> None:
    columns = ("req/s", "p50 ms", "p99 ms", "queries", "cached q", "render ms", "bare r/s", "ratio")
    header = f"{'data':6} {'page':24} " + " ".join(f"{c:>9}" for c in columns)
    print(header)
    print("-" * len(header))
    for row in rows:
        bare = f"{row['baseline_rps']:.0f}" if "baseline_rps" in row else ""
        print(
            f"{row['dataset']:6} {row['page'][:24]:24} {row['rps']:9.0f} {row['p50_ms']:9.1f} "
            f"{row['p99_ms']:9.1f} {row.get('queries', ''):>9} {row.get('cached_queries', ''):>9} "
            f"{row.get('render_ms', ''):>9} {bare:>9} {row['ratio']:9.2f}"
        )


def verdicts(rows: list[dict]) -> list[str]:
    problems = []
    pages = [row for row in rows if not row["page"].startswith("(")]
    for row in pages:
        if row["ratio"] < TARGET_RATIO:
            problems.append(
                f"{row['dataset']} {row['page']}: ratio {row['ratio']} < {TARGET_RATIO}"
            )
        if row["queries"] > TARGET_QUERIES:
            problems.append(f"{row['dataset']} {row['page']}: {row['queries']} queries")
        if row["status"] != 200 or row["errors"]:
            problems.append(
                f"{row['dataset']} {row['page']}: status {row['status']}, {row['errors']} errors"
            )
    small = {row["page"]: row for row in pages if row["dataset"] == "small"}
    for row in pages:
        if row["dataset"] == "large" and row["page"] in small:
            growth = row["p99_ms"] / max(small[row["page"]]["p99_ms"], 0.001)
            row["p99_growth"] = round(growth, 2)
            if growth > TARGET_P99_GROWTH:
                problems.append(f"{row['page']}: p99 grew {growth:.2f}x on large data")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=3, help="length of one run")
    parser.add_argument("--runs", type=int, default=3, help="runs per page and server")
    parser.add_argument("--warmup", type=int, default=1, help="unmeasured seconds first")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--small-learners", type=int, default=1000)
    parser.add_argument("--learners", type=int, default=100_000)
    parser.add_argument("--small-only", action="store_true")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install -y wrk")

    server = server_url()
    names = [DB_NAME, BARE_DB_NAME] + ([] if args.small_only else [LARGE_DB_NAME])
    for name in names:
        psql_admin(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    for name in (DB_NAME, BARE_DB_NAME):
        psql_admin(server, f'CREATE DATABASE "{name}"')

    run = datetime.now(tz=UTC).strftime("%Y%m%dT%H%M%S")
    # Each data set's server has a cache of its own (the two databases share row ids).
    env = production_env(database_url(server, DB_NAME), CACHE_KEY_PREFIX=f"bench-small-{run}")
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    manage(with_devtools(env), "seed_demo")
    learners = str(args.small_learners)
    manage(with_devtools(env), "generate_load_data", "--learners", learners, quiet=False)
    vacuum(server, DB_NAME)
    datasets = {"small": env}
    if not args.small_only:
        # The large data set is the small one (same demo learner, group and board) plus more.
        psql_admin(server, f'CREATE DATABASE "{LARGE_DB_NAME}" TEMPLATE "{DB_NAME}"')
        large = {
            **env,
            "DATABASE_URL": database_url(server, LARGE_DB_NAME),
            "CACHE_KEY_PREFIX": f"bench-large-{run}",
        }
        learners = str(args.learners)
        manage(with_devtools(large), "generate_load_data", "--learners", learners, quiet=False)
        vacuum(server, LARGE_DB_NAME)
        datasets["large"] = large
    bare_env = {**os.environ, "DATABASE_URL": database_url(server, BARE_DB_NAME)}
    rows = measure(datasets, bare_env, args)
    problems = verdicts(rows)
    print_table(rows)
    print("\nAll targets met." if not problems else "\nMissed targets:\n  " + "\n  ".join(problems))
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(tz=UTC).strftime("%Y%m%dT%H%M%SZ")
    out = RESULTS / f"web-{stamp}.json"
    out.write_text(json.dumps({"rows": rows, "problems": problems, "args": vars(args)}, indent=2))
    print(f"Results written to {out.relative_to(ROOT)}")
    for name in names:
        psql_admin(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
