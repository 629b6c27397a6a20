from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser

from vardag.demo import bench, scale

PARTS = ("pages", "search", "imports", "analysis", "worker")


class Command(BaseCommand):
    help = (
        "Measure Vardag at municipal scale: seeds (or reuses the seeded database), serves with "
        "gunicorn and prints one table (pages at 1 and 16 clients against a floor page, queries "
        "per request, search, imports, analysis against pingouin, peak memory); writes JSON."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=sorted(scale.SCALES), default="kommun")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--quick", action="store_true", help="Fewer repeats and sizes.")
        parser.add_argument("--json", type=Path, default=None, help="Where to write the JSON.")
        parser.add_argument(
            "--skip", action="append", choices=PARTS, default=[], help="Leave a part out."
        )

    def handle(self, *args, **options) -> None:
        bench.run(
            scale_name=options["scale"],
            seed=options["seed"],
            quick=options["quick"],
            out=options["json"],
            say=self.stdout.write,
            skip=set(options["skip"]),
        )
