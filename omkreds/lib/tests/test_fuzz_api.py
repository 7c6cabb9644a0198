"""Bad input at the API: schemathesis fuzzes every operation of the OpenAPI document.

The schema is loaded from /api/v1/openapi.json as the real WSGI application serves it, and
every operation is called in-process (no live server, no network) with a personal API token of
the cast's worker (or the lead, for the operations only a lead may use). Path parameters name
real objects, made by the operation's Route in the authorization matrix, so that the generated
bodies and query strings reach the code behind the 404; schemathesis generates both valid
(positive) and invalid (negative) data. Check: `not_a_server_error`, i.e. no answer >= 500.

Each example runs in a savepoint that is rolled back, so every example meets the same data.
The figures (examples tried, server errors) go to test-report/fuzz/ for the trust report
(scripts/trust_report.py). `FUZZ_API_EXAMPLES` sets the examples per operation and mode.
"""

from __future__ import annotations

import functools
import os
import sys
import traceback

import pytest
import schemathesis
from django.core.signals import got_request_exception, request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from omkreds.accounts.models import ApiToken
from omkreds.lib.testing.cast import Cast
from omkreds.lib.testing.matrix import (
    _openapi_path,
    api_operations,
    collect_routes,
    url_patterns,
)
from omkreds.lib.tests.fuzzing import fuzzed_citizens_unwatched, write_figures

EXAMPLES = int(os.environ.get("FUZZ_API_EXAMPLES", "10"))
OPERATIONS = sorted(api_operations())


def _route_for(path: str, method: str):
    templates = {p.key: _openapi_path(p.route) for p in url_patterns()}
    for route in collect_routes():
        if route.api and route.method.upper() == method and templates.get(route.name) == path:
            return route
    return None


def _caller(cast: Cast, route):
    if route is None or "worker" in route.allowed:
        return cast.worker
    if "lead" in route.allowed:
        return cast.lead
    if "admin" in route.allowed:
        return cast.admin
    return cast.worker


@functools.cache
def _schema():
    """The OpenAPI document as the application serves it (public: it holds no data)."""
    from omkreds.wsgi import application

    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture
def in_process():
    """Requests to the WSGI application run inside the test's transaction, as with Django's
    test client: the connection must outlive each of them (on PostgreSQL Django would close
    it after every request)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "method"), OPERATIONS, ids=[f"{m} {p}" for p, m in OPERATIONS])
def test_api_operation_never_answers_5xx(path, method, in_process):
    cast = Cast.create()
    route = _route_for(path, method)
    extra = route.setup(cast) if route and route.setup else {}
    path_parameters = {k: str(v) for k, v in (route.kwargs(cast, extra) if route else {}).items()}
    user = _caller(cast, route)
    schema = _schema()
    _token, secret = ApiToken.issue(user=user, organisation=cast.org, name="fuzz")
    headers = {"Authorization": f"Bearer {secret}"}

    operation = schema[path][method]
    strategy = st.one_of(
        operation.as_strategy(GenerationMode.POSITIVE, path_parameters=path_parameters),
        operation.as_strategy(GenerationMode.NEGATIVE, path_parameters=path_parameters),
    )

    figures = {"examples": 0, "server_errors": 0, "statuses": {}}
    errors: list[str] = []

    def remember(sender, request=None, **kwargs):
        errors.append("".join(traceback.format_exception(*sys.exc_info())))

    @settings(
        max_examples=EXAMPLES * 2,
        deadline=None,
        database=None,
        derandomize=bool(os.environ.get("CI")),
        suppress_health_check=list(HealthCheck),
        phases=[Phase.explicit, Phase.generate, Phase.shrink],
    )
    @given(case=strategy)
    def fuzz(case):
        figures["examples"] += 1
        errors.clear()
        with transaction.atomic():
            response = case.call(headers=headers)
            transaction.set_rollback(True)
        status = str(response.status_code)
        figures["statuses"][status] = figures["statuses"].get(status, 0) + 1
        if response.status_code >= 500:
            figures["server_errors"] += 1
            detail = errors[-1] if errors else response.text[:2000]
            raise AssertionError(
                f"{method} {path} answered {response.status_code}:\n{detail}\n"
                f"{case.as_curl_command(headers={'Authorization': 'Bearer ***'})}"
            )
        case.validate_response(response, checks=[not_a_server_error])

    got_request_exception.connect(remember, dispatch_uid="fuzz-api")
    try:
        with fuzzed_citizens_unwatched():
            fuzz()
    finally:
        got_request_exception.disconnect(dispatch_uid="fuzz-api")
        write_figures(
            "api",
            f"{method} {path}",
            caller=user.email,
            route=route.name if route else None,
            **figures,
        )


# What the fuzzing found (on PostgreSQL, which refuses NUL in text): a NUL character in a JSON
# string or a query value was stored as it came and answered 500.
@pytest.mark.django_db
def test_api_refuses_nul_characters_with_a_422_naming_the_field(client):
    from omkreds.citizens.models import Citizen

    cast = Cast.create()
    _token, secret = ApiToken.issue(user=cast.worker, organisation=cast.org, name="nul")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    before = Citizen.objects.count()

    response = client.post(
        "/api/v1/citizens/",
        data='{"name": "Ann\\u0000a Berg"}',
        content_type="application/json",
        **auth,
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {"name": ["Null characters are not allowed."]}
    assert Citizen.objects.count() == before

    response = client.get("/api/v1/citizens/?limit=1%00", **auth)
    assert response.status_code == 422
    assert response.json()["errors"] == {"limit": ["Null characters are not allowed."]}

    response = client.post(
        "/api/v1/citizens/",
        data='{"name": "Anna Berg", "nested": ["ok", {"deep\\u0000": 1}]}',
        content_type="application/json",
        **auth,
    )
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["nested.1"]
