"""Photos and scans of paper maps beside a map version (issue 14, point 5): attach, show beside
the version and in compare, take off, stale and bad writes refused, the case team only."""

import io
import re

import pytest
from PIL import Image

from omkreds.access.models import AccessLogEntry, ChangeRecord
from omkreds.networks.models import MapScan
from omkreds.networks.scans.services import MAX_SCANS_PER_VERSION, seen_keys
from omkreds.networks.tests.scans.helpers import (
    paper_pdf,
    pdf_with_js,
    picture,
    three_versions,
    upload,
)

pytestmark = pytest.mark.django_db


def url(citizen, rest=""):
    return f"/citizens/{citizen.pk}/map/{rest}"


def attach(client, cast, number, raw, name, *, seen=None, **extra):
    if seen is None:
        seen = seen_keys(MapScan.objects.filter(version__number=number))
    return client.post(
        url(cast.citizen, f"versions/{number}/scans/"),
        {"scan": upload(raw, name), "seen": seen},
        **extra,
    )


THREE = [
    (lambda: picture("JPEG", (2400, 1600), exif=True), "kitchen-table.jpg", "image/jpeg"),
    (lambda: picture("PNG", (640, 480), mode="RGBA"), "close-up.png", "image/png"),
    (paper_pdf, "a3-scan.pdf", "image/jpeg"),
]


def test_worker_attaches_a_photo_a_picture_and_a_pdf_each_shown_beside_the_version(
    cast, login_as, private_storage
):
    three_versions(cast)
    client = login_as(cast.worker)
    for make, name, _type in THREE:
        response = attach(client, cast, 2, make(), name)
        assert response.status_code == 302
        assert response["Location"].endswith(url(cast.citizen, "versions/2/#scans"))
    scans = list(MapScan.objects.order_by("created_at"))
    assert [s.source for s in scans] == ["image", "image", "pdf"]
    assert [s.version.number for s in scans] == [2, 2, 2]
    page = client.get(url(cast.citizen, "versions/2/")).content.decode()
    for index, (scan, (_make, name, content_type)) in enumerate(zip(scans, THREE, strict=True)):
        address = url(cast.citizen, f"versions/2/scans/{scan.key}/")
        assert f'src="{address}"' in page
        assert f"Photo or scan of the paper map of version 2 ({index + 1} of 3)" in page
        assert name not in page  # the upload's name is never kept
        before = AccessLogEntry.objects.filter(object_type="map_scan", object_id=scan.key).count()
        response = client.get(address)
        assert response.status_code == 200
        assert response["Content-Type"] == content_type
        assert {"private", "no-store"} <= set(response["Cache-Control"].replace(" ", "").split(","))
        body = b"".join(response.streaming_content)
        assert b"SecretCamera" not in body
        with Image.open(io.BytesIO(body)) as image:
            assert image.size == (scan.width, scan.height) and max(image.size) <= 2000
        after = AccessLogEntry.objects.filter(object_type="map_scan", object_id=scan.key).count()
        assert after == before + 1
    assert "First page of a PDF." in page
    # Each addition is in the citizen's change history.
    kinds = ChangeRecord.objects.filter(citizen=cast.citizen).values_list("kind", flat=True)
    assert list(kinds).count("map_scan_added") == 3
    # Another version shows none, and offers to attach one.
    other = client.get(url(cast.citizen, "versions/3/")).content.decode()
    assert "No photo or scan of a paper map is attached to this version." in other
    assert 'name="scan"' in other


def test_compare_shows_the_scans_of_both_versions(cast, login_as, private_storage):
    three_versions(cast)
    client = login_as(cast.worker)
    for number in (1, 1, 3):
        assert attach(client, cast, number, picture(), "paper.jpg").status_code == 302
    page = client.get(url(cast.citizen, "compare/?a=1&b=3")).content.decode()
    keys = {s.key: s.version.number for s in MapScan.objects.all()}
    for key, number in keys.items():
        assert url(cast.citizen, f"versions/{number}/scans/{key}/") in page
    assert "Photo or scan of the paper map of version 1 (2 of 2)" in page
    assert "Photo or scan of the paper map of version 3 (1 of 1)" in page
    # Compare only shows: nothing to take off there.
    assert "/remove/" not in page
    without = client.get(url(cast.citizen, "compare/?a=1&b=2")).content.decode()
    assert without.count("Photo or scan of the paper map of version 1") == 2
    assert "version 2 (" not in without


def test_worker_takes_each_scan_off_with_its_file(cast, login_as, private_storage):
    three_versions(cast)
    client = login_as(cast.worker)
    for make, name, _type in THREE:
        attach(client, cast, 3, make(), name)
    scans = list(MapScan.objects.all())
    files = [private_storage / s.file.name for s in scans]
    assert all(f.exists() for f in files)
    for scan, path in zip(scans, files, strict=True):
        seen = seen_keys(MapScan.objects.all())
        response = client.post(
            url(cast.citizen, f"versions/3/scans/{scan.key}/remove/"), {"seen": seen}
        )
        assert response.status_code == 302
        assert not MapScan.objects.filter(pk=scan.pk).exists()
        assert not path.exists()
    assert ChangeRecord.objects.filter(kind="map_scan_removed").count() == 3


