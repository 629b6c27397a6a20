from django.core.management.base import BaseCommand, CommandError, CommandParser

from vardag.demo import loader


class Command(BaseCommand):
    help = "Load Vardag's fictional demo municipalities (into an empty database)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--if-empty", action="store_true", help="Do nothing if data exists.")

    def handle(self, *args, **options) -> None:
        if loader.is_loaded():
            if options["if_empty"]:
                return
            raise CommandError(
                "The database already holds organisations; demo data is only loaded into an "
                "empty database. Use a fresh VARDAG_DATA_DIR or DATABASE_URL."
            )
        loader.load()
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        self.stdout.write(loader.logins_text())
