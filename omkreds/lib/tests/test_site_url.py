"""`make run PORT=8001`: the links in mail and letters point at port 8001 (issue 17, point 6).

The Makefile exports PORT to the server it starts; settings.py builds SITE_URL from it when
SITE_URL is not set. Each case imports the settings in a process of its own, as the server
would; the reply link an invitation mail and letter carry is built from SITE_URL.
"""

import types
import uuid

import pytest

from omkreds.invitations.links import reply_url
from omkreds.lib.tests.test_env import run_python

SITE_URL = """
    from omkreds import settings
    print(settings.SITE_URL)
"""


@pytest.mark.parametrize(
    ("env", "start"),
    [
        ({}, "http://127.0.0.1:8000"),
        ({"PORT": "8001"}, "http://127.0.0.1:8001"),
        ({"PORT": "9123"}, "http://127.0.0.1:9123"),
        ({"PORT": "8001", "SITE_URL": "https://omkreds.kommune.dk/"}, "https://omkreds.kommune.dk"),
    ],
)
def test_site_url_follows_the_port_unless_it_is_set(tmp_path, env, start):
    result = run_python(SITE_URL, tmp_path, DEBUG="1", **env)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == start


def test_the_reply_link_in_mail_and_letters_starts_with_site_url(settings):
    settings.SITE_URL = "http://127.0.0.1:8001"
    invitees = [
        types.SimpleNamespace(meeting_id=uuid.uuid4(), pk=pk, token_nonce=f"n{pk}")
        for pk in (1, 2, 3)
    ]

    for invitee in invitees:
        link = reply_url(invitee)
        assert link.startswith(f"http://127.0.0.1:8001/meetings/{invitee.meeting_id}/reply/")


@pytest.mark.parametrize("port", ["eighty", "0", "70000"])
def test_a_bad_port_stops_the_settings(tmp_path, port):
    result = run_python("import omkreds.settings", tmp_path, DEBUG="1", PORT=port)

    assert result.returncode != 0
    assert "PORT=" in result.stderr.strip().splitlines()[-1]


def test_make_run_and_serve_export_the_port():
    from pathlib import Path

    makefile = (Path(__file__).resolve().parents[3] / "Makefile").read_text()
    run = makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    serve = makefile.split("\nserve:", 1)[1].split("\n\n", 1)[0]

    assert 'export PORT="$(PORT)"' in run
    assert 'PORT="$(PORT)"' in serve
