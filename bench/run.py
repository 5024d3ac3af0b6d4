"""Run every benchmark in bench/ (each `bench/<name>.py` but this one), one after the other, each
in its own process, and print its table; then a summary of which met their targets.

usage: python bench/run.py [name ...]     e.g. `python bench/run.py certificates`
A benchmark signals missed targets with a non-zero exit status."""

import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent


def benchmarks(names: list[str]) -> list[Path]:
    found = sorted(path for path in BENCH.glob("*.py") if path.stem not in {"run", "__init__"})
    if names:
        wanted = set(names)
        unknown = wanted - {path.stem for path in found}
        if unknown:
            raise SystemExit(f"No such benchmark: {', '.join(sorted(unknown))}")
        found = [path for path in found if path.stem in wanted]
    return found


def main() -> int:
    results = []
    for path in benchmarks(sys.argv[1:]):
        print(f"\n=== bench/{path.name} ===", flush=True)
        start = time.monotonic()
        status = subprocess.run([sys.executable, str(path)], cwd=BENCH.parent, check=False)
        results.append((path.stem, status.returncode, time.monotonic() - start))
    print("\n=== Summary ===")
    for name, code, seconds in results:
        verdict = "targets met" if code == 0 else f"targets missed or failed (exit {code})"
        print(f"  {name:<16} {verdict:<40} {seconds:6.0f} s")
    return 0 if all(code == 0 for _, code, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
