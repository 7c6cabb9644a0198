"""Delete contact photos that no map version refers to any more. Run daily (cron or a timer)."""

from django.core.management.base import BaseCommand

from omkreds.citizens.models import Citizen
from omkreds.networks.overview.services import photos_prune


class Command(BaseCommand):
    help = "Delete contact photos (rows and files) that no version of any map refers to."

    def handle(self, *args, **options):
        deleted = 0
        for citizen in Citizen.objects.filter(contact_photos__isnull=False).distinct():
            deleted += photos_prune(citizen=citizen)
        self.stdout.write(f"Photos deleted: {deleted}.")
