import time

from django.core.management.base import BaseCommand, CommandError

from devtools import loaddata


class Command(BaseCommand):
    help = (
        "Add a large generated data set (learners, organizations, progress, groups, discussions, "
        "sessions, certificates) with PostgreSQL COPY. Run seed_demo first. Sizes follow "
        "--learners (1,000,000 gives the issue's full size); the other flags override one size."
    )

    def add_arguments(self, parser):
        parser.add_argument("--learners", type=int, default=20_000)
        for name in ("organizations", "groups", "certificates", "posts", "sessions", "downloads"):
            parser.add_argument(f"--{name}", type=int, default=None)
        parser.add_argument("--seed", type=int, default=20261125)

    def handle(self, *args, **options):
        if options["learners"] < 1:
            raise CommandError("--learners must be at least 1.")
        sizes = loaddata.Sizes.for_learners(
            options["learners"],
            **{
                name: options[name]
                for name in (
                    "organizations",
                    "groups",
                    "certificates",
                    "posts",
                    "sessions",
                    "downloads",
                )
            },
        )
        self.stderr.write(f"Generating load data: {sizes}")
        started = time.monotonic()
        try:
            report = loaddata.generate(sizes, seed=options["seed"], stream=self.stderr._out)
        except RuntimeError as exc:
            raise CommandError(str(exc)) from exc
        total = sum(report.counts.values())
        elapsed = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"{total:,} rows in {elapsed:.0f}s ({total / max(elapsed, 1e-6):,.0f} rows/s)."
            )
        )
        if report.largest_group_slug:
            self.stdout.write(f"Largest group: /groups/{report.largest_group_slug}/")
            self.stdout.write(f"Busiest board: {report.busiest_board_url}")
