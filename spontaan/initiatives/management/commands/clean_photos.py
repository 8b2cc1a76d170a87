from django.core.management.base import BaseCommand

from spontaan.initiatives.services import initiative_photos_clean


class Command(BaseCommand):
    help = (
        "Encode photos stored before the upload rules again: random name, no metadata (such "
        "as GPS location), at most 2000 pixels a side. A file that is not an allowed image is "
        "taken off. Run it once after upgrading; running it again changes nothing."
    )

    def handle(self, *args, **options):
        cleaned, removed = initiative_photos_clean()
        self.stdout.write(f"{cleaned} photo(s) cleaned, {removed} removed.")
