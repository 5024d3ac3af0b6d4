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
    """Per module: mutants, killed, timeouts, survivors explained as equivalent, survivors not
    explained, and the score, the usual mutation score: detected / (mutants - equivalent)."""
    equivalent = explained()
    ok = True
    print(
        f"\n{'module':<44} {'mutants':>7} {'killed':>6} {'timeout':>7} {'equiv.':>6} "
        f"{'alive':>5} {'score':>6}"
    )
    unexplained = []
    totals: Counter = Counter()
    for module, by_name in sorted(results.items()):
        counted = {n: s for n, s in by_name.items() if s not in NOT_COUNTED}
        if not counted:
            ok = False
            print(f"{module:<44} {'not run yet':>7}")
            continue
        row = Counter(s for s in counted.values())
        detected = sum(row[status] for status in DETECTED)
        same = sum(1 for n, s in counted.items() if s not in DETECTED and n in equivalent)
        alive = len(counted) - detected - same
        score = detected / (len(counted) - same)
        ok &= score >= TARGET
        totals.update(mutants=len(counted), detected=detected, same=same, alive=alive)
        print(
            f"{module:<44} {len(counted):>7} {row['killed']:>6} {row['timeout']:>7} {same:>6} "
            f"{alive:>5} {score:>6.1%}"
        )
        unexplained += [
            name
            for name, status in sorted(counted.items())
            if status not in DETECTED and name not in equivalent
        ]
    if totals["mutants"]:
        score = totals["detected"] / (totals["mutants"] - totals["same"])
        print(
            f"{'all':<44} {totals['mutants']:>7} {'':>6} {'':>7} {totals['same']:>6} "
            f"{totals['alive']:>5} {score:>6.1%}"
        )
    if unexplained:
        ok = False
        print("\nSurvivors not explained in docs/testing.md (`mutmut show NAME` shows one):")
        for name in unexplained:
            print(f"  {name}")
    print(
        f"\nTarget: at least {TARGET:.0%} of the non-equivalent mutants killed in every module, "
        "every survivor explained."
    )
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
