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
        create.add_argument(
            "--request-key",
            default="",
            help="One-time key: run again with the same key and no second token is made "
            "(the unused token gets a new secret, printed again).",
        )

    def handle(self, *args, **options) -> None:
        try:
            user = User.objects.get(username=options["username"], is_active=True)
        except User.DoesNotExist as exc:
            raise CommandError(f"No active user named {options['username']!r}.") from exc
        _token, plaintext = services.token_create(
            actor=user, name=options["name"], request_key=options["request_key"]
        )
        if not plaintext:
            raise CommandError(
                "A token was already made with this request key and has been used; it is not "
                "shown again. Revoke it and create a new one if it was lost."
            )
        self.stdout.write(plaintext)
