"""The database task queue's figures, for /metrics and /readyz (issue 17, point 3): how many
tasks are due and how long the oldest of them has waited. A queue that grows older means no
worker is running (or too few). None with a backend that keeps no queue (the immediate one)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Case, Count, F, Min, When
from django.utils import timezone

DATABASE_BACKEND = "django_tasks_db.DatabaseBackend"


@dataclass(frozen=True)
class QueueFigures:
    due: int
    oldest_seconds: float


def queue_figures() -> QueueFigures | None:
    if settings.TASKS["default"]["BACKEND"] != DATABASE_BACKEND:
        return None
    from django_tasks_db.models import DBTaskResult, get_date_max

    now = timezone.now()
    # Due since it was queued, or since the time it was to run after (a retry later).
    due_since = Case(When(run_after=get_date_max(), then=F("enqueued_at")), default=F("run_after"))
    figures = DBTaskResult.objects.ready().aggregate(due=Count("id"), since=Min(due_since))
    since = figures["since"]
    return QueueFigures(
        due=figures["due"], oldest_seconds=max((now - since).total_seconds(), 0.0) if since else 0.0
    )


def exposition() -> bytes:
    """The queue's figures in Prometheus' text format ('' without a queue)."""
    figures = queue_figures()
    if figures is None:
        return b""
    return (
        "# HELP omkreds_task_queue_due Background tasks due to run and not yet taken by a worker.\n"
        "# TYPE omkreds_task_queue_due gauge\n"
        f"omkreds_task_queue_due {figures.due}\n"
        "# HELP omkreds_task_queue_oldest_age_seconds How long the oldest due task has waited.\n"
        "# TYPE omkreds_task_queue_oldest_age_seconds gauge\n"
        f"omkreds_task_queue_oldest_age_seconds {figures.oldest_seconds:.1f}\n"
    ).encode()
