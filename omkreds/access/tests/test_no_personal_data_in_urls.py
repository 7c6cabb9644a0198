"""No names, dates of birth or canaries in URLs or server logs.

(a) Every URL pattern takes ids only: uuid, int or slug tokens, named like ids.
(b) The flows that carry a citizen's name (create, search, edit, consent) are walked with a
    canary name and date of birth; neither appears in any path requested, any redirect or
    Location header, nor any log record (all loggers at DEBUG).
The whole test run is watched as well, by the plugin in personal_data.py, which writes
test-report/personal-data.json.
"""

import datetime as dt
import logging
import re

import pytest
from django.core.signals import request_started
from django.utils import timezone

from omkreds.access.tests import personal_data
from omkreds.citizens.models import Citizen
from omkreds.lib.testing import matrix
from omkreds.lib.testing.cast import CANARY

# Path parameters: what a URL may carry. Anything else must be added here with a reason.
ALLOWED_CONVERTERS = {"uuid", "int", "slug"}
# Opaque tokens that are no one's data: signed reply links, their short codes (/r/7K4M-Q2PX),
# Django's password reset link.
ALLOWED_STR_PARAMETERS = {"token", "code", "uidb64"}
# `phase` and `step` name a fixed stage of a CTI course or a network council, never data.
ID_LIKE = re.compile(r"^(\w+_id|pk|number|phase|step|fmt|key|token|code|uidb64)$")
PERSONAL_LIKE = re.compile(
    r"name|birth|born|dob|e?mail|phone|address|cpr|person|ssn|query|search|^q$", re.I
)
PARAMETER = re.compile(r"<(?:(\w+):)?(\w+)>")


def test_url_patterns_take_ids_only():
    problems = []
    for pattern in matrix.url_patterns():
        if pattern.route.startswith(matrix.IGNORED_PREFIXES):
            continue
        api = pattern.route.startswith("api/")
        for converter, name in PARAMETER.findall(pattern.route):
            if PERSONAL_LIKE.search(name) or not ID_LIKE.match(name):
                problems.append(f"{pattern.key}: parameter <{name}> is not named like an id")
            elif converter in ("", "str", "path") and not api:
                if name not in ALLOWED_STR_PARAMETERS:
                    problems.append(f"{pattern.key}: <{name}> needs a uuid, int or slug converter")
            elif converter and converter not in ALLOWED_CONVERTERS | {"str"}:
                problems.append(f"{pattern.key}: converter {converter} for <{name}>")
    assert not problems, "\n".join(problems)


def test_api_parameters_are_ids_or_plain_options():
    from omkreds.api import api

    problems = []
    for path, operations in api.get_openapi_schema()["paths"].items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                name = parameter["name"]
                if parameter["in"] in ("path", "query") and PERSONAL_LIKE.search(name):
                    problems.append(f"{method.upper()} {path}: parameter {name}")
    assert not problems, "\n".join(problems)


class Seen:
    def __init__(self):
        self.paths: list[str] = []

    def __call__(self, sender, environ=None, **kwargs):
        query = environ.get("QUERY_STRING", "")
        self.paths.append(environ["PATH_INFO"] + (f"?{query}" if query else ""))


NAME = f"{CANARY}-flow Karen Kanarie"
BORN = dt.date(1961, 8, 9)
NEEDLES = (CANARY, "Kanarie", BORN.isoformat(), "09.08.1961", "09-08-1961", "09/08/1961")


def _with_personal_data(texts) -> list[str]:
    return [t for t in texts if any(needle in t for needle in NEEDLES)]


@pytest.fixture
def all_logs(caplog):
    caplog.set_level(logging.DEBUG)
    for name in ("django", "django.request", "django.server", "django.db.backends", "omkreds"):
        caplog.set_level(logging.DEBUG, logger=name)
    return caplog


@pytest.mark.django_db
def test_flows_with_a_name_keep_it_out_of_urls_and_logs(cast, login_as, all_logs):
    seen = Seen()
    request_started.connect(seen)
    requests_before = personal_data.WATCH.requests
    try:
        client = login_as(cast.worker)
        responses = []

        def keep(response):
            responses.append(response)
            return response

        keep(client.get("/citizens/new/"))
        keep(
            client.post(
                "/citizens/new/",
                {"name": NAME, "date_of_birth": BORN.isoformat()},
                follow=True,
            )
        )
        citizen = Citizen.objects.get(name=NAME)
        assert citizen.date_of_birth == BORN
        keep(client.get(f"/citizens/{citizen.pk}/"))
        keep(client.get("/citizens/search/"))
        found = keep(client.post("/citizens/search/", {"name": "Kanarie"}))
        assert NAME in found.content.decode()
        keep(client.post("/citizens/search/", {"name": "Kanarie"}, headers={"HX-Request": "true"}))
        keep(client.get(f"/citizens/{citizen.pk}/edit/"))
        keep(
            client.post(
                f"/citizens/{citizen.pk}/edit/",
                {"name": NAME + " Jr", "date_of_birth": BORN.isoformat()},
                follow=True,
            )
        )
        keep(client.get(f"/citizens/{citizen.pk}/consents/new/"))
        today = timezone.localdate()
        keep(
            client.post(
                f"/citizens/{citizen.pk}/consents/new/",
                {
                    "to_user": cast.professional_without.pk,
                    "parts": ["map", "overview"],
                    "purpose": f"Sharing with {NAME}'s network",
                    "valid_from": today.isoformat(),
                    "given_how": "written",
                },
                follow=True,
            )
        )
        keep(client.get(f"/citizens/{citizen.pk}/access-log/"))
        # Bad input too: the name must not come back in a URL when a form is refused.
        keep(client.post("/citizens/new/", {"name": NAME, "date_of_birth": "1961-13-45"}))
    finally:
        request_started.disconnect(seen)

    redirects = [url for r in responses for url, _status in getattr(r, "redirect_chain", [])]
    locations = [r["Location"] for r in responses if r.has_header("Location")]
    log_lines = [f"{r.name}: {r.getMessage()}" for r in all_logs.records]
    figures = {
        "requests": len(seen.paths),
        "redirects": len(redirects) + len(locations),
        "log_records": len(log_lines),
    }
    assert figures["requests"] >= 14 and figures["redirects"] >= 3
    assert not _with_personal_data(seen.paths), seen.paths
    assert not _with_personal_data(redirects + locations)
    assert not _with_personal_data(log_lines)
    # The plugin that watches the whole run saw these requests too.
    assert personal_data.WATCH.requests >= requests_before + figures["requests"]


def test_the_watch_finds_what_it_should():
    watch = personal_data.Watch()
    watch.names.add("Karen Kanarie")
    watch.dates.add("1961-08-09")
    watch.paths.update({"GET /citizens/", "GET /citizens/?q=Karen Kanarie", "GET /x/1961-08-09"})
    watch.log_lines.update({"django.request: fine", f"omkreds: {CANARY}-x"})
    found = watch.findings()
    assert found["paths_with_personal_data"] == 2
    assert found["log_lines_with_personal_data"] == 1
    assert len(found["examples"]) == 3
