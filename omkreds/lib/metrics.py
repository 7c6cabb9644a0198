"""Figures for Prometheus: request latency per view, mails sent and failed, access-log rows
written, tasks enqueued and finished (issue 17, point 4).

The figures are counted where they happen (the middleware below, the mail backends in
`lib/mailers.py`, `access/log.py`, the task signals) and read by the token-protected
`/metrics` view (`lib/views.py`). Under gunicorn every worker is its own process:
gunicorn.conf.py points PROMETHEUS_MULTIPROC_DIR at a fresh folder before any worker starts,
each process writes its figures there, and a scrape of any one worker adds them all up.

Labels are bounded sets (view names, HTTP methods, task paths, access-log actions), never a
path or anything a request can choose, so the number of series cannot grow with traffic.
"""

from __future__ import annotations

import os
import time

from django.tasks.signals import task_enqueued, task_finished
from prometheus_client import CONTENT_TYPE_LATEST as CONTENT_TYPE  # noqa: F401 (re-exported)
from prometheus_client import (
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)

# From a fast page (a health check, ~2 ms) to a slow print (a PDF of a large map, seconds).
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
# A request that matched no URL pattern: one series for all of them, whatever the path.
UNMATCHED = "<unmatched>"

REQUEST_LATENCY = Histogram(
    "omkreds_request_duration_seconds",
    "Time from the request entering the application to its response, by view and method.",
    ["view", "method"],
    buckets=LATENCY_BUCKETS,
)
RESPONSES = Counter(
    "omkreds_responses",
    "Responses by view and HTTP status.",
    ["view", "status"],
)
MAILS = Counter(
    "omkreds_mails",
    "E-mails handed to the mail server: sent (the server took them) or failed.",
    ["outcome"],
)
ACCESS_LOG_ROWS = Counter(
    "omkreds_access_log_rows",
    "Rows written to the access log, by action.",
    ["action"],
)
TASKS_ENQUEUED = Counter(
    "omkreds_tasks_enqueued",
    "Background tasks handed to the task backend, by task.",
    ["task"],
)
TASKS_FINISHED = Counter(
    "omkreds_tasks_finished",
    "Background tasks that finished, by task and status (SUCCESSFUL, FAILED).",
    ["task", "status"],
)


def multiprocess_dir() -> str:
    return os.environ.get("PROMETHEUS_MULTIPROC_DIR", "")


def exposition() -> bytes:
    """Every figure in Prometheus' text format: this process's, or all workers' together."""
    if multiprocess_dir():
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = REGISTRY
    return generate_latest(registry)


def mails_counted(*, sent: int, failed: int) -> None:
    if sent:
        MAILS.labels("sent").inc(sent)
    if failed:
        MAILS.labels("failed").inc(failed)


def access_log_rows_written(action: str, count: int = 1) -> None:
    ACCESS_LOG_ROWS.labels(str(action)).inc(count)


def _task_name(task_result) -> str:
    return task_result.task.module_path


def _count_enqueued(sender, task_result, **kwargs) -> None:
    TASKS_ENQUEUED.labels(_task_name(task_result)).inc()


def _count_finished(sender, task_result, **kwargs) -> None:
    status = getattr(task_result.status, "value", task_result.status)
    TASKS_FINISHED.labels(_task_name(task_result), str(status)).inc()


task_enqueued.connect(_count_enqueued, dispatch_uid="omkreds.metrics.task_enqueued")
task_finished.connect(_count_finished, dispatch_uid="omkreds.metrics.task_finished")


class MetricsMiddleware:
    """Times every request and counts its response under the view that answered it.

    First in the middleware list, so the time includes every other middleware. A streaming
    response (an export) is timed to its first byte, not to its last.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        elapsed = time.perf_counter() - started
        match = getattr(request, "resolver_match", None)
        view = (match.view_name or match._func_path) if match else UNMATCHED
        method = request.method if request.method in METHODS else "other"
        REQUEST_LATENCY.labels(view, method).observe(elapsed)
        RESPONSES.labels(view, str(response.status_code)).inc()
        return response
