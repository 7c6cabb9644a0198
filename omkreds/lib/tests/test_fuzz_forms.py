"""Bad input in forms: hypothesis posts generated data to the product's main forms.

Each form is posted by a user allowed to use it (the cast's worker, or the lead or admin where
only they may), through the Django test client. The fields are those of the form on the page
(read from its HTML) together with those the form's Route in the authorization matrix sends;
hypothesis keeps, drops, repeats or replaces each of them with long strings, unicode, control
characters (NUL included), numbers, dates and words of the wrong kind, and adds unknown fields.
No answer may be >= 500 (or raise). Each example runs in a savepoint that is rolled back.
The main forms (FORMS) get `FUZZ_FORM_EXAMPLES` examples each; every other page that takes a
POST from a worker, lead or admin (OTHER_FORMS, from the matrix) gets a quarter of that.

The map's quick-add has no form post of its own: the map editor saves a new contact through
the API, so that save is fuzzed here with the contact's fields (and test_fuzz_api.py fuzzes the
API as a whole). The figures go to test-report/fuzz/ for the trust report
(scripts/trust_report.py).
"""

from __future__ import annotations

import os
import sys
import traceback
from html.parser import HTMLParser

import pytest
from django.core.signals import got_request_exception
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from omkreds.lib.testing.cast import Cast, login
from omkreds.lib.testing.matrix import collect_routes
from omkreds.lib.tests.fuzzing import fuzzed_citizens_unwatched, write_figures

EXAMPLES = int(os.environ.get("FUZZ_FORM_EXAMPLES", "40"))

# The product's main forms, by URL name (POST Routes of the authorization matrix).
FORMS = [
    "citizens:create",
    "citizens:edit",
    "access:consent_record",
    "overview:add",
    "overview:edit",
    "overview:cell",
    "meetings:decide",
    "meetings:schedule",
    "meetings:invitee_add",
    "meetings:memo",
    "meetings:action_add",
    "cti:start",
    "cti:answer",
    "cti:plan_save",
    "accounts:profile",
]

# Words of the wrong kind for any field: numbers, dates, times, ids, markup, injections.
WRONG = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\r\n",
    "\t",
    "\u202e",
    "\ufeff",
    "𝕏😀",
    "١٢٣",
    "９",
    "-1",
    "0",
    "1.5",
    "1e309",
    "NaN",
    "inf",
    "-inf",
    "99999999999999999999999999",
    "-99999999999999999999",
    "0x10",
    "true",
    "null",
    "[]",
    "{}",
    '{"a": 1}',
    "2026-02-30",
    "0000-00-00",
    "9999-12-31",
    "0001-01-01",
    "1900-01-01T00:00",
    "31.12.1930",
    "25:61",
    "23:59:60",
    "00000000-0000-0000-0000-000000000000",
    "not-a-uuid",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "{{ 7*7 }}",
    "%00",
    "../../etc/passwd",
    "on",
    "off",
    "da",
    "zz",
]

_CHUNKS = ["a", "æøå", "😀", "\x00", " ", "\u0301", "x" * 7]
long_text = st.builds(lambda chunk, n: chunk * n, st.sampled_from(_CHUNKS), st.integers(30, 3000))
control_text = st.text(st.characters(min_codepoint=0, max_codepoint=31), min_size=1, max_size=8)
any_text = st.text(max_size=60)
dates = st.dates(min_value=__import__("datetime").date(1901, 1, 1)).map(lambda d: d.isoformat())
nasty = st.one_of(
    st.sampled_from(WRONG),
    any_text,
    long_text,
    control_text,
    st.integers(-(2**70), 2**70).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    dates,
)
KEEP, DROP = object(), object()


class _FieldNames(HTMLParser):
    """The names (and first values) of the fields of the forms that post to `action`."""

    def __init__(self, action: str):
        super().__init__()
        self.action = action
        self.inside = False
        self.select: str | None = None
        self.fields: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            target = attrs.get("action") or ""
            self.inside = (attrs.get("method") or "").lower() == "post" and target in (
                "",
                self.action,
            )
        elif not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name and name != "csrfmiddlewaretoken":
            if attrs.get("type") in ("submit", "button", "file", "image"):
                return
            self.fields.setdefault(name, attrs.get("value") or "")
        elif tag == "textarea" and name:
            self.fields.setdefault(name, "")
        elif tag == "select" and name:
            self.select = name
            self.fields.setdefault(name, "")
        elif (
            tag == "option" and self.select and attrs.get("value") and not self.fields[self.select]
        ):
            self.fields[self.select] = attrs["value"]

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None


