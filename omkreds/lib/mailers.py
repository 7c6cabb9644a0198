"""Django's SMTP and console mail backends, counting what they send for the metrics.

settings.MAILERS names these instead of Django's own; they behave exactly like them. A message
the server took counts as sent; one it refused, or that could not be handed over because the
server was unreachable, counts as failed (`omkreds_mails_total` in lib/metrics.py).
"""

from __future__ import annotations

from django.core.mail.backends import console, smtp

from omkreds.lib import metrics


class _Counting:
    def send_messages(self, email_messages):
        messages = list(email_messages or [])
        try:
            sent = super().send_messages(messages) or 0
        except Exception:
            metrics.mails_counted(sent=0, failed=len(messages))
            raise
        metrics.mails_counted(sent=sent, failed=len(messages) - sent)
        return sent


class SMTPBackend(_Counting, smtp.EmailBackend):
    pass


class ConsoleBackend(_Counting, console.EmailBackend):
    pass
