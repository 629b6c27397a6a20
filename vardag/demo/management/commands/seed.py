import time

from django.core.management.base import BaseCommand, CommandError, CommandParser

from vardag.demo import loader, scale


class Command(BaseCommand):
    help = (
        "Grow the demo municipalities to full size for measuring (deterministic by --seed), in "
        "an empty database or one with only the demo data: liten (seconds), kommun (minutes), "
        "storstad (five times kommun)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=sorted(scale.SCALES), default="kommun")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing if the database holds data."
        )

    def handle(self, *args, **options) -> None:
        if scale.is_seeded() or (loader.is_loaded() and not scale.is_demo_only()):
            if options["if_empty"]:
                self.stdout.write("The database already holds seeded data; nothing seeded.")
                return
            raise CommandError(
                "The database already holds data beyond the demo; seed into an empty database "
                "(a fresh VARDAG_DATA_DIR or DATABASE_URL) or one with only the demo data."
            )
        started = time.perf_counter()
        result = scale.seed(options["scale"], seed=options["seed"], log=self.stdout.write)
        for name, count in result.counts.items():
            self.stdout.write(f"  {name:<26} {count:>10,}".replace(",", " "))
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded '{options['scale']}' in {time.perf_counter() - started:.0f} s."
            )
        )
        self.stdout.write(loader.logins_text())
