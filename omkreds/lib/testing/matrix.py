"""The authorization matrix: every URL pattern × method × role, declared per app.

Where routes are declared
    Each app declares its routes in `omkreds/<app>/tests/matrix.py` as a list named `ROUTES`.
    An app may split them over several files named `matrix*.py` in the same folder (for
    instance `matrix_api.py` for its API operations); `collect_routes()` imports every one of
    them. Routes that belong to no app (the health check, the language switch, the OpenAPI
    schema) are in `omkreds/lib/tests/matrix.py`.

What the matrix test does (`omkreds/access/tests/test_matrix.py`)
    It walks the URL resolver and fails, naming them, on patterns that no Route covers. Pages
    are covered by name (one Route per method you want checked; a pattern needs at least one).
    API operations are covered by path and method, as the OpenAPI schema lists them, so every
    method of every API path needs its own Route. Then it requests each Route as each role (the
    cast is built once per Route; each role's request runs in a savepoint that is rolled back,
    so that one role's POST does not change what the next role meets), and asserts:
    - an allowed role gets `ok_status`;
    - a denied role gets: anonymous and deactivated, a redirect to the login page (pages) or
      401 (API); unverified (password but no second factor), a redirect to the second-factor
      page (pages) or 401 (API); every other role 404, pages and API alike, so that
      out-of-reach objects look absent;
    - no denied response holds the canary string planted in every citizen's personal fields;
    - when `citizen_data` is set, the request of an allowed role wrote an access-log row (found
      by the request id), for the citizen in the URL if the URL names one.
    API routes are requested once more by every role that can hold a personal token, with a
    token instead of the session, expecting the same answers.
    The figures (patterns, operations, methods, roles, checks, leaks) are written to
    `test-report/authorization.json` at the end of the test run.

Roles (keys of `Route.allowed`): see ROLES below. A deactivated user's session no longer
signs anyone in, so a deactivated user is treated as signed out: allow them wherever
`anonymous` is allowed (PUBLIC includes both).

API routes: set `api=True`, name the operation by its URL name in the `api` namespace
("api:citizens_detail"; see `omkreds/api.py`), and `method` as the operation's. The body built
by `data` is sent as JSON for API routes (and for any route with `json=True`).
"""

from __future__ import annotations

import importlib
import json
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROLES = (
    "anonymous",
    "unverified",  # the worker, signed in with password only
    "worker",  # primary worker of cast.citizen
    "colleague",  # worker in the same team, on another case
    "lead",  # lead of cast.citizen's team
    "other_lead",  # lead of another team in the same organisation
    "coordinator",  # coordinator, not assigned to anything about cast.citizen
    "professional",  # consent in force for every part of cast.citizen
    "professional_expired",
    "professional_withdrawn",
    "professional_without",
    "admin",
    "outsider",  # worker in another organisation
    "deactivated",  # deactivated worker who was on cast.citizen's case team
)

CASE = frozenset({"worker", "lead"})
CASE_AND_SHARED = frozenset({"worker", "lead", "professional"})
ANY_SIGNED_IN = frozenset(
    {
        "worker",
        "colleague",
        "lead",
        "other_lead",
        "coordinator",
        "professional",
        "professional_expired",
        "professional_withdrawn",
        "professional_without",
        "admin",
        "outsider",
    }
)
# Everyone, signed in or not. (A deactivated user is signed out, so they are included.)
PUBLIC = frozenset(ROLES)
# Roles that are not signed in as far as the application can tell.
SIGNED_OUT = frozenset({"anonymous", "deactivated"})


