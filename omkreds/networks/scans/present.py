"""What a page shows of a version's scans: the pictures' addresses and the forms."""

from django.urls import reverse

from omkreds.networks.scans import services
from omkreds.networks.scans.forms import ScanForm, ScanRemoveForm


def scans_context(citizen, version, *, shared: bool, editable: bool, scan_form=None) -> dict:
    """What a version's part of a page shows of its scans (one query), and the forms."""
    if shared or version.pk is None:
        return {"scans": [], "scans_shown": False}
    scans = services.scans_of(citizen, [version.number]).get(version.number, [])
    return scans_entry(citizen, version, scans, editable=editable, scan_form=scan_form)


def scans_entry(citizen, version, scans, *, editable: bool, scan_form=None) -> dict:
    seen = services.seen_keys(scans)
    for scan in scans:
        scan.url = reverse("networks:scan", args=[citizen.pk, version.number, scan.key])
    return {
        "scans": scans,
        "scans_shown": True,
        "scan_form": (scan_form or ScanForm(initial={"seen": seen}))
        # A refused form is shown again with its reason, also when the version is full.
        if editable and (scan_form is not None or len(scans) < services.MAX_SCANS_PER_VERSION)
        else None,
        "scan_remove_form": ScanRemoveForm(initial={"seen": seen}) if editable else None,
    }