def test_a_stale_page_gets_409_and_nothing_changes(cast, login_as, private_storage):
    three_versions(cast)
    client = login_as(cast.worker)
    attach(client, cast, 2, picture(), "one.jpg")
    first = MapScan.objects.get()
    # A page opened before the first scan was added says it saw none.
    response = attach(client, cast, 2, picture(), "two.jpg", seen="")
    assert response.status_code == 409
    assert (
        "The scans of this version changed since you opened this page." in response.content.decode()
    )
    assert MapScan.objects.count() == 1
    assert len(list(private_storage.rglob("*.jpg"))) == 1
    # Taking off a scan that is already gone, or with a stale page, changes nothing either.
    stale = client.post(url(cast.citizen, f"versions/2/scans/{first.key}/remove/"), {"seen": ""})
    assert stale.status_code == 409
    assert MapScan.objects.count() == 1
    seen = first.key
    assert (
        client.post(
            url(cast.citizen, f"versions/2/scans/{first.key}/remove/"), {"seen": seen}
        ).status_code
        == 302
    )
    gone = client.post(url(cast.citizen, f"versions/2/scans/{first.key}/remove/"), {"seen": seen})
    assert gone.status_code == 409


@pytest.mark.parametrize(
    ("raw", "name", "message"),
    [
        (b"Mor, Far, Lise", "notes.txt", "This file is not a picture or PDF we can use."),
        (pdf_with_js(), "map.pdf", "This PDF contains scripts, which are not accepted."),
        (b"\xff\xd8" + b"\0" * (5 * 1024 * 1024), "big.jpg", "The file is too large."),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_is_kept(
    cast, login_as, private_storage, raw, name, message
):
    three_versions(cast)
    client = login_as(cast.worker)
    response = attach(client, cast, 2, raw, name)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not MapScan.objects.exists()
    assert not private_storage.exists() or not any(private_storage.rglob("*.*"))
    assert not ChangeRecord.objects.filter(kind="map_scan_added").exists()


def test_the_refusal_is_in_the_worker_s_language(cast, login_as, private_storage):
    three_versions(cast)
    client = login_as(cast.worker)
    english = "This PDF contains scripts, which are not accepted."
    for language in ("da", "sv"):
        response = attach(client, cast, 2, pdf_with_js(), "map.pdf", HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 400
        body = response.content.decode()
        assert english not in body and "PDF" in body
    assert not MapScan.objects.exists()


def test_a_version_takes_at_most_five_scans(cast, login_as, private_storage):
    three_versions(cast)
    client = login_as(cast.worker)
    for _ in range(MAX_SCANS_PER_VERSION):
        assert attach(client, cast, 1, picture(size=(60, 40)), "p.jpg").status_code == 302
    page = client.get(url(cast.citizen, "versions/1/")).content.decode()
    assert 'name="scan"' not in page
    response = attach(client, cast, 1, picture(size=(60, 40)), "p.jpg")
    assert response.status_code == 400
    assert "A version can have at most 5 scans." in response.content.decode()
    assert MapScan.objects.count() == MAX_SCANS_PER_VERSION


def test_only_the_case_team_sees_the_scans(cast, login_as, private_storage):
    three_versions(cast)
    attach(login_as(cast.worker), cast, 2, picture(), "paper.jpg")
    scan = MapScan.objects.get()
    address = url(cast.citizen, f"versions/2/scans/{scan.key}/")
    lead = login_as(cast.lead)
    assert lead.get(address).status_code == 200
    assert address in lead.get(url(cast.citizen, "versions/2/")).content.decode()
    # A professional under a consent reads the shared copy: a picture of paper cannot be
    # filtered, so neither the picture nor word of it.
    professional = login_as(cast.professional)
    page = professional.get(url(cast.citizen, "versions/2/")).content.decode()
    assert "The paper map" not in page and scan.key not in page
    compare = professional.get(url(cast.citizen, "compare/?a=1&b=2")).content.decode()
    assert scan.key not in compare
    assert professional.get(address).status_code == 404
    assert AccessLogEntry.objects.filter(
        user=cast.professional, action="refused", object_type="view_map"
    ).exists()
    for user in (cast.outsider, cast.colleague):
        assert login_as(user).get(address).status_code == 404
    # Another citizen's version number and key do not mix.
    assert (
        login_as(cast.worker).get(url(cast.citizen, f"versions/3/scans/{scan.key}/")).status_code
        == 404
    )


def test_the_version_page_reads_the_scans_in_a_fixed_number_of_queries(
    cast, login_as, private_storage, django_assert_max_num_queries
):
    three_versions(cast)
    client = login_as(cast.worker)
    counts = []
    for total in (1, 4):
        while MapScan.objects.count() < total:
            attach(client, cast, 2, picture(size=(60, 40)), "p.jpg")
        with django_assert_max_num_queries(25) as captured:
            page = client.get(url(cast.citizen, "versions/2/")).content.decode()
        counts.append(len(captured.captured_queries))
        assert len(re.findall(r'src="[^"]*/versions/2/scans/[0-9a-f]{32}/"', page)) == total
    assert counts[0] == counts[1], counts
