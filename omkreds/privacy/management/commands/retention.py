"""Delete what the retention rules say is due (docs/operations.md, "Retention").

Dry run by default: it prints what would go. Run daily with --apply (cron or a timer).
"""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from omkreds.privacy.retention import CASE_YEARS, LOG_YEARS, retention_apply, retention_plan


class Command(BaseCommand):
    help = "Delete closed cases and access-log rows past their retention period (dry run unless --apply)."

    def add_arguments(self, parser):
        parser.add_argument("--apply", action="store_true", help="Delete; without it, only count.")
        parser.add_argument(
            "--case-years",
            type=int,
            help=f"Override every organisation's period for closed cases (default {CASE_YEARS}).",
        )
        parser.add_argument(
            "--log-years",
            type=int,
            help=f"Override every organisation's period for the access log (default {LOG_YEARS}).",
        )
        parser.add_argument(
            "--today", help="Run as on this day (YYYY-MM-DD); for drills and tests."
        )

    def handle(self, *args, **options):
        today = None
        if options["today"]:
            try:
                today = dt.date.fromisoformat(options["today"])
            except ValueError as exc:
                raise CommandError("--today must be a date as YYYY-MM-DD.") from exc
        if any(options[k] is not None and options[k] < 1 for k in ("case_years", "log_years")):
            raise CommandError("Retention periods must be at least one year.")
        plan = retention_plan(
            today=today, case_years=options["case_years"], log_years=options["log_years"]
        )
        self.stdout.write(
            f"Closed before {plan.case_cutoff}: {len(plan.citizen_ids)} case(s). "
            f"Access-log rows before {plan.log_cutoff:%Y-%m-%d}: {plan.log_entries}."
            + (f" ({len(plan.own)} organisation(s) with periods of their own.)" if plan.own else "")
        )
        for label, n in sorted(plan.with_cases.items()):
            self.stdout.write(f"  {label}: {n}")
        if not options["apply"]:
            self.stdout.write("Dry run: nothing deleted. Run with --apply to delete.")
            return
        deleted = retention_apply(plan=plan)
        self.stdout.write("Deleted:")
        for label, n in sorted(deleted.items()):
            self.stdout.write(f"  {label}: {n}")
