"""GET /metrics: the figures in Prometheus' text format, behind METRICS_TOKEN (issue 17, point 4).

Requests go through the test client and the whole middleware stack; mail goes to a real SMTP
server on loopback (aiosmtpd) through the counting backend settings.MAILERS names. Each test
reads the figures before and after what it does, as Prometheus would, and compares.
"""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from prometheus_client.parser import text_string_to_metric_families

from omkreds.accounts.tasks import send_lockout_mail
from omkreds.invitations.mail import send_each
from omkreds.lib.testing.cast import Cast, login
from omkreds.lib.testing.smtp import SmtpServer
from omkreds.lib.tests.test_env import PRODUCTION, import_settings

TOKEN = "metrics-token-for-the-tests-0123456789abcdef"


@pytest.fixture
def token(settings):
    settings.METRICS_TOKEN = TOKEN
    return TOKEN


def scrape(client) -> dict[tuple[str, tuple], float]:
    """Every sample of /metrics as {(name, sorted labels): value}."""
    response = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=")
    samples = {}
    for family in text_string_to_metric_families(response.content.decode()):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def value(samples, name: str, **labels) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer wrong-token-wrong-token-wrong-token"},
        {"Authorization": f"Basic {TOKEN}"},
        {"Authorization": f"Bearer {TOKEN}x"},
    ],
    ids=["no token", "wrong token", "wrong scheme", "longer token"],
)
def test_refused_without_the_token(client, db, token, headers):
    response = client.get("/metrics", headers=headers)

    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert b"omkreds_" not in response.content
    assert "no-cache" in response["Cache-Control"]


def test_refused_to_everyone_when_no_token_is_configured(client, db, settings):
    settings.METRICS_TOKEN = ""
    cast = Cast.create()
    login(client, cast.admin)

    for headers in ({}, {"Authorization": "Bearer "}, {"Authorization": "Bearer x"}):
        response = client.get("/metrics", headers=headers)
        assert response.status_code == 401
        assert b"omkreds_" not in response.content


def test_post_is_refused(client, db, token):
    response = client.post("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})

    assert response.status_code == 405


def test_a_short_token_stops_the_settings(tmp_path):
    result = import_settings(tmp_path, **PRODUCTION, METRICS_TOKEN="short")

    assert result.returncode != 0
    assert "METRICS_TOKEN must be at least 32 characters" in result.stderr
    assert ImproperlyConfigured.__name__ in result.stderr


def test_request_latency_is_counted_per_view(client, db, token):
    cast = Cast.create()
    login(client, cast.worker)
    pages = {
        "healthz": "/healthz",
        "accounts:login": "/accounts/login/",
        "citizens:detail": f"/citizens/{cast.citizen.pk}/",
    }
    before = scrape(client)

    for path in pages.values():
        for _ in range(3):
            assert client.get(path).status_code in (200, 302)
    client.get("/no/such/page/")
    after = scrape(client)

    for view in pages:
        count = "omkreds_request_duration_seconds_count"
        assert (
            value(after, count, view=view, method="GET")
            - value(before, count, view=view, method="GET")
            == 3
        ), view
        total = "omkreds_request_duration_seconds_sum"
        assert value(after, total, view=view, method="GET") > value(
            before, total, view=view, method="GET"
        )
    # An unknown path is one series, whatever the path was.
    assert not any("no/such" in str(labels) for _name, labels in after)
    responses = "omkreds_responses_total"
    labels = {"view": "<unmatched>", "status": "404"}
    assert value(after, responses, **labels) - value(before, responses, **labels) == 1


def test_access_log_rows_are_counted_when_committed(
    client, db, token, django_capture_on_commit_callbacks
):
    cast = Cast.create()
    login(client, cast.worker)
    before = scrape(client)

    with django_capture_on_commit_callbacks(execute=True):
        for path in ("/", f"/citizens/{cast.citizen.pk}/", f"/citizens/{cast.citizen.pk}/"):
            assert client.get(path).status_code == 200
    after = scrape(client)

    rows = "omkreds_access_log_rows_total"
    # The home page lists the worker's citizens; each case page is one 'view_case' row.
    assert value(after, rows, action="view_case") - value(before, rows, action="view_case") == 2
    assert value(after, rows, action="list") > value(before, rows, action="list")


def test_mails_sent_and_failed(client, db, token, settings):
    server = SmtpServer()
    server.start()
    mailers = server.mailers
    mailers["default"]["BACKEND"] = "omkreds.lib.mailers.SMTPBackend"
    settings.MAILERS = mailers
    recipients = ["anna@example.dk", "bo@example.dk", "cecilie@example.dk"]
    before = scrape(client)
    try:
        for to in recipients:
            mail.send_mail("Invitation", "Body", None, [to])
    finally:
        server.stop()
    # The server is down now: each of three more messages fails.
    for to in recipients:
        with pytest.raises(OSError):
            mail.send_mail("Invitation", "Body", None, [to])
    # Many at once over one connection that cannot be opened: each counts as failed.
    messages = [mail.EmailMessage("Invitation", "Body", None, [to]) for to in recipients]
    assert send_each(messages) == [False, False, False]
    after = scrape(client)

    assert sorted(m["To"] for m in server.messages) == recipients
    mails = "omkreds_mails_total"
    assert value(after, mails, outcome="sent") - value(before, mails, outcome="sent") == 3
    assert value(after, mails, outcome="failed") - value(before, mails, outcome="failed") == 6


def test_tasks_are_counted_by_outcome(client, db, token, settings):
    # The task backend of today runs each task at once; the counts are the same for a queue.
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    cast = Cast.create()
    users = [cast.worker, cast.colleague, cast.lead]
    before = scrape(client)

    for user in users:
        send_lockout_mail.enqueue(user_id=user.pk, ip_address="192.0.2.7")
    send_lockout_mail.enqueue(user_id=0, ip_address="192.0.2.7")  # no such user: fails
    after = scrape(client)

    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in users)
    task = "omkreds.accounts.tasks.send_lockout_mail"

    def grew(name, **labels):
        return value(after, name, **labels) - value(before, name, **labels)

    assert grew("omkreds_tasks_enqueued_total", task=task) == 4
    assert grew("omkreds_tasks_finished_total", task=task, status="SUCCESSFUL") == 3
    assert grew("omkreds_tasks_finished_total", task=task, status="FAILED") == 1
