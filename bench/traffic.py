"""Realistic traffic: thousands of signed-in learners on their own pages, against the bare view.

One database per --learners size (demo content plus that many generated learners; each bigger
one is a copy of the smaller plus the difference, so the sizes share their first learners).
In each, --sessions sessions are made directly, the way django.contrib.auth.login makes them,
for random enrolled learners and, a --facilitators share of them, facilitators of a group with
members. Each session comes with the addresses of ITS pages: the learner dashboard, the
catalogue, a random lesson of a course the learner is enrolled in, the overview and discussion
board of one of their groups, and for facilitators their group's progress grid. The bare site
(../shared/baseline/bare_site.py) gets as many users and sessions, each on /auth-list.

All servers are up side by side (gunicorn, 2 x cores + 1 workers, production settings). wrk drives
each with a Lua script that picks, per request, a random session and then a random one of its
pages: once for the whole mix, then once per page type (that type's lines only). Each run is
round-robin with the bare view and the other sizes (bare, first size, second size, bare...) so
that every compared number is measured seconds apart from the others; requests/s is the mean of
--runs runs, p50 and p99 their medians. Before measuring, a few pages of every type on every
size are fetched and must answer 200 (a redirect to sign in would measure the wrong page), and
wrk counts every answer that is not 200.

usage: python bench/traffic.py [--learners 100000 1000000] [--sessions 3000] [--seconds 3]
                               [--runs 3] [--warmup 1] [--connections 16] [--facilitators 0.05]
Targets (architecture issue, item 4): the mix >= 0.5x the bare view's requests/s; every page
type >= 0.35x; p99 <= 3x the bare view's p99; p99 on the largest size <= 1.2x p99 on the
smallest. Exit status 1 when one is missed, 2 when a page does not answer 200.
"""

import argparse
import contextlib
import http.client
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
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

BARE_DB_NAME = "roots_traffic_bare"
MIX = "mix"
PAGE_TYPES = (
    "learner dashboard",
    "catalogue",
    "lesson",
    "group overview",
    "group board",
    "facilitator grid",
)
SCRIPTS = Path(__file__).resolve().parent / "scripts"  # run in other processes
CHECKS_PER_TYPE = 5  # pages of each type fetched (and required to answer 200) per data set

TARGET_MIX_RATIO = 0.5
TARGET_PAGE_RATIO = 0.35
TARGET_P99_VS_BARE = 3.0
TARGET_P99_GROWTH = 1.2

ROOTS_SESSIONS = (SCRIPTS / "roots_sessions.py").read_text()

BARE_SESSIONS = (SCRIPTS / "bare_sessions.py").read_text()

LUA = (SCRIPTS / "traffic.lua").read_text()


