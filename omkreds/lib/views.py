import hmac
import logging

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpResponse
from django.shortcuts import render
from django.tasks import task_backends
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from omkreds.lib import metrics, taskqueue

logger = logging.getLogger(__name__)


def _text(body: str, status: int = 200) -> HttpResponse:
    return HttpResponse(body, status=status, content_type="text/plain; charset=utf-8")


def _database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return False
    return True


@never_cache
@require_safe
def healthz(request):
    """200 when the database answers, 503 when it does not. No data, no login.

    Load balancers use it to take a process out of rotation, so it must not depend on anything
    but the process itself and its database.
    """
    if not _database_answers():
        logger.error("Health check: database unreachable.")
        return _text("database unavailable\n", 503)
    return _text("ok\n")


# Once every migration this code knows is applied, it stays so for the life of the process
# (code and migrations change only with a new process), so the check runs until it passes.
_migrations_applied = False


def _unapplied_migrations() -> int:
    global _migrations_applied
    if _migrations_applied:
        return 0
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    _migrations_applied = not plan
    return len(plan)


def _task_backend_problem() -> str:
    """'' when the task backend loads and its own checks find nothing serious."""
    try:
        backend = task_backends["default"]
        serious = [message for message in backend.check() if message.is_serious()]
    except Exception:  # noqa: BLE001 - any failure to load it means: not ready
        logger.exception("Readiness: the task backend could not be loaded.")
        return "unavailable"
    return f"{len(serious)} problems" if serious else ""


def _queue_text() -> str:
    """', 3 due, oldest 12 s' for a database queue: told, but a web process is ready whatever
    the queue's age (that is the worker's business, watched through /metrics)."""
    try:
        figures = taskqueue.queue_figures()
    except DatabaseError:
        return ", queue not readable"
    if figures is None:
        return ""
    return f", {figures.due} due, oldest {figures.oldest_seconds:.0f} s"


@never_cache
@require_safe
def readyz(request):
    """200 when this process can serve: the database answers, every migration is applied, and
    the task backend is there. 503 otherwise, with one line per check. No data, no login.

    /healthz says "alive" (restart me if not); /readyz says "send me traffic": a process started
    before `migrate` has run is alive but not ready.
    """
    lines = []
    ready = True
    if _database_answers():
        lines.append("database: ok")
        try:
            unapplied = _unapplied_migrations()
        except DatabaseError:
            unapplied = -1
        if unapplied:
            ready = False
            lines.append(
                "migrations: not readable"
                if unapplied < 0
                else f"migrations: {unapplied} not applied"
            )
        else:
            lines.append("migrations: ok")
    else:
        ready = False
        lines += ["database: unavailable", "migrations: not checked"]
    problem = _task_backend_problem()
    backend_name = settings.TASKS["default"]["BACKEND"].rsplit(".", 1)[-1]
    queue = "" if problem else _queue_text()
    lines.append(f"tasks: {problem}" if problem else f"tasks: ok ({backend_name}{queue})")
    ready = ready and not problem
    if not ready:
        logger.warning("Readiness check failed: %s", "; ".join(lines))
    return _text("\n".join(lines) + "\n", 200 if ready else 503)


@never_cache
@require_safe
def metrics_view(request):
    """The figures in Prometheus' text format, for a request with METRICS_TOKEN as bearer token.

    Without the token (or with METRICS_TOKEN unset) the answer is 401 and holds no figure.
    """
    expected = settings.METRICS_TOKEN
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    if not (
        expected
        and scheme.lower() == "bearer"
        and hmac.compare_digest(given.strip().encode(), expected.encode())
    ):
        response = _text("metrics need the METRICS_TOKEN as a bearer token\n", 401)
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    return HttpResponse(
        metrics.exposition() + taskqueue.exposition(), content_type=metrics.CONTENT_TYPE
    )


def not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # Rendered without a request context: nothing from the failed request can leak into it.
    return render(None, "500.html", status=500)
