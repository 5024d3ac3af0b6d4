"""Mutation testing of the modules that hold the rules (`make mutants`; docs/testing.md).

Runs mutmut (configured in pyproject.toml's [tool.mutmut]) over those modules, each mutant
against only the tests that reach the mutated function, then prints per module the share of
mutants killed and the survivors that docs/testing.md does not explain as equivalent.

usage: python scripts/mutants.py [--jobs 2] [--report-only] [mutant-glob ...]
       e.g. `python scripts/mutants.py "groups.permissions*"`
Exit status 1 when a module scores under the target or a survivor is unexplained.
"""

import argparse
import json
import re
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = 0.90
DETECTED = {"killed", "timeout", "caught by type check"}
NOT_COUNTED = {"skipped", "not checked"}


def run_mutmut(jobs: int, globs: list[str]) -> None:
    command = [sys.executable, "-m", "mutmut", "run", "--max-children", str(jobs), *globs]
    subprocess.run(command, cwd=ROOT, check=False)  # noqa: S603 - our own interpreter


def statuses() -> dict[str, dict[str, str]]:
    """{module: {mutant name: status}} from the result files mutmut leaves under mutants/."""
    from mutmut.stats import status_by_exit_code

    found: dict[str, dict[str, str]] = defaultdict(dict)
    for meta in sorted((ROOT / "mutants").rglob("*.py.meta")):
        module = meta.relative_to(ROOT / "mutants").as_posix().removesuffix(".meta")
        for name, code in json.loads(meta.read_text())["exit_code_by_key"].items():
            found[module][name] = status_by_exit_code[code]
    return found


def explained() -> set[str]:
    """Mutant names docs/testing.md lists as equivalent (each on a line of its own, in code)."""
    text = (ROOT / "docs" / "testing.md").read_text()
    return set(re.findall(r"`([\w.]+__mutmut_\d+)`", text))


def report(results: dict[str, dict[str, str]]) -> bool:
    equivalent = explained()
    ok = True
    print(f"\n{'module':<40} {'mutants':>8} {'killed':>7} {'timeout':>8} {'alive':>6} {'score':>6}")
    unexplained = []
    all_counts: Counter = Counter()
    for module, by_name in sorted(results.items()):
        counts = Counter(status for status in by_name.values() if status not in NOT_COUNTED)
        all_counts.update(counts)
        total = sum(counts.values())
        detected = sum(counts[status] for status in DETECTED)
        if not total:
            ok = False
            print(f"{module:<40} {'not run yet':>8}")
            continue
        score = detected / total
        alive = total - detected
        ok &= score >= TARGET
        print(
            f"{module:<40} {total:>8} {counts['killed']:>7} {counts['timeout']:>8} "
            f"{alive:>6} {score:>6.1%}"
        )
        unexplained += [
            name
            for name, status in sorted(by_name.items())
            if status not in DETECTED | NOT_COUNTED and name not in equivalent
        ]
    total = sum(all_counts.values())
    detected = sum(all_counts[status] for status in DETECTED)
    if total:
        alive = total - detected
        print(f"{'all':<40} {total:>8} {'':>7} {'':>8} {alive:>6} {detected / total:>6.1%}")
    if unexplained:
        ok = False
        print("\nSurvivors not explained in docs/testing.md (`mutmut show NAME` shows one):")
        for name in unexplained:
            print(f"  {name}")
    print(f"\nTarget: at least {TARGET:.0%} killed in every module, every survivor explained.")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--report-only", action="store_true")
    parser.add_argument("globs", nargs="*")
    args = parser.parse_args()
    if not args.report_only:
        run_mutmut(args.jobs, args.globs)
    return 0 if report(statuses()) else 1


if __name__ == "__main__":
    sys.exit(main())
