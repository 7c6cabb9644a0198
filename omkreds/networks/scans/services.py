"""Attaching a photo or scan of a paper map to a map version, and taking it off again.

Each write names what it was based on: the scans of the version the worker saw (their keys).
If another scan came or went since, the write is refused with `ScanStale` (409) and nothing is
kept. The picture is checked and drawn again before the transaction; inside it the row and the
file are written together (or neither), with a ChangeRecord.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from omkreds.access.history import record_change
from omkreds.lib.errors import WorkflowError
from omkreds.networks.models import MapVersion, NetworkMap
from omkreds.networks.scans.models import MapScan
from omkreds.networks.scans.reading import scan_prepare

# A version carries a few pictures of its paper: the sheet, perhaps a close-up or two.
MAX_SCANS_PER_VERSION = 5

KINDS = {
    "map_scan_added": _("scan of a paper map added"),
    "map_scan_removed": _("scan of a paper map removed"),
}


class ScanError(WorkflowError):
    default_message = _("The scan could not be changed.")


class ScanStale(ScanError):
    default_message = _(
        "The scans of this version changed since you opened this page. "
        "Look at the page again and repeat what you did."
    )


class ScanLimit(ScanError):
    field = "scan"


def scans_of(citizen, numbers: Iterable[int]) -> dict[int, list[MapScan]]:
    """Version number -> its scans, oldest first, for the versions asked for (one query)."""
    found: dict[int, list[MapScan]] = {}
    for scan in (
        MapScan.objects.of(citizen)
        .filter(version__number__in=list(numbers))
        .select_related("uploaded_by")
        .annotate(number=F("version__number"))
    ):
        found.setdefault(scan.number, []).append(scan)
    return found


def seen_keys(scans: Iterable[MapScan]) -> str:
    """What a page says it showed: the keys of the version's scans."""
    return " ".join(sorted(s.key for s in scans))


def _locked_version(citizen, number: int, seen: str) -> MapVersion:
    network_map = NetworkMap.objects.select_for_update().filter(citizen=citizen).first()
    version = (
        network_map.versions.defer("document").filter(number=number).first()
        if network_map
        else None
    )
    if version is None:
        raise MapVersion.DoesNotExist
    if seen_keys(version.scans.all()) != " ".join(sorted(seen.split())):
        raise ScanStale()
    return version


def scan_attach(*, citizen, by, number: int, upload, seen: str) -> MapScan:
    """Check an uploaded photo, scan or PDF and keep its picture beside version `number`.

    Raises `ScanRejected` (not a picture or PDF, too large, a PDF with scripts), `ScanLimit`,
    `ScanStale` or `MapVersion.DoesNotExist`; nothing is kept then, neither row nor file.
    """
    # Decoded and drawn again before the transaction: no lock is held while pixels are drawn.
    encoded, source = scan_prepare(upload)
    scan = None
    try:
        with transaction.atomic():
            version = _locked_version(citizen, number, seen)
            if version.scans.count() >= MAX_SCANS_PER_VERSION:
                raise ScanLimit(
                    _("A version can have at most %(n)d scans. Remove one first."),
                    params={"n": MAX_SCANS_PER_VERSION},
                )
            scan = MapScan(
                version=version,
                content_type=encoded.content_type,
                width=encoded.width,
                height=encoded.height,
                source=source,
                uploaded_by=by,
            )
            # The stored name is ours; the upload's name is never used.
            scan.file.save(f"{scan.key}.{encoded.extension}", ContentFile(encoded.content))
            record_change(
                citizen=citizen,
                by=by,
                kind="map_scan_added",
                obj=scan,
                summary=f"version {number} · {scan.width}×{scan.height}",
            )
    except BaseException:
        # The row went with the rolled-back transaction; the file must go too.
        if scan is not None and scan.file.name:
            scan.file.storage.delete(scan.file.name)
        raise
    return scan


def scan_remove(*, citizen, by, number: int, key: str, seen: str) -> None:
    """Take a scan off version `number`: its row and its file. Raises `ScanStale` when the page
    did not show the version's scans as they are (the scan already gone, another added)."""
    with transaction.atomic():
        version = _locked_version(citizen, number, seen)
        scan = version.scans.filter(key=key).first()
        if scan is None:
            raise ScanStale()
        record_change(
            citizen=citizen,
            by=by,
            kind="map_scan_removed",
            obj=scan,
            summary=f"version {number}",
        )
        scan.delete()  # its file goes with it (NetworksConfig.ready)
