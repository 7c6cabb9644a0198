"""The network map as a printable PDF page (A4 or A3, landscape) through WeasyPrint.

A printed map is shared by nature, so it is always rendered with `shared=True`: people with a
safety marker, addresses and notes never reach paper. The SVG is embedded as a data URI and the
fetcher allows data URIs only, so rendering never reaches the network or the file system.
"""

import base64
import datetime as dt
from collections.abc import Mapping

from django.template.loader import render_to_string
from django.utils import timezone, translation
from weasyprint import HTML, URLFetcher

from omkreds.networks.render import RenderOptions, render_svg
from omkreds.networks.schema import MapDocument
from omkreds.networks.sectors import SectorSetDef

PAPER_HEIGHT = {"A4": "158mm", "A3": "238mm"}


def map_pdf(
    *,
    document: MapDocument,
    sector_set: SectorSetDef | None,
    citizen_label: str,
    version_number: int | None = None,
    saved_at: dt.datetime | None = None,
    paper: str = "A4",
    language: str | None = None,
    photos: Mapping[str, str] | None = None,
) -> bytes:
    """`photos`: photo key -> data URI of a thumbnail (see map_photos.photo_data_uris)."""
    if paper not in PAPER_HEIGHT:
        raise ValueError(f"Unknown paper size {paper!r}.")
    language = language or translation.get_language() or "en"
    with translation.override(language):
        svg = render_svg(
            document, sector_set, citizen_label, RenderOptions(shared=True, photos=photos or {})
        )
        html = render_to_string(
            "networks/map_print.html",
            {
                "language": language,
                "paper": paper,
                "map_height": PAPER_HEIGHT[paper],
                "citizen_label": citizen_label,
                "version_number": version_number,
                "saved_at": timezone.localtime(saved_at) if saved_at else None,
                "printed_on": timezone.localdate(),
                "svg_uri": "data:image/svg+xml;base64,"
                + base64.b64encode(svg.encode("utf-8")).decode("ascii"),
            },
        )
        fetcher = URLFetcher(allowed_protocols=["data"], fail_on_errors=False)
        return HTML(string=html, url_fetcher=fetcher).write_pdf()
