"""The authorization matrix: every URL pattern and API operation × every role.

The format and the rules are in omkreds/lib/testing/matrix.py; the routes are declared in each
app's tests/matrix*.py.
"""

import json
from http.cookies import SimpleCookie
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.db import transaction
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import reverse

from omkreds.access import log
from omkreds.access.models import AccessLogEntry
from omkreds.accounts.models import ApiToken, Membership
from omkreds.lib.testing import matrix
from omkreds.lib.testing.cast import CANARY, Cast, login
from omkreds.lib.testing.matrix import ROLES, Route

ROUTES = matrix.collect_routes()
CASE_AND_COLLEAGUE = matrix.CASE | {"colleague"}


def test_every_url_pattern_and_api_operation_has_a_route(db):
    found = matrix.coverage(ROUTES)
    matrix.record(
        "coverage",
        patterns=found.patterns,
        patterns_covered=found.patterns - len(found.missing_patterns),
        api_operations=found.api_operations,
        missing=found.missing_patterns + found.missing_operations,
    )
    assert found.complete, "\n" + found.describe()


def test_routes_name_known_roles():
    unknown = {
        route.label: sorted(route.allowed - set(ROLES))
        for route in ROUTES
        if route.allowed - set(ROLES)
    }
    assert not unknown


# API routes are also called with a personal token by every role that can hold one; the
# answer must be the same as with the session (a deactivated user's token gets 401).
TOKEN_ROLES = tuple(role for role in ROLES if role not in ("anonymous", "unverified"))


# One client for every request: a new one loads the middleware again (WhiteNoise scans the
# static files each time), which would be most of the matrix's run time.
_CLIENT = Client()


def _client_for(role: str, cast: Cast, *, token: bool = False) -> tuple[Client, dict]:
    """The client, signed in as `role` (or not), and the headers to send."""
    client = _CLIENT
    client.cookies = SimpleCookie()
    if token:
        user = getattr(cast, role)
        membership = Membership.objects.filter(user=user).select_related("organisation").first()
        _token, secret = ApiToken.issue(
            user=user, organisation=membership.organisation, name="matrix"
        )
        return client, {"Authorization": f"Bearer {secret}"}
    if role == "unverified":
        login(client, cast.worker, verified=False)
    elif role != "anonymous":
        login(client, getattr(cast, role))
    return client, {}


def _request(client: Client, route: Route, url: str, data: dict | None, headers: dict):
    method = route.method.lower()
    if method in ("get", "head"):
        return getattr(client, method)(url, data or {}, headers=headers)
    if route.json or route.api:
        body = json.dumps(data if data is not None else {}, default=str)
        return getattr(client, method)(
            url, data=body, content_type="application/json", headers=headers
        )
    return getattr(client, method)(url, data or {}, headers=headers)


def _body(response) -> str:
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    return content.decode("utf-8", errors="replace") + response.get("Location", "")


def _denied_problem(route: Route, role: str, response) -> str:
    status = response.status_code
    if route.api:
        if role in ("anonymous", "unverified", "deactivated"):
            return "" if status == 401 else f"expected 401, got {status}"
        return "" if status == 404 else f"expected 404, got {status}"
    if role in ("anonymous", "deactivated", "unverified"):
        target = (
            reverse("accounts:second_factor")
            if role == "unverified"
            else resolve_url(settings.LOGIN_URL)
        )
        location = urlsplit(response.get("Location", "")).path
        if status == 302 and location == target:
            return ""
        return f"expected 302 to {target}, got {status} {location}"
    return "" if status == 404 else f"expected 404, got {status}"


def _check(route: Route, role: str, cast: Cast, *, token: bool = False) -> dict:
    extra = route.setup(cast) if route.setup else {}
    kwargs = route.kwargs(cast, extra)
    url = reverse(route.name, kwargs=kwargs)
    data = route.data(cast, extra) if route.data else None
    client, headers = _client_for(role, cast, token=token)
    response = _request(client, route, url, data, headers)
    body = _body(response)
    allowed = role in route.allowed
    leak = not allowed and CANARY in body
    logged = None
    # A request that cannot write is never logged as a change (issue 15, point 4).
    logged_as_change = route.method.upper() in log.SAFE_METHODS and (
        AccessLogEntry.objects.filter(
            request_id=response.get("X-Request-ID", "-"), action__in=list(log.VIEW_OF_EDIT)
        ).exists()
    )
    if logged_as_change:
        problem_change = "a request that cannot write was logged as a change"
    else:
        problem_change = ""
    if allowed:
        problem = (
            ""
            if response.status_code in route.ok_statuses
            else f"expected {route.ok_status}, got {response.status_code}"
        )
        if route.citizen_data:
            # A refused look-up is recorded too (issue 15, point 11), but it is not a log of
            # data shown: only other rows count here.
            rows = AccessLogEntry.objects.filter(
                request_id=response.get("X-Request-ID", "-")
            ).exclude(action=log.REFUSED)
            if "citizen_id" in kwargs:
                rows = rows.filter(citizen_id=kwargs["citizen_id"])
            logged = rows.exists()
            if not logged:
                problem = (problem + "; " if problem else "") + "no access-log row written"
    else:
        problem = _denied_problem(route, role, response)
    if leak:
        problem = (problem + "; " if problem else "") + "canary in the denied response"
    if problem_change:
        problem = (problem + "; " if problem else "") + problem_change
    return {
        "kind": "check",
        "route": route.name,
        "method": route.method.upper(),
        "role": f"{role} (token)" if token else role,
        "allowed": allowed,
        "status": response.status_code,
        "leak": leak,
        "logged": logged,
        "logged_as_change": logged_as_change,
        "problem": problem,
    }


@pytest.mark.django_db
@pytest.mark.parametrize("route", ROUTES, ids=lambda route: route.label.replace(" ", "-"))
def test_route(route):
    # One cast per route; each role's request runs in a savepoint that is rolled back, so that
    # one role's POST (closing a case, withdrawing a consent) does not change the next one's.
    cast = Cast.create()
    results = []
    runs = [(role, False) for role in ROLES]
    if route.api:
        runs += [(role, True) for role in TOKEN_ROLES]
    for role, token in runs:
        with transaction.atomic():
            results.append(_check(route, role, cast, token=token))
            transaction.set_rollback(True)
    matrix.RESULTS.extend(results)
    problems = [f"{r['role']}: {r['problem']}" for r in results if r["problem"]]
    assert not problems, f"{route.label}\n  " + "\n  ".join(problems)


@pytest.mark.django_db
def test_the_matrix_catches_a_leak_and_a_wrong_expectation():
    """The checks themselves: a route declared too strictly shows up as a leak."""
    cast = Cast.create()
    citizen = lambda cast, extra: {"citizen_id": cast.citizen.pk}  # noqa: E731
    too_strict = Route("citizens:detail", kwargs=citizen, allowed=frozenset({"lead"}))
    result = _check(too_strict, "worker", cast)
    assert result["leak"]
    assert "canary" in result["problem"]

    too_loose = Route("api:citizens_detail", api=True, kwargs=citizen, allowed=CASE_AND_COLLEAGUE)
    result = _check(too_loose, "colleague", cast)
    assert result["logged"] is False
    assert result["status"] == 404
    assert result["problem"] == "expected 200, got 404; no access-log row written"

    result = _check(too_loose, "unverified", cast)
    assert (result["status"], result["problem"], result["leak"]) == (401, "", False)
