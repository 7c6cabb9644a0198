"""Retention (gallring): delete what has been kept as long as the rules allow.

The rules are documented in docs/operations.md ("Retention"). What hangs on a case beyond the
citizen row's cascade, and what each app sweeps, the apps register
(`omkreds.access.registry.register_retention`). In short:
- periods are the organisation's own (`RightsSettings`, set by its admin), else the defaults
  below;
- a closed case is deleted `case_years` after the day it was closed, with everything that
  hangs on it: map versions, photos (rows and files), meetings, memos, actions, councils, CTI
  courses, plans and checklists, consents, the case team and the change history;
- a photo no version of the map names any more goes after a day's grace (the contact's last
  version is gone), also on open cases (`overview.services.photos_prune`, registered by the networks app);
- the access log keeps its own, longer period (`log_years`), and outlives the case it
  describes, so that look-ups stay checkable after the case is gone. On PostgreSQL it is
  partitioned by month: a month past every organisation's log period is dropped whole, the
  rest row by row; the job also makes the partitions of the months ahead.

`retention_plan` only counts; `retention_apply` deletes, in one transaction.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from omkreds.access import partitions
from omkreds.access.models import AccessLogEntry
from omkreds.access.registry import retention_rules
from omkreds.citizens.models import Citizen, CitizenStatus
from omkreds.privacy.models import RightsSettings

logger = logging.getLogger(__name__)

CASE_YEARS = 5
LOG_YEARS = 10


def years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


@dataclass
class Plan:
    today: dt.date
    # The default cut-offs, for organisations without their own settings (and log rows of no
    # organisation).
    case_cutoff: dt.date
    log_cutoff: dt.datetime
    # Organisations with periods of their own: organisation id → (case cut-off, log cut-off).
    own: dict[int, tuple[dt.date, dt.datetime]] = field(default_factory=dict)
    citizen_ids: list = field(default_factory=list)
    log_entries: int = 0
    # Rows that would go with the cases, by model label.
    with_cases: dict[str, int] = field(default_factory=dict)

    def log_filter(self) -> Q:
        condition = Q(at__lt=self.log_cutoff) & ~Q(organisation_id__in=list(self.own))
        for organisation_id, (_case, log) in self.own.items():
            condition |= Q(organisation_id=organisation_id, at__lt=log)
        return condition

    def oldest_log_cutoff(self) -> dt.datetime:
        """Rows older than this are past the log period of every organisation."""
        return min([self.log_cutoff, *(log for _case, log in self.own.values())])

    def case_filter(self) -> Q:
        condition = Q(closed_on__lt=self.case_cutoff) & ~Q(organisation_id__in=list(self.own))
        for organisation_id, (case, _log) in self.own.items():
            condition |= Q(organisation_id=organisation_id, closed_on__lt=case)
        return Q(status=CitizenStatus.CLOSED) & condition


def _midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def retention_plan(
    *, today: dt.date | None = None, case_years: int | None = None, log_years: int | None = None
) -> Plan:
    """What is due for deletion on `today`. Deletes nothing.

    Each organisation's own periods (`RightsSettings`) apply; `case_years` and `log_years`,
    when given, override them all (for drills).
    """
    today = today or timezone.localdate()
    plan = Plan(
        today=today,
        case_cutoff=years_before(today, case_years or CASE_YEARS),
        log_cutoff=_midnight(years_before(today, log_years or LOG_YEARS)),
    )
    for rules in RightsSettings.objects.all():
        plan.own[rules.organisation_id] = (
            years_before(today, case_years or rules.case_years),
            _midnight(years_before(today, log_years or rules.log_years)),
        )
    due = Citizen.objects.filter(plan.case_filter())
    plan.citizen_ids = list(due.values_list("pk", flat=True))
    plan.log_entries = AccessLogEntry.objects.filter(plan.log_filter()).count()
    if plan.citizen_ids:
        from django.contrib.admin.utils import NestedObjects

        collector = NestedObjects(using="default")
        for first in _before_cases(plan.citizen_ids):
            collector.collect(list(first))
        collector.collect(list(due))
        plan.with_cases = {
            model._meta.label: len(objects) for model, objects in collector.data.items()
        }
    return plan


def _add(deleted: dict[str, int], per_model: dict[str, int]) -> None:
    for label, n in per_model.items():
        deleted[label] = deleted.get(label, 0) + n


def _before_cases(citizen_ids) -> list:
    """Rows the apps delete before the cases' citizen rows (a council protects its meeting)."""
    return [rule.before_cases(citizen_ids) for rule in retention_rules() if rule.before_cases]


def retention_apply(*, plan: Plan) -> dict[str, int]:
    """Delete what `plan` found due. Returns the number of rows deleted per model."""
    deleted: dict[str, int] = {}
    with transaction.atomic():
        if plan.citizen_ids:
            # A council protects its meeting (on_delete=PROTECT), so councils go first.
            for first in _before_cases(plan.citizen_ids):
                _count, per_model = first.delete()
                _add(deleted, per_model)
            _count, per_model = Citizen.objects.filter(
                pk__in=plan.citizen_ids, status=CitizenStatus.CLOSED
            ).delete()
            _add(deleted, per_model)
        if connection.vendor == "postgresql":
            # The database refuses DELETE on the log except in a transaction that says it is
            # the retention job (migration access 0005).
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL omkreds.access_log_retention = 'on'")
            # Whole months past every organisation's log period go as partitions (issue 16).
            for name in partitions.droppable(plan.oldest_log_cutoff()):
                _add(deleted, {AccessLogEntry._meta.label: partitions.drop_partition(name)})
        _count, per_model = AccessLogEntry.objects.filter(plan.log_filter()).delete()
        _add(deleted, per_model)
        # The months ahead, so that new rows never land in the default partition.
        partitions.ensure_partitions()
    # Each app's sweep: photos no version of the map names any more, on every case.
    for rule in retention_rules():
        if rule.sweep:
            _add(deleted, rule.sweep())
    # The job's own trace: counts only, never who the cases were (their history went with them).
    logger.info(
        "Retention on %s deleted %d case(s): %s",
        plan.today,
        len(plan.citizen_ids),
        ", ".join(f"{label} {n}" for label, n in sorted(deleted.items())) or "nothing",
    )
    return deleted
