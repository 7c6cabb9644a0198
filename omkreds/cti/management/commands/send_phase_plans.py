"""Send each CTI worker their phase plan by e-mail. Run weekly (cron or a systemd timer)."""

from django.core.management.base import BaseCommand

from omkreds.accounts.models import Organisation
from omkreds.cti.tasks import recipients, send_phase_plan_mail


class Command(BaseCommand):
    help = "Mail each worker with open CTI courses their phase plan, in their own language."

    def handle(self, *args, **options):
        sent = 0
        for organisation in Organisation.objects.order_by("pk"):
            for user in recipients(organisation):
                send_phase_plan_mail.enqueue(user_id=user.pk, organisation_id=organisation.pk)
                sent += 1
        self.stdout.write(f"Phase plans queued for {sent} worker(s).")
