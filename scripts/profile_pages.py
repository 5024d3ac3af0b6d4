"""Profile the benchmarked pages in-process: the test client, no HTTP, cProfile around N
requests per page. Prints ms per request and the top functions by cumulative time.

usage: DJANGO_SETTINGS_MODULE=roots.settings python scripts/profile_pages.py [--requests 100]
       [--page catalogue] [--top 25]
--top 0 times the pages without the profiler. Run it with
DJANGO_SETTINGS_MODULE=devtools.bench_settings (and SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL,
REDIS_URL) to profile what production runs: the page list comes from devtools' bench_pages.
"""

import argparse
import cProfile
import io
import json
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--page", default="")
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "roots.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    out = io.StringIO()
    call_command("bench_pages", stdout=out)
    for page in json.loads(out.getvalue()):
        if args.page and args.page not in page["name"]:
            continue
        client = Client()
        if page["session"]:
            client.cookies[settings.SESSION_COOKIE_NAME] = page["session"]
        client.get(page["path"])
        profile = cProfile.Profile()
        started = time.perf_counter()
        if args.top:
            profile.enable()
        for _ in range(args.requests):
            client.get(page["path"])
        profile.disable()
        per_request = (time.perf_counter() - started) / args.requests * 1000
        label = "profiled" if args.top else "not profiled"
        print(f"=== {page['name']} {page['path']}: {per_request:.1f} ms/request ({label})")
        if args.top:
            stream = io.StringIO()
            pstats.Stats(profile, stream=stream).sort_stats("cumulative").print_stats(args.top)
            print("\n".join(stream.getvalue().splitlines()[6:]))


if __name__ == "__main__":
    main()
