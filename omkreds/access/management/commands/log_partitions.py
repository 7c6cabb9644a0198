"""Make the access log's monthly partitions ahead of time (PostgreSQL; access 0011).

    manage.py log_partitions                  # this month and the next 3
    manage.py log_partitions --months-ahead 12

Run it from cron (monthly is enough; the retention job does it too), as the owner role: a
partition is a table, and only the owner may make one. Running it again changes nothing.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from omkreds.access import partitions


class Command(BaseCommand):
    help = "Make the access log's monthly partitions of this month and the months ahead."

    def add_arguments(self, parser):
        parser.add_argument("--months-ahead", type=int, default=partitions.MONTHS_AHEAD)

    def handle(self, *args, months_ahead: int, **options):
        if not 0 <= months_ahead <= 120:
            raise CommandError("Give --months-ahead between 0 and 120.")
        if not partitions.is_partitioned():
            self.stdout.write(f"The access log is not partitioned here ({connection.vendor}).")
            return
        with transaction.atomic():
            made = partitions.ensure_partitions(months_ahead=months_ahead)
        there = len(partitions.partitions())
        self.stdout.write(
            f"Made {len(made)} partition(s){': ' + ', '.join(made) if made else ''}; "
            f"{there} monthly partition(s) in all."
        )
