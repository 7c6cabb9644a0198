"""With DEBUG off, a failing view answers the generic 500 page and the error is logged.

The views that fail live in this module's own URLconf (see `urlpatterns` below), never in the
product's URLs. The figures (issue 8, figure 10) go to test-report/trust-errors.json: forced
exceptions, error pages showing a traceback, SQL, a secret or personal data (must be 0), and the
errors logged (must equal the forced ones).
"""

import logging

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.test import Client, override_settings
from django.urls import include, path

from omkreds.lib.testing import trust
from omkreds.lib.testing.cast import CANARY, login

pytestmark = pytest.mark.django_db

SECRET_MARK = "very-secret-value-that-must-not-leak"


def fails_in_sql(request):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT secret_column FROM no_such_table_for_errors WHERE name = %s",
            ["PERSONAL-MARK-in-sql"],
        )


def fails_with_secrets(request):
    raise RuntimeError(f"{settings.SECRET_KEY} {SECRET_MARK} PERSONAL-MARK-in-exception")


urlpatterns = [
    path("fails/sql/", fails_in_sql),
    path("fails/secret/", fails_with_secrets),
    path("", include("omkreds.urls")),
]
handler404 = "omkreds.lib.views.not_found"
handler500 = "omkreds.lib.views.server_error"

FORBIDDEN_IN_PAGES = (
    "Traceback",
    'File "',
    "SELECT",
    "no_such_table",
    "secret_column",
    "RuntimeError",
    SECRET_MARK,
    CANARY,
    "PERSONAL-MARK",
    "omkreds/",
    "site-packages",
)


def _page_problems(body: str) -> list[str]:
    found = [text for text in FORBIDDEN_IN_PAGES if text in body]
    if settings.SECRET_KEY in body:
        found.append("SECRET_KEY")
    return found


def _record(url: str, role: str, response, body: str, leaked: list[str], records) -> None:
    """One forced exception, as measured: the page it gave and the error records it logged."""
    trust.record(
        "errors",
        case=f"{url} as {role}",
        debug=settings.DEBUG,
        forced_exceptions=1,
        generic_pages=int(response.status_code == 500 and "Something went wrong" in body),
        generic_pages_expected=1,
        error_pages_leaking=int(bool(leaked)),
        leaked=leaked,
        events_logged=sum(1 for r in records if r.levelno >= logging.ERROR and r.exc_info),
        events_logged_expected=1,
    )


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
@pytest.mark.parametrize("url", ["/fails/sql/", "/fails/secret/"])
def test_a_failing_view_gets_the_generic_page_and_is_logged(cast, url, caplog):
    client = Client(raise_request_exception=False)
    login(client, cast.worker)
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get(url)
    body = response.content.decode()
    records = [r for r in caplog.records if r.name == "django.request"]
    leaked = _page_problems(body) + [n for n in [cast.worker.full_name] if n in body]
    _record(url, "worker", response, body, leaked, records)
    assert response.status_code == 500
    assert "Something went wrong" in body
    assert "The error has been recorded" in body
    assert not _page_problems(body)
    assert cast.worker.full_name not in body  # rendered without the request's context
    assert response["X-Request-ID"]
    assert len(records) == 1
    assert records[0].levelno == logging.ERROR
    assert records[0].exc_info is not None
    assert url in records[0].getMessage()


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_the_500_page_is_the_same_for_everyone(client, caplog):
    client.raise_request_exception = False
    with caplog.at_level(logging.ERROR, logger="django.request"):
        anonymous = client.get("/fails/secret/")
    body = anonymous.content.decode()
    records = [r for r in caplog.records if r.name == "django.request"]
    _record("/fails/secret/", "anonymous", anonymous, body, _page_problems(body), records)
    assert anonymous.status_code == 500
    assert len(records) == 1
    assert not _page_problems(anonymous.content.decode())


@override_settings(DEBUG=False)
def test_an_unknown_address_gets_the_generic_404_without_the_url_list(cast, login_as):
    response = login_as(cast.worker).get("/no/such/page/")
    body = response.content.decode()
    assert response.status_code == 404
    assert "Using the URLconf" not in body
    assert "citizens/<uuid:citizen_id>/" not in body
    assert not _page_problems(body)