@dataclass(frozen=True)
class Route:
    """One URL pattern and how each role may use it.

    name: the URL name ("citizens:detail"); for API operations the operation's URL name in
      the `api` namespace ("api:citizens_detail"), with `api=True`.
    kwargs: builds the URL kwargs from the cast (and `extra`, the objects `setup` made).
    setup: optional; makes the objects the route needs (a map version, a meeting) and returns
      a dict passed to `kwargs` and `data` as `extra`.
    method: one HTTP method per Route; declare a second Route for POST.
    data: builds the request body (form fields, or a dict sent as JSON when `json=True` or
      `api=True`); for GET, the query string.
    allowed: roles that succeed; everyone else is denied (see module docstring).
    ok_status: the status an allowed role gets (200, or 302 after a POST that redirects).
    citizen_data: the response shows, exports or changes citizen data, so an access-log row
      must have been written for allowed roles and no canary may appear for denied ones.
    """

    name: str
    kwargs: Callable[[Any, dict], dict] = lambda cast, extra: {}
    method: str = "GET"
    allowed: frozenset[str] = CASE
    ok_status: int | tuple[int, ...] = 200
    citizen_data: bool = True
    data: Callable[[Any, dict], dict] | None = None
    json: bool = False
    setup: Callable[[Any], dict] | None = None
    api: bool = False
    notes: str = field(default="", compare=False)

    @property
    def label(self) -> str:
        return f"{self.name} {self.method.upper()}"

    @property
    def ok_statuses(self) -> tuple[int, ...]:
        return self.ok_status if isinstance(self.ok_status, tuple) else (self.ok_status,)


# --- Collecting routes and patterns -------------------------------------------------------

PACKAGE_DIR = Path(__file__).resolve().parents[2]  # omkreds/

# Patterns the matrix does not ask about, with the reason.
IGNORED_NAMES = {
    # ninja's own root view: it answers 404 to everyone and serves nothing.
    "api:api-root": "django-ninja's root view, always 404",
}
IGNORED_PREFIXES = ("admin/", "static/", "media/", "__debug__/")


def matrix_modules() -> list[str]:
    """Dotted names of every `omkreds/<app>/tests/matrix*.py`, in a stable order."""
    found = sorted(PACKAGE_DIR.glob("*/tests/matrix*.py"))
    return [f"omkreds.{path.parent.parent.name}.tests.{path.stem}" for path in found]


def collect_routes() -> list[Route]:
    routes: list[Route] = []
    for module_name in matrix_modules():
        module = importlib.import_module(module_name)
        routes.extend(getattr(module, "ROUTES", []))
    return routes


@dataclass(frozen=True)
class Pattern:
    """One URL pattern from the resolver: its full name (or its route, if unnamed)."""

    name: str | None
    route: str

    @property
    def key(self) -> str:
        return self.name or self.route


def url_patterns() -> list[Pattern]:
    """Every URL pattern the resolver knows, with namespaces and prefixes joined."""
    from django.urls import URLPattern, URLResolver, get_resolver

    def walk(patterns, prefix: str, namespace: str) -> Iterator[Pattern]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern):
                name = pattern.name
                if name and namespace:
                    name = f"{namespace}:{name}"
                yield Pattern(name=name, route=prefix + str(pattern.pattern))

    return list(walk(get_resolver().url_patterns, "", ""))


def _openapi_path(route: str) -> str:
    """`api/v1/citizens/<uuid:citizen_id>` → `/api/v1/citizens/{citizen_id}`."""
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route.lstrip("^").rstrip("$"))


def api_operations() -> set[tuple[str, str]]:
    """(path, METHOD) of every operation in the OpenAPI schema of the API."""
    from omkreds.api import api

    schema = api.get_openapi_schema()
    methods = {"get", "post", "put", "patch", "delete", "head", "options"}
    return {
        (path, method.upper())
        for path, operations in schema["paths"].items()
        for method in operations
        if method in methods
    }


@dataclass
class Coverage:
    patterns: int
    api_operations: int
    missing_patterns: list[str]
    missing_operations: list[str]
    unknown_routes: list[str]

    @property
    def complete(self) -> bool:
        return not (self.missing_patterns or self.missing_operations or self.unknown_routes)

    def describe(self) -> str:
        lines = []
        if self.missing_patterns:
            lines.append("URL patterns without a Route (add them to the app's tests/matrix.py):")
            lines += [f"  {name}" for name in self.missing_patterns]
        if self.missing_operations:
            lines.append("API operations without a Route (api=True, the operation's method):")
            lines += [f"  {operation}" for operation in self.missing_operations]
        if self.unknown_routes:
            lines.append("Routes naming no URL pattern or API operation:")
            lines += [f"  {route}" for route in self.unknown_routes]
        return "\n".join(lines)


