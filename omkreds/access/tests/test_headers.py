"""Security headers and cookies on every URL of the authorization matrix, and a clean
`check --deploy` for the production set-up.

Every Route is requested once, as one of its allowed roles, over HTTPS with the settings that
HTTPS=1 turns on in production (HSTS, secure cookies with the __Host- prefix).

The figures (issue 8, figure 9) go to test-report/trust-headers.json: responses checked, the
responses missing each header, pages with citizen data without `no-store`, cookies without
Secure/HttpOnly/__Host-, the public pages (reached by a link or a code, signed out) without
`no-store`, and the warnings of `check --deploy`.
"""

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from omkreds.lib.testing import matrix, trust
from omkreds.lib.testing.cast import PASSWORD, Cast, login

BASE_DIR = Path(__file__).resolve().parents[3]
ROUTES = matrix.collect_routes()
# The role each Route is requested as: the first of these that the Route allows.
PREFERRED = ("worker", "lead", "professional", "admin", "coordinator", "other_lead", "anonymous")

# As with HTTPS=1 in production: TLS ends at a proxy that sets X-Forwarded-Proto.
PRODUCTION_LIKE = {
    "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https"),
    "SECURE_HSTS_SECONDS": 63072000,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
    "SECURE_HSTS_PRELOAD": True,
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SECURE": True,
    "LANGUAGE_COOKIE_SECURE": True,
    "SESSION_COOKIE_NAME": "__Host-sessionid",
    "CSRF_COOKIE_NAME": "__Host-csrftoken",
    "LANGUAGE_COOKIE_NAME": "__Host-language",
}


def _role_for(route) -> str:
    for role in PREFERRED:
        if role in route.allowed:
            return role
    return sorted(route.allowed)[0]


def _client_for(role: str, cast: Cast) -> Client:
    # Behind the proxy, as in production: the request came in over HTTPS.
    client = Client(headers={"X-Forwarded-Proto": "https"})
    if role == "unverified":
        login(client, cast.worker, verified=False)
    elif role not in ("anonymous", "deactivated"):
        login(client, getattr(cast, role))
    return client


def _request(client: Client, route, url: str, data: dict | None):
    method = route.method.lower()
    if method in ("get", "head"):
        return getattr(client, method)(url, data or {})
    if route.json or route.api:
        body = json.dumps(data if data is not None else {}, default=str)
        return getattr(client, method)(url, data=body, content_type="application/json")
    return getattr(client, method)(url, data or {})


def header_figures(response, *, personal: bool) -> dict[str, int]:
    """1 for each header this response lacks (as counted in trust-headers.json)."""
    csp = response.get("Content-Security-Policy", "")
    return {
        "hsts_missing": int(
            not response.get("Strict-Transport-Security", "").startswith("max-age=")
        ),
        "csp_object_src_missing": int("object-src 'none'" not in csp),
        "csp_base_uri_missing": int("base-uri 'none'" not in csp),
        "frame_ancestors_missing": int("frame-ancestors 'none'" not in csp),
        "nosniff_missing": int(response.get("X-Content-Type-Options") != "nosniff"),
        "referrer_policy_missing": int(not response.get("Referrer-Policy")),
        "personal_data_pages": int(personal),
        "no_store_missing": int(personal and "no-store" not in response.get("Cache-Control", "")),
    }


def public_figures(response, *, public: bool) -> dict[str, int]:
    """Pages for the signed out (reply and feedback links, the council room) and whether they
    lack `no-store` (issue 15, point 5)."""
    lacking = public and "no-store" not in response.get("Cache-Control", "")
    return {"public_pages": int(public), "public_pages_without_no_store": int(lacking)}


def cookie_problems(cookies) -> list[str]:
    """The cookies (a SimpleCookie) that lack Secure, HttpOnly or the __Host- prefix."""
    return [
        name
        for name, morsel in cookies.items()
        if morsel.value  # a deleted cookie (empty value, expired) is not set
        and not (
            morsel["secure"]
            and morsel["httponly"]
            and name.startswith("__Host-")
            and morsel["path"] == "/"
            and not morsel["domain"]
        )
    ]


def header_problems(response) -> list[str]:
    problems = []
    csp = response.get("Content-Security-Policy", "")
    for directive in ("object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"):
        if directive not in csp:
            problems.append(f"CSP lacks {directive}: {csp!r}")
    expected = {
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "same-origin",
        "Strict-Transport-Security": "max-age=63072000; includeSubDomains; preload",
    }
    for header, value in expected.items():
        if response.get(header) != value:
            problems.append(f"{header}: expected {value!r}, got {response.get(header)!r}")
    if "no-store" not in response.get("Cache-Control", ""):
        problems.append(f"Cache-Control lacks no-store: {response.get('Cache-Control')!r}")
    return problems


