"""Authorization matrix routes for the photos and scans of paper maps beside map versions
(format: omkreds/lib/testing/matrix.py). Only the case team sees or changes them."""

from django.core.files.uploadedfile import SimpleUploadedFile

from omkreds.lib.testing.matrix import CASE, Route
from omkreds.networks.scans.services import scan_attach
from omkreds.networks.tests.matrix import _two_versions
from omkreds.networks.tests.overview.helpers import picture


def _scanned(cast) -> dict:
    extra = _two_versions(cast)
    scan = scan_attach(
        citizen=cast.citizen,
        by=cast.worker,
        number=extra["first"],
        upload=SimpleUploadedFile("paper.png", picture("PNG", (40, 30))),
        seen="",
    )
    return {**extra, "scan": scan.key}


def _version(cast, extra):
    return {"citizen_id": cast.citizen.pk, "number": extra["first"]}


def _scan(cast, extra):
    return {**_version(cast, extra), "key": extra["scan"]}


ROUTES = [
    Route(
        "networks:scan_attach",
        method="POST",
        kwargs=_version,
        setup=_scanned,
        allowed=CASE,
        ok_status=302,
        data=lambda cast, extra: {
            "scan": SimpleUploadedFile("paper.png", picture("PNG", (40, 30))),
            "seen": extra["scan"],
        },
    ),
    Route(
        "networks:scan",
        kwargs=_scan,
        setup=_scanned,
        allowed=CASE,
        notes="A picture of paper cannot be filtered: not for readers of the shared copy.",
    ),
    Route(
        "networks:scan_remove",
        method="POST",
        kwargs=_scan,
        setup=_scanned,
        allowed=CASE,
        ok_status=302,
        data=lambda cast, extra: {"seen": extra["scan"]},
    ),
]