def label(learners: int) -> str:
    """A size as the issue writes it: 100000 -> "100k", 1000000 -> "1M"."""
    for unit, name in ((1_000_000, "M"), (1_000, "k")):
        if learners >= unit and learners % (unit // 10) == 0:
            return f"{learners / unit:g}{name}"
    return str(learners)


def parse_lines(text: str) -> list[tuple[str, str, str]]:
    """The lines file: (page type, cookie, path) per line."""
    return [tuple(line.split("\t")) for line in text.splitlines() if line]


def page_types(lines: list[tuple[str, str, str]]) -> list[str]:
    """The page types present, in PAGE_TYPES order."""
    present = {kind for kind, _cookie, _path in lines}
    return [kind for kind in PAGE_TYPES if kind in present]


def check_sample(lines, rng: random.Random, per_type: int = CHECKS_PER_TYPE) -> list:
    """Up to `per_type` random lines of each page type."""
    sample = []
    for kind in page_types(lines):
        of_kind = [line for line in lines if line[0] == kind]
        sample += rng.sample(of_kind, min(per_type, len(of_kind)))
    return sample


def parse_wrk(output: str) -> dict:
    """The JSON line the Lua script's done() prints, in bench/web.py's units."""
    line = next(line for line in output.splitlines() if line.startswith("TRAFFIC "))
    data = json.loads(line.removeprefix("TRAFFIC "))
    return {
        "rps": data["requests"] / max(data["duration_us"] / 1e6, 1e-9),
        "p50_ms": data["p50_us"] / 1000,
        "p99_ms": data["p99_us"] / 1000,
        "requests": data["requests"],
        "non200": data["non200"],
        "errors": data["errors"],
    }


def combined(runs: list[dict]) -> dict:
    """Several runs as one: mean throughput, median p50 and p99, every bad answer counted."""
    return {
        "rps": round(statistics.mean(run["rps"] for run in runs), 1),
        "p50_ms": round(statistics.median(run["p50_ms"] for run in runs), 2),
        "p99_ms": round(statistics.median(run["p99_ms"] for run in runs), 2),
        "requests": sum(run["requests"] for run in runs),
        "non200": sum(run["non200"] for run in runs),
        "errors": sum(run["errors"] for run in runs),
        "runs": len(runs),
    }


def compared(rows: list[dict], datasets: list[str]) -> list[dict]:
    """Each Roots row with its ratios: to the bare view measured beside it, and its p99 to the
    same page's p99 on the first (smallest) data set."""
    first = {row["page"]: row for row in rows if row["dataset"] == datasets[0]}
    for row in rows:
        row["ratio"] = round(row["rps"] / max(row["bare_rps"], 1e-9), 2)
        row["p99_vs_bare"] = round(row["p99_ms"] / max(row["bare_p99_ms"], 1e-9), 2)
        smallest = first.get(row["page"])
        if row["dataset"] != datasets[0] and smallest:
            row["p99_growth"] = round(row["p99_ms"] / max(smallest["p99_ms"], 1e-9), 2)
    return rows


def verdicts(rows: list[dict]) -> list[str]:
    problems = []
    for row in rows:
        name = f"{row['dataset']} {row['page']}"
        least = TARGET_MIX_RATIO if row["page"] == MIX else TARGET_PAGE_RATIO
        if row["ratio"] < least:
            problems.append(f"{name}: {row['ratio']}x the bare view's req/s < {least}")
        if row["p99_vs_bare"] > TARGET_P99_VS_BARE:
            problems.append(
                f"{name}: p99 {row['p99_vs_bare']}x the bare p99 > {TARGET_P99_VS_BARE}"
            )
        if row.get("p99_growth", 0) > TARGET_P99_GROWTH:
            problems.append(f"{name}: p99 grew {row['p99_growth']}x > {TARGET_P99_GROWTH}")
        if row["non200"] or row["errors"]:
            problems.append(f"{name}: {row['non200']} answers not 200, {row['errors']} errors")
        if row["bare_non200"] or row["bare_errors"]:
            problems.append(
                f"bare beside {name}: {row['bare_non200']} answers not 200, "
                f"{row['bare_errors']} errors"
            )
    return problems


def print_table(rows: list[dict]) -> None:
    columns = ("req/s", "p50 ms", "p99 ms", "bare r/s", "ratio", "bare p99", "p99/bare", "growth")
    header = f"{'data':6} {'page':18} " + " ".join(f"{column:>8}" for column in columns)
    print(header)
    print("-" * len(header))
    for row in rows:
        growth = f"{row['p99_growth']:.2f}" if "p99_growth" in row else ""
        print(
            f"{row['dataset']:6} {row['page']:18} {row['rps']:8.0f} {row['p50_ms']:8.1f} "
            f"{row['p99_ms']:8.1f} {row['bare_rps']:8.0f} {row['ratio']:8.2f} "
            f"{row['bare_p99_ms']:8.1f} {row['p99_vs_bare']:8.2f} {growth:>8}"
        )


def wrk(script: Path, lines: Path, port: int, args, warmup: bool) -> dict:
    command = [
        "wrk",
        "-t2",
        f"-c{args.connections}",
        "--timeout",
        "30s",  # a slow answer counts in the latencies instead of vanishing as a timeout
        "-s",
        str(script),
        f"http://127.0.0.1:{port}/",
    ]
    if warmup and args.warmup:
        subprocess.run(
            [*command[:-1], f"-d{args.warmup}s", command[-1], "--", str(lines)],
            capture_output=True,
            check=True,
        )
    output = subprocess.run(
        [*command[:-1], f"-d{args.seconds}s", command[-1], "--", str(lines)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return parse_wrk(output)


def status_of(port: int, path: str, cookie: str) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", path, headers={"Cookie": cookie})
        response = connection.getresponse()
        response.read()
        return response.status, response.getheader("Location") or ""
    finally:
        connection.close()


class Phases:
    """How long each step took, printed as it ends and kept for the JSON."""

    def __init__(self):
        self.seconds: dict[str, float] = {}

    @contextlib.contextmanager
    def __call__(self, name: str):
        print(f"-- {name}...", flush=True)
        start = time.monotonic()
        yield
        self.seconds[name] = round(time.monotonic() - start, 1)
        print(f"-- {name}: {self.seconds[name]:.0f} s", flush=True)


def build(server: str, sizes: list[int], args, phases: Phases, work: Path) -> dict[str, dict]:
    """One database per size, each bigger one a copy of the one before plus the difference;
    then the sessions and their lines file. Returns {label: {"env", "lines"}}."""
    run = datetime.now(tz=UTC).strftime("%Y%m%dT%H%M%S")
    datasets = {}
    previous = None
    for learners in sizes:
        name = label(learners)
        database = f"roots_traffic_{learners}"
        # Each data set's server has a cache of its own (the databases share row ids).
        env = production_env(
            database_url(server, database), CACHE_KEY_PREFIX=f"traffic-{learners}-{run}"
        )
        with phases(f"database {name}"):
            if previous is None:
                psql_admin(server, f'CREATE DATABASE "{database}"')
                manage(env, "migrate", "--noinput")
                manage(env, "collectstatic", "--noinput")
                manage(with_devtools(env), "seed_demo")
                added = learners
            else:
                psql_admin(
                    server, f'CREATE DATABASE "{database}" TEMPLATE "roots_traffic_{previous}"'
                )
                added = learners - previous
            manage(with_devtools(env), "generate_load_data", "--learners", str(added))
            vacuum(server, database)
        lines = work / f"{name}.lines"
        with phases(f"sessions {name}"):
            counts = (
                manage(
                    {
                        **env,
                        "TRAFFIC_SESSIONS": str(args.sessions),
                        "TRAFFIC_FACILITATORS": str(args.facilitators),
                        "TRAFFIC_SEED": str(args.seed),
                        "TRAFFIC_OUT": str(lines),
                    },
                    "shell",
                    "--no-imports",
                    "-c",
                    ROOTS_SESSIONS,
                )
                .splitlines()[-1]
                .split()
            )
            found = parse_lines(lines.read_text())
            kinds = ", ".join(
                f"{kind} {sum(line[0] == kind for line in found)}" for kind in page_types(found)
            )
            print(f"   {counts[0]} facilitators, {counts[1]} learners; pages: {kinds}", flush=True)
        datasets[name] = {"env": env, "lines": lines}
        previous = learners
    return datasets


def check(ports: dict[str, int], lines: dict[str, list], seed: int) -> list[str]:
    """A few pages of every type on every server: each must answer 200."""
    failures = []
    rng = random.Random(seed)
    for name, port in ports.items():
        for kind, cookie, path in check_sample(lines[name], rng):
            status, location = status_of(port, path, cookie)
            if status != 200:
                failures.append(f"{name} {kind} {path}: {status} {location}".rstrip())
    return failures


def measure(ports: dict[str, int], files: dict[str, dict[str, Path]], args, script) -> list[dict]:
    """The mix, then each page type: round-robin bare, first size, second size..., --runs
    times, so that the numbers compared are seconds apart."""
    datasets = [name for name in ports if name != "bare"]
    rows = []
    for page in [MIX, *PAGE_TYPES]:
        targets = {"bare": files["bare"][MIX]}
        targets |= {name: files[name][page] for name in datasets if page in files[name]}
        if len(targets) == 1:
            continue
        runs = {name: [] for name in targets}
        for round_number in range(args.runs):
            for name, path in targets.items():
                runs[name].append(wrk(script, path, ports[name], args, warmup=round_number == 0))
        bare = combined(runs["bare"])
        print(f"   {page}: bare {bare['rps']:.0f} req/s", end="", flush=True)
        for name in datasets:
            if name in runs:
                result = combined(runs[name])
                print(f", {name} {result['rps']:.0f}", end="", flush=True)
                rows.append(
                    {
                        "dataset": name,
                        "page": page,
                        **result,
                        "bare_rps": bare["rps"],
                        "bare_p50_ms": bare["p50_ms"],
                        "bare_p99_ms": bare["p99_ms"],
                        "bare_non200": bare["non200"],
                        "bare_errors": bare["errors"],
                    }
                )
        print(flush=True)
    rows.sort(key=lambda row: datasets.index(row["dataset"]))
    return compared(rows, datasets)


def split(lines: list, work: Path, name: str) -> dict[str, Path]:
    """The lines file of the whole mix and one per page type."""
    files = {}
    for page in [MIX, *page_types(lines)]:
        path = work / f"{name}-{page.replace(' ', '-')}.lines"
        chosen = [line for line in lines if page in (MIX, line[0])]
        path.write_text("".join("\t".join(line) + "\n" for line in chosen))
        files[page] = path
    return files


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--sessions", type=int, default=3000)
    parser.add_argument("--facilitators", type=float, default=0.05, help="share of sessions")
    parser.add_argument("--seconds", type=int, default=3, help="length of one run")
    parser.add_argument("--runs", type=int, default=3, help="runs per page type and server")
    parser.add_argument("--warmup", type=int, default=1, help="unmeasured seconds first")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--seed", type=int, default=20261126)
    args = parser.parse_args()
    sizes = sorted(set(args.learners))
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install -y wrk")

    server = server_url()
    databases = [BARE_DB_NAME] + [f"roots_traffic_{learners}" for learners in sizes]
    for database in databases:
        psql_admin(server, f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    phases = Phases()
    started = time.monotonic()
    try:
        with tempfile.TemporaryDirectory(prefix="traffic-") as directory:
            work = Path(directory)
            script = work / "traffic.lua"
            script.write_text(LUA)
            datasets = build(server, sizes, args, phases, work)
            bare_env = {
                **os.environ,
                "DATABASE_URL": database_url(server, BARE_DB_NAME),
                "TRAFFIC_SESSIONS": str(args.sessions),
                "TRAFFIC_OUT": str(work / "bare.lines"),
            }
            with phases("bare site users and sessions"):
                psql_admin(server, f'CREATE DATABASE "{BARE_DB_NAME}"')
                subprocess.run(
                    [PYTHON, "-c", BARE_SESSIONS], cwd=BASELINE_DIR, env=bare_env, check=True
                )
                vacuum(server, BARE_DB_NAME)
            lines = {"bare": parse_lines((work / "bare.lines").read_text())}
            lines |= {
                name: parse_lines(data["lines"].read_text()) for name, data in datasets.items()
            }
            files = {name: split(found, work, name) for name, found in lines.items()}
            with contextlib.ExitStack() as stack:
                ports = {
                    "bare": stack.enter_context(
                        gunicorn("bare_site:application", bare_env, BASELINE_DIR)
                    )
                }
                for name, data in datasets.items():
                    ports[name] = stack.enter_context(
                        gunicorn("roots.wsgi:application", data["env"], ROOT)
                    )
                with phases("check that every page type answers 200"):
                    failures = check(ports, lines, args.seed)
                if failures:
                    print("Pages that do not answer 200:\n  " + "\n  ".join(failures))
                    return 2
                with phases("measure"):
                    rows = measure(ports, files, args, script)
    finally:
        for database in databases:
            psql_admin(server, f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    problems = verdicts(rows)
    print()
    print_table(rows)
    names = [label(learners) for learners in sizes]
    print(
        f"growth: p99 over the same page's p99 on {names[0]} (target <= {TARGET_P99_GROWTH})"
        if len(names) > 1
        else "p99 growth not measured: one size only."
    )
    print("\nAll targets met." if not problems else "\nMissed targets:\n  " + "\n  ".join(problems))
    print(
        "Phases: "
        + ", ".join(f"{name} {seconds:.0f} s" for name, seconds in phases.seconds.items())
        + f"; total {time.monotonic() - started:.0f} s"
    )
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(tz=UTC).strftime("%Y%m%dT%H%M%SZ")
    out = RESULTS / f"traffic-{stamp}.json"
    out.write_text(
        json.dumps(
            {"rows": rows, "problems": problems, "phases": phases.seconds, "args": vars(args)},
            indent=2,
        )
    )
    print(f"Results written to {out.relative_to(ROOT)}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
