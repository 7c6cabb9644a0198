"""Remind action owners by e-mail before their actions are due. Run once a day (cron)."""

from django.core.management.base import BaseCommand

from omkreds.meetings import services_memo


class Command(BaseCommand):
    help = "E-mail owners of open network-meeting actions due within the next days."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=services_memo.REMINDER_DAYS,
            help="Remind about actions due within this many days (default %(default)s).",
        )

    def handle(self, *args, days: int, **options):
        if days < 0:
            self.stderr.write("--days must be 0 or more.")
            return
        sent = services_memo.action_reminders_send(days=days)
        self.stdout.write(f"Sent {sent} reminder(s).")
