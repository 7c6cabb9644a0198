"""The production static set-up: collectstatic with hashed names, served by WhiteNoise."""

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_collectstatic_and_pages_with_the_manifest(tmp_path):
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "omkreds.settings",
        "OMKREDS_DATA_DIR": str(tmp_path),
        "SECRET_KEY": "static-test-" + "s" * 50,
        "DEBUG": "0",
        "STATIC_MANIFEST": "1",
        "LOG_LEVEL": "ERROR",
    }

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
        )

    collected = run("manage.py", "collectstatic", "--noinput", "-v", "0")
    assert collected.returncode == 0, collected.stderr
    assert (tmp_path / "static" / "staticfiles.json").exists()
    assert (tmp_path / "static" / "css" / "omkreds.css").exists()
    assert list((tmp_path / "static" / "css").glob("omkreds.*.css.gz"))
    # The editor's modules import each other by their hashed names.
    (entry,) = (tmp_path / "static" / "networks").glob("editor.*.js")
    imports = re.findall(r'from "(\./editor/[^"]+)"', entry.read_text())
    assert len(imports) >= 7
    assert all(re.search(r"\.[0-9a-f]{12}\.js$", name) for name in imports), imports

    # The login page reads the organisations' sign-in settings: a migrated database, as served.
    migrated = run("manage.py", "migrate", "--noinput", "-v", "0")
    assert migrated.returncode == 0, migrated.stderr
    served = run(
        "-c",
        textwrap.dedent(
            """
            import re, django
            django.setup()
            from django.test import Client
            client = Client()
            page = client.get("/accounts/login/")
            assert page.status_code == 200, page.status_code
            urls = re.findall(r'(?:href|src)="(/static/[^"]+)"', page.content.decode())
            assert urls, "no static files on the login page"
            for url in urls:
                assert re.search(r"\\.[0-9a-f]{12}\\.", url), url
                response = client.get(url)
                assert response.status_code == 200, url
                assert "immutable" in response["Cache-Control"], url
                print(url)
            """
        ),
    )
    assert served.returncode == 0, served.stderr
    assert "/static/css/omkreds." in served.stdout