@pytest.mark.django_db
@override_settings(**PRODUCTION_LIKE)
@pytest.mark.parametrize("route", ROUTES, ids=lambda route: route.label.replace(" ", "-"))
def test_headers(route):
    cast = Cast.create()
    role = _role_for(route)
    extra = route.setup(cast) if route.setup else {}
    url = reverse(route.name, kwargs=route.kwargs(cast, extra))
    data = route.data(cast, extra) if route.data else None
    client = _client_for(role, cast)
    response = _request(client, route, url, data)
    signed_in = role not in matrix.SIGNED_OUT
    problems = header_problems(response)
    insecure = cookie_problems(response.cookies)
    problems += [f"cookie {name} lacks Secure, HttpOnly or __Host-" for name in insecure]
    trust.record(
        "headers",
        case=route.label,
        role=role,
        status=response.status_code,
        responses_checked=1,
        **header_figures(response, personal=signed_in and route.citizen_data),
        **public_figures(response, public=not signed_in),
        cookies_checked=sum(1 for morsel in response.cookies.values() if morsel.value),
        cookies_insecure=len(insecure),
    )
    assert not problems, f"{route.label} as {role} ({response.status_code}):\n  " + "\n  ".join(
        problems
    )


@pytest.mark.django_db
@override_settings(**PRODUCTION_LIKE)
def test_cookies_are_host_prefixed_secure_and_http_only(cast):
    client = Client(headers={"X-Forwarded-Proto": "https"})
    response = client.get("/accounts/login/")
    assert "__Host-csrftoken" in response.cookies
    response = client.post(
        "/accounts/login/", {"username": cast.worker.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    response = client.post("/i18n/setlang/", {"language": "sv", "next": "/"})
    cookies = client.cookies
    trust.record(
        "headers",
        case="cookies after login and language choice",
        cookies_checked=len(cookies),
        cookies_insecure=len(cookie_problems(cookies)),
    )
    for name in ("__Host-sessionid", "__Host-csrftoken", "__Host-language"):
        morsel = cookies[name]
        assert morsel["secure"], name
        assert morsel["httponly"], name
        assert morsel["path"] == "/", name
        assert not morsel["domain"], name  # __Host- cookies must not name a domain
        assert morsel["samesite"] in ("Lax", "Strict"), name


def _environment(**extra) -> dict:
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", ""),
        "HTTPS": "1",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "omkreds.example.org",
        "EMAIL_HOST": "smtp.example.org",
        "DJANGO_SETTINGS_MODULE": "omkreds.settings",
    }
    return env | extra


def test_check_deploy_has_no_warnings(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=_environment(OMKREDS_DATA_DIR=str(tmp_path)),
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = result.stdout + result.stderr
    trust.record(
        "headers",
        case="check --deploy",
        deploy_checks_run=1,
        # Every warning is a line "?: (security.W004) ..." (or another check's W id).
        deploy_check_warnings=len(re.findall(r"^\S*: \(\S+\.W\d+\)", output, re.MULTILINE)),
        deploy_check_errors=len(re.findall(r"^\S*: \(\S+\.E\d+\)", output, re.MULTILINE)),
    )
    assert result.returncode == 0, output
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_https_settings_name_cookies_with_the_host_prefix(tmp_path):
    script = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({n: [getattr(s, n + '_NAME'), getattr(s, n + '_SECURE'), "
        "getattr(s, n + '_HTTPONLY'), getattr(s, n + '_DOMAIN', None)] for n in "
        "('SESSION_COOKIE', 'CSRF_COOKIE', 'LANGUAGE_COOKIE')} | "
        "{'hsts': s.SECURE_HSTS_SECONDS, 'ssl_redirect': s.SECURE_SSL_REDIRECT}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=BASE_DIR,
        env=_environment(OMKREDS_DATA_DIR=str(tmp_path)),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.strip().splitlines()[-1])
    for name in ("SESSION_COOKIE", "CSRF_COOKIE", "LANGUAGE_COOKIE"):
        cookie_name, secure, http_only, domain = found[name]
        assert cookie_name.startswith("__Host-"), name
        assert secure and http_only, name
        assert domain is None, name
    assert found["hsts"] >= 31536000
    assert found["ssl_redirect"] is True


def test_the_counting_notices_a_response_without_headers_or_with_a_plain_cookie():
    from django.http import HttpResponse

    response = HttpResponse("Anna Jensen")
    response.set_cookie("messages", "x")
    response.set_cookie("__Host-ok", "y", secure=True, httponly=True, path="/")
    figures = header_figures(response, personal=True)
    assert all(value == 1 for value in figures.values()), figures
    assert cookie_problems(response.cookies) == ["messages"]
