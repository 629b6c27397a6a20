from typing import Any

from django.core.management.base import BaseCommand

from vardag.core import register


class Command(BaseCommand):
    help = "Print the personal data register (every model field, classified) as Markdown."

    def handle(self, *args: Any, **options: Any) -> None:
        missing = register.unclassified()
        for label, names in sorted(missing.items()):
            self.stderr.write(register.missing_template(label, names))
        self.stdout.write(register.markdown())
