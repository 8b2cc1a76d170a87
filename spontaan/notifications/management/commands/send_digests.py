from django.core.management.base import BaseCommand

from spontaan.notifications.mail import send_digests


class Command(BaseCommand):
    help = (
        "Send the notification digests that are due (daily or weekly), only to people with "
        "something new. Run it from cron, e.g. every hour."
    )

    def handle(self, *args, **options):
        sent = send_digests()
        self.stdout.write(f"{sent} digest(s) sent.")
