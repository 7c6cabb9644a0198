"""The favicon, and the interactive API docs served from this site (issue 17, point 6)."""

import re

import pytest


def test_favicon_ico_is_served_at_the_root(client, db):
    response = client.get("/favicon.ico")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    body = b"".join(response.streaming_content)
    assert body[:4] == b"\x00\x00\x01\x00"  # an ICO file's header
    assert int.from_bytes(body[4:6], "little") == 3  # 16, 32 and 48 pixels


@pytest.mark.parametrize("path", ["/accounts/login/", "/accounts/password/reset/"])
def test_every_page_names_the_svg_icon(client, db, path):
    page = client.get(path).content.decode()

    [href] = re.findall(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', page)
    icon = client.get(href)
    assert icon.status_code == 200
    assert icon["Content-Type"].startswith("image/svg+xml")
    assert b"<svg" in b"".join(icon.streaming_content)


def test_the_api_docs_load_their_scripts_from_this_site(client, db):
    response = client.get("/api/v1/docs")

    assert response.status_code == 200
    page = response.content.decode()
    scripts = re.findall(r'<script src="([^"]+)"', page)
    folder = "/static/vendor/swagger-ui-ninja-1.7.1"
    assert scripts == [f"{folder}/swagger-ui-bundle.js", f"{folder}/swagger-ui-init.js"]
    for src in scripts:
        assert client.get(src).status_code == 200
    assert '"url": "/api/v1/openapi.json"' in page
    # The content security policy of every page applies: scripts only from this site.
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert '<html lang="en">' in page