def coverage(routes: list[Route]) -> Coverage:
    """Which patterns and API operations no Route covers, and which Routes cover nothing."""
    patterns = [
        p
        for p in url_patterns()
        if p.key not in IGNORED_NAMES and not p.route.startswith(IGNORED_PREFIXES)
    ]
    by_name = {p.key: p for p in patterns}
    operations = api_operations()
    operation_paths = {path for path, _method in operations}

    covered_names: set[str] = set()
    covered_operations: set[tuple[str, str]] = set()
    unknown: list[str] = []
    for route in routes:
        pattern = by_name.get(route.name)
        if pattern is None:
            unknown.append(route.label)
            continue
        covered_names.add(route.name)
        path = _openapi_path(pattern.route)
        if path in operation_paths:
            key = (path, route.method.upper())
            if key in operations and route.api:
                covered_operations.add(key)
            else:
                unknown.append(f"{route.label} (not an API operation, or api=True missing)")

    missing_patterns = sorted(
        p.key
        for p in patterns
        if p.key not in covered_names and _openapi_path(p.route) not in operation_paths
    )
    missing_operations = sorted(f"{m} {p}" for p, m in operations - covered_operations)
    return Coverage(
        patterns=len(patterns),
        api_operations=len(operations),
        missing_patterns=missing_patterns,
        missing_operations=missing_operations,
        unknown_routes=sorted(set(unknown)),
    )


# --- The figures for the report -----------------------------------------------------------

# Filled by the matrix test in each test process; merged and written by the hooks below.
RESULTS: list[dict] = []
REPORT_PATH = Path("test-report") / "authorization.json"
_WORKER_KEY = "omkreds_authorization"


def record(kind: str, **values) -> None:
    RESULTS.append({"kind": kind, **values})


def summary(results: list[dict]) -> dict:
    checks = [r for r in results if r["kind"] == "check"]
    coverage_rows = [r for r in results if r["kind"] == "coverage"]
    routes = {(c["route"], c["method"]) for c in checks}
    return {
        "url_patterns": coverage_rows[-1]["patterns"] if coverage_rows else None,
        "url_patterns_covered": coverage_rows[-1]["patterns_covered"] if coverage_rows else None,
        "api_operations": coverage_rows[-1]["api_operations"] if coverage_rows else None,
        "patterns_without_route": coverage_rows[-1]["missing"] if coverage_rows else None,
        "routes_checked": len(routes),
        "methods": dict(sorted(Counter(method for _name, method in routes).items())),
        "roles": len(ROLES),
        "api_checks_by_token": sum(1 for c in checks if c["role"].endswith("(token)")),
        "checks": len(checks),
        "allowed_checks": sum(1 for c in checks if c["allowed"]),
        "denied_checks": sum(1 for c in checks if not c["allowed"]),
        "failed_checks": [
            {k: c[k] for k in ("route", "method", "role", "status", "problem")}
            for c in checks
            if c["problem"]
        ],
        "leaks": [
            {k: c[k] for k in ("route", "method", "role", "status")} for c in checks if c["leak"]
        ],
        "safe_requests_checked": sum(
            1 for c in checks if c["method"] in ("GET", "HEAD", "OPTIONS")
        ),
        "get_requests_logged_as_changes": [
            {k: c[k] for k in ("route", "method", "role")}
            for c in checks
            if c.get("logged_as_change")
        ],
        "access_log_rows_checked": sum(1 for c in checks if c["logged"] is not None),
        "access_log_rows_missing": [
            {k: c[k] for k in ("route", "method", "role")} for c in checks if c["logged"] is False
        ],
    }


def write_report(results: list[dict], path: Path = REPORT_PATH) -> None:
    from django.db import connection

    figures = summary(results)
    figures["database"] = connection.vendor
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(figures, indent=2, sort_keys=False) + "\n", encoding="utf-8")


# pytest hooks, imported by omkreds/conftest.py. Under pytest-xdist each worker sends its
# results to the controller, which writes the one report.


def pytest_sessionfinish(session, exitstatus):
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        workeroutput[_WORKER_KEY] = json.dumps(RESULTS)
    elif RESULTS:
        write_report(RESULTS)


def _testnodedown(node, error):
    output = getattr(node, "workeroutput", None) or {}
    RESULTS.extend(json.loads(output.get(_WORKER_KEY, "[]")))


try:
    import pytest

    pytest_testnodedown = pytest.hookimpl(optionalhook=True)(_testnodedown)
except ImportError:  # pragma: no cover - outside the tests
    pass
