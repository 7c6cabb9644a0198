"""The scans of paper maps in the citizen's insight export (GDPR art. 15): each file in the
archive, listed in insight.json and counted in the summary; none of a version with someone
safety-marked on it."""

import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from omkreds.networks.scans.services import scan_attach, seen_keys
from omkreds.networks.services import map_save
from omkreds.networks.tests.helpers import contact, data
from omkreds.networks.tests.scans.helpers import paper_pdf, picture

pytestmark = pytest.mark.django_db


def _attach(cast, number, raw, name):
    from omkreds.networks.models import MapScan

    return scan_attach(
        citizen=cast.citizen,
        by=cast.worker,
        number=number,
        upload=SimpleUploadedFile(name, raw),
        seen=seen_keys(MapScan.objects.filter(version__number=number)),
    )


def test_the_insight_export_holds_each_scan_but_none_of_a_version_with_someone_safety_marked(
    cast, login_as, private_storage
):
    anna = contact("anna", "Anna Aunt")
    first = map_save(citizen=cast.citizen, author=cast.worker, document=data([anna]), based_on=None)
    second = map_save(
        citizen=cast.citizen,
        author=cast.worker,
        document=data([anna, contact("bo", "Bo Hidden", safety_marker=True)]),
        based_on=first.number,
    )
    kept = [
        _attach(cast, first.number, picture("JPEG", (300, 200)), "table.jpg"),
        _attach(cast, first.number, picture("PNG", (200, 100), mode="RGBA"), "close.png"),
        _attach(cast, first.number, paper_pdf(), "a3.pdf"),
    ]
    withheld = _attach(cast, second.number, picture("JPEG", (120, 80)), "bo.jpg")

    response = login_as(cast.worker).get(f"/citizens/{cast.citizen.pk}/insight.zip?language=da")
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    found = json.loads(archive.read("insight.json"))
    listed = {row["key"]: row for row in found["map_scans"]}
    assert set(listed) == {scan.key for scan in kept}
    for scan in kept:
        row = listed[scan.key]
        assert "file" not in row
        name = row["file_in_export"]
        assert name.startswith(f"map_scans/version-{first.number}-{scan.key}.")
        with scan.file.open("rb") as handle:
            assert archive.read(name) == handle.read()
        assert (row["width"], row["height"], row["source"]) == (
            scan.width,
            scan.height,
            scan.source,
        )
    names = [n for n in archive.namelist() if n.startswith("map_scans/")]
    assert len(names) == 3
    assert withheld.key not in " ".join(archive.namelist())
    assert withheld.key not in archive.read("insight.json").decode()
    summary = archive.read("summary.html").decode()
    assert "map_scans" in summary and "3" in summary
