"""The PNG export (same renderer as the editor and the PDF), export logging and the OpenAPI
description of every map operation."""

import io

import pytest
from PIL import Image

from omkreds.access.models import AccessLogEntry
from omkreds.access.policy import Action
from omkreds.networks import present
from omkreds.networks.png import map_png
from omkreds.networks.render import render_svg
from omkreds.networks.services import map_save
from omkreds.networks.tests.helpers import contact, data, document, tie


def test_png_is_drawn_from_the_svg_at_twice_its_size():
    svg = render_svg(document([contact("anna", "Anna", valence="negative")]), None, "Kim")
    image = Image.open(io.BytesIO(map_png(svg)))
    assert image.format == "PNG"
    assert image.size == (3000, 2000)
    # Something is drawn: the picture is not one flat colour.
    assert len(image.convert("RGB").resize((60, 40)).getcolors(maxcolors=2400)) > 5


def test_png_never_fetches_outside_resources(tmp_path):
    secret = tmp_path / "secret.png"
    Image.new("RGB", (10, 10), "red").save(secret)
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        'viewBox="0 0 1500 1000"><rect width="1500" height="1000" fill="white"/>'
        f'<image href="file://{secret}" xlink:href="file://{secret}" '
        'width="1500" height="1000"/></svg>'
    )
    image = Image.open(io.BytesIO(map_png(svg))).convert("RGB")
    assert image.getpixel((1500, 1000)) == (255, 255, 255)


def url(citizen, rest=""):
    return f"/citizens/{citizen.pk}/map/{rest}"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/citizens/{pk}/map/export/png/", "/api/v1/citizens/{pk}/map/export/png"]
)
def test_png_export_page_and_api(cast, login_as, path):
    map_save(
        citizen=cast.citizen,
        author=cast.worker,
        document=data(
            [contact("anna", "Anna"), contact("safe", "Hidden", safety_marker=True)],
            [tie("anna", "safe")],
        ),
        based_on=None,
    )
    response = login_as(cast.worker).get(path.format(pk=cast.citizen.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert 'filename="network-map-v1.png"' in response["Content-Disposition"]
    assert Image.open(io.BytesIO(response.content)).size == (3000, 2000)
    assert AccessLogEntry.objects.filter(
        user=cast.worker,
        citizen_id=cast.citizen.pk,
        action=Action.VIEW_MAP,
        object_type="map_export",
        object_id="png",
    ).exists()


@pytest.mark.django_db
def test_every_export_format_is_logged_on_the_page_and_in_the_api(cast, login_as):
    map_save(citizen=cast.citizen, author=cast.worker, document=data([contact("a")]), based_on=None)
    client = login_as(cast.worker)
    for fmt in present.export_formats():
        for path in (
            url(cast.citizen, f"export/{fmt}/"),
            f"/api/v1/citizens/{cast.citizen.pk}/map/export/{fmt}",
        ):
            before = AccessLogEntry.objects.filter(object_type="map_export", object_id=fmt).count()
            assert client.get(path).status_code == 200, path
            after = AccessLogEntry.objects.filter(object_type="map_export", object_id=fmt).count()
            assert after == before + 1, path
    assert "png" in present.export_formats()


@pytest.mark.django_db
def test_unknown_export_is_404_and_the_download_list_offers_png(cast, login_as):
    client = login_as(cast.worker)
    assert client.get(url(cast.citizen, "export/bmp/")).status_code == 404
    assert url(cast.citizen, "export/png/") in client.get(url(cast.citizen)).content.decode()


@pytest.mark.django_db
def test_openapi_lists_every_map_operation(client):
    schema = client.get("/api/v1/openapi.json").json()
    paths = schema["paths"]
    base = "/api/v1/citizens/{citizen_id}/map"
    expected = {
        base: "get",
        base + "/versions": "post",
        base + "/versions/{number}": "get",
        base + "/compare": "get",
        base + "/figures": "get",
        base + "/export/{fmt}": "get",
    }
    for path, method in expected.items():
        assert path in paths, sorted(p for p in paths if "/map" in p)
        assert method in paths[path]
    assert "get" in paths[base + "/versions"]
    assert "png" in paths[base + "/export/{fmt}"]["get"]["description"]


@pytest.mark.django_db
def test_the_api_refuses_an_unknown_format_by_name_and_logs_nothing(cast, login_as):
    client = login_as(cast.worker)
    before = AccessLogEntry.objects.count()

    for fmt in ("bmp", "PNG", "svg.exe"):
        response = client.get(f"/api/v1/citizens/{cast.citizen.pk}/map/export/{fmt}")
        assert response.status_code == 422, fmt
        assert "fmt" in response.json()["errors"], response.json()

    assert AccessLogEntry.objects.count() == before
