from django.core.management.base import BaseCommand, CommandError, CommandParser

from vardag.accounts import services
from vardag.accounts.models import User


class Command(BaseCommand):
    help = "Manage personal API tokens: `token create USERNAME [--name NAME]`."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Create a token and print it once.")
        create.add_argument("username")
        create.add_argument("--name", default="cli")

    def handle(self, *args, **options) -> None:
        try:
            user = User.objects.get(username=options["username"], is_active=True)
        except User.DoesNotExist as exc:
            raise CommandError(f"No active user named {options['username']!r}.") from exc
        _token, plaintext = services.token_create(actor=user, name=options["name"])
        self.stdout.write(plaintext)
