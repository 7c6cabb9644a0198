"""Security headers and cookies on every URL of the authorization matrix, and a clean
`check --deploy` for the production set-up.

Every Route is requested once, as one of its allowed roles, over HTTPS with the settings that
HTTPS=1 turns on in production (HSTS, secure cookies with the __Host- prefix).
"""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from omkreds.lib.testing import matrix
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


def header_problems(response, *, signed_in: bool) -> list[str]:
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
    if signed_in and "no-store" not in response.get("Cache-Control", ""):
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
    problems = header_problems(response, signed_in=role not in matrix.SIGNED_OUT)
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
    assert result.returncode == 0, result.stdout + result.stderr
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
