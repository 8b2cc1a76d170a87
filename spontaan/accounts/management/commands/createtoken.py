"""`spontaan createtoken EMAIL [--name NAME]`: a new personal API token, alone on the last line."""

from django.core.management.base import BaseCommand, CommandError

from spontaan.accounts.models import User
from spontaan.accounts.tokens import token_create


class Command(BaseCommand):
    help = (
        "Create a personal API token for the account with this e-mail address and print it "
        "alone on the last line. Only its hash is stored: keep the printed token safe."
    )

    def add_arguments(self, parser):
        parser.add_argument("email", help="e-mail address of the account")
        parser.add_argument(
            "--name", default="command line", help="name of the token (default: command line)"
        )

    def handle(self, *args, email: str, name: str, **options):
        email = email.strip()
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            raise CommandError(f"No account with the e-mail address {email!r}.")
        if not user.is_active or user.deleted_at is not None:
            raise CommandError(f"The account {email!r} is not active; it cannot have tokens.")
        name = " ".join(name.split())[:80]
        if not name:
            raise CommandError("The token needs a name (--name).")
        token, raw = token_create(user=user, name=name)
        self.stderr.write(
            f"Created token {token.name!r} ({token.prefix}…) for {user.email}. "
            "It is shown only once:"
        )
        self.stdout.write(raw)