@st.composite
def form_data(draw, base: dict[str, str]):
    data = {}
    for key, value in base.items():
        choice = draw(st.sampled_from([KEEP] * 5 + [DROP, "nasty", "nasty", "many"]))
        if choice is KEEP:
            data[key] = value
        elif choice == "nasty":
            data[key] = draw(nasty)
        elif choice == "many":
            kept = value if isinstance(value, list) else [value]
            data[key] = kept + draw(st.lists(nasty, min_size=1, max_size=2))
    unknown = st.text("abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=12)
    data.update(draw(st.dictionaries(unknown, nasty, max_size=2)))
    return data


def _text(value) -> str | list[str]:
    return [str(v) for v in value] if isinstance(value, list | tuple) else str(value)


def _route(name: str):
    for route in collect_routes():
        if route.name == name and route.method.upper() == "POST" and not route.api:
            return route
    raise LookupError(f"No POST Route for {name} in the authorization matrix")


def _user(cast: Cast, route):
    for role in ("worker", "lead", "admin"):
        if role in route.allowed:
            return getattr(cast, role)
    raise LookupError(f"{route.name}: none of worker, lead, admin may post it")


def _other_forms() -> list[str]:
    """Every other page that takes a POST from a worker, lead or admin, fuzzed more lightly."""
    names = {
        r.name
        for r in collect_routes()
        if r.method.upper() == "POST"
        and not r.api
        and r.allowed & {"worker", "lead", "admin"}
        and r.name not in FORMS
        and r.name not in NOT_FUZZED
    }
    return sorted(names)


# Signing out ends the session the remaining examples need.
NOT_FUZZED = {"accounts:logout"}
OTHER_FORMS = _other_forms()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "examples"),
    [(n, EXAMPLES) for n in FORMS] + [(n, max(EXAMPLES // 4, 5)) for n in OTHER_FORMS],
)
def test_form_never_answers_5xx(name, examples):
    route = _route(name)
    cast = Cast.create()
    extra = route.setup(cast) if route.setup else {}
    url = reverse(route.name, kwargs=route.kwargs(cast, extra))
    user = _user(cast, route)
    client = Client()
    login(client, user)

    page = client.get(url)
    parser = _FieldNames(url)
    if page.status_code == 200 and "html" in page.get("Content-Type", ""):
        parser.feed(page.content.decode())
    base = {
        k: _text(v)
        for k, v in {**parser.fields, **(route.data(cast, extra) if route.data else {})}.items()
    }
    # A form with no fields (a button) is still posted, with unknown fields added.

    figures = {"examples": 0, "server_errors": 0, "statuses": {}, "fields": sorted(base)}
    errors: list[str] = []

    def remember(sender, request=None, **kwargs):
        errors.append("".join(traceback.format_exception(*sys.exc_info())))

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=bool(os.environ.get("CI")),
        suppress_health_check=list(HealthCheck),
        phases=[Phase.explicit, Phase.generate, Phase.shrink],
    )
    @given(data=form_data(base))
    def fuzz(data):
        figures["examples"] += 1
        errors.clear()
        try:
            with transaction.atomic():
                response = client.post(url, data)
                transaction.set_rollback(True)
        except Exception as exc:
            figures["server_errors"] += 1
            raise AssertionError(
                f"{name} raised on {data!r}:\n{errors[-1] if errors else ''}"
            ) from exc
        status = str(response.status_code)
        figures["statuses"][status] = figures["statuses"].get(status, 0) + 1
        if response.status_code >= 500:
            figures["server_errors"] += 1
            raise AssertionError(f"{name} answered {status} on {data!r}")

    got_request_exception.connect(remember, dispatch_uid="fuzz-forms")
    try:
        with fuzzed_citizens_unwatched():
            fuzz()
    finally:
        got_request_exception.disconnect(dispatch_uid="fuzz-forms")
        write_figures("form", name, caller=user.email, url_name=name, **figures)


# The map's quick-add (name, sector, relation) is typed in the editor and saved through the API
# as a new contact in the map document: that save is fuzzed here, with the contact's fields.
json_values = st.one_of(
    nasty,
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=False),
    st.none(),
    st.booleans(),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)


QUICK_ADD = {
    "id": "quick1",
    "name": "Bo Berg",
    "sector": "family",
    "relation": "sister",
    "closeness": 0.5,
    "angle": 20.0,
}


@st.composite
def quick_added(draw):
    """The quick-added contact: each field kept, left out (1 in 6) or replaced (1 in 3)."""
    contact = {}
    for key, valid in QUICK_ADD.items():
        choice = draw(st.integers(0, 5))
        if choice in (1, 2, 3):
            contact[key] = valid
        elif choice in (4, 5):
            contact[key] = draw(json_values)
    return contact


@pytest.mark.django_db
def test_map_quick_add_never_answers_5xx(client):
    import json

    from omkreds.accounts.models import ApiToken

    route = next(r for r in collect_routes() if r.name == "api:networks_map_save")
    cast = Cast.create()
    extra = route.setup(cast)
    url = reverse(route.name, kwargs=route.kwargs(cast, extra))
    base = route.data(cast, extra)
    _token, secret = ApiToken.issue(user=cast.worker, organisation=cast.org, name="fuzz")
    figures = {"examples": 0, "server_errors": 0, "statuses": {}}

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=bool(os.environ.get("CI")),
        suppress_health_check=list(HealthCheck),
    )
    @given(contact=quick_added())
    @example(contact=QUICK_ADD)
    def fuzz(contact):
        figures["examples"] += 1
        body = {**base, "document": {**base["document"]}}
        body["document"]["contacts"] = [*base["document"]["contacts"], contact]
        try:
            with transaction.atomic():
                response = client.post(
                    url,
                    json.dumps(body),
                    content_type="application/json",
                    HTTP_AUTHORIZATION=f"Bearer {secret}",
                )
                transaction.set_rollback(True)
        except Exception as exc:
            figures["server_errors"] += 1
            raise AssertionError(f"map save raised on {contact!r}") from exc
        status = str(response.status_code)
        figures["statuses"][status] = figures["statuses"].get(status, 0) + 1
        if response.status_code >= 500:
            figures["server_errors"] += 1
            raise AssertionError(f"map save answered {status} on {contact!r}")

    try:
        with fuzzed_citizens_unwatched():
            fuzz()
    finally:
        write_figures(
            "form", "networks: map quick-add (API save)", caller=cast.worker.email, **figures
        )
