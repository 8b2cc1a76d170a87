import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from spontaan.core.demo import load_demo


class Command(BaseCommand):
    help = "Load the demo region (idempotent) and print the demo accounts."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="Print the accounts as JSON.")

    def handle(self, *args, **options):
        if settings.ENVIRONMENT == "production":
            raise CommandError(
                "Refusing to load demo data on a production configuration (SPONTAAN_ENV=production)."
            )
        accounts = load_demo()
        if options["json"]:
            self.stdout.write(json.dumps(accounts, ensure_ascii=False, indent=2))
            return
        self.stdout.write("Demo region Netwerkstad Twente is loaded. Demo accounts:")
        width = max(len(a["email"]) for a in accounts)
        for a in accounts:
            where = f" ({a['municipality']})" if a["municipality"] else ""
            self.stdout.write(f"  {a['email']:<{width}}  {a['password']}  {a['role']}{where}")
