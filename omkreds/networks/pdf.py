"""The network map as a printable PDF page (A4 or A3, landscape).

A printed map is shared by nature, so it is always rendered with `shared=True`: people with a
safety marker, addresses and notes never reach paper, nor the photo of a safety-marked person.

The page is one SVG, drawn straight to PDF by draw_cairo.py: the heading (the citizen's name,
the version, when it was saved and printed), the map from the one renderer (render.py) with its
legend, and the confidentiality line. WeasyPrint drew the same page from HTML with the map as
an embedded SVG image, about four times slower, and CairoSVG after it spent most of its time
in Python and in stroking the outline of every letter of the names' halo (now a white plate
under each name). The text stays text, each name once (it can be searched, copied and read
out), laid out by Pango, so emoji and right-to-left names print.
Only `data:` pictures are drawn, so drawing never reaches the network or the file system.
"""

import datetime as dt
import re
from collections.abc import Mapping

from django.utils import formats, timezone, translation
from django.utils.translation import gettext

from omkreds.networks import draw_cairo
from omkreds.networks.render import HEIGHT, WIDTH, RenderOptions, render_svg
from omkreds.networks.schema import MapDocument
from omkreds.networks.sectors import SectorSetDef
from omkreds.networks.svg_xml import escape_text

# Landscape paper in millimetres, and the height the map gets on it (as the HTML page had).
PAPER = {"A4": (297, 210), "A3": (420, 297)}
MAP_HEIGHT = {"A4": 158, "A3": 238}
MARGIN_X, MARGIN_Y = 12.0, 10.0
PT = 25.4 / 72  # millimetres in a point
INK, MUTED, RULE = "#24292f", "#57606a", "#d0d7de"
FONT = "DejaVu Sans"
_TITLE = re.compile("<title>[^<]*</title>")


def _date(value) -> str:
    return formats.date_format(value, "DATE_FORMAT")


def _meta(version_number, saved_at, printed_on) -> str:
    parts = []
    if version_number:
        parts.append(gettext("Version %(number)s") % {"number": version_number})
    if saved_at:
        parts.append(gettext("saved %(date)s") % {"date": _date(saved_at)})
    parts.append(gettext("printed %(date)s") % {"date": _date(printed_on)})
    return " · ".join(parts)


def page_svg(
    *, map_svg: str, paper: str, citizen_label: str, meta: str, footer: str, title: str
) -> str:
    """One landscape page in millimetres: heading, the map scaled to fit, footer."""
    width, height = PAPER[paper]
    inner = width - 2 * MARGIN_X
    heading = MARGIN_Y + 16 * PT  # baseline of the 16 pt heading
    rule = heading + 2 * PT + 2
    top = rule + 4
    map_height = MAP_HEIGHT[paper]
    footer_y = top + map_height + 2 + 8 * PT
    # The map keeps its proportions and is centred in its box, as `object-fit: contain` did.
    scale = min(inner / WIDTH, map_height / HEIGHT)
    map_x = MARGIN_X + (inner - WIDTH * scale) / 2
    map_y = top + (map_height - HEIGHT * scale) / 2
    # Screen readers' titles of each person are not drawn; the drawer need not read them.
    map_svg = _TITLE.sub("", map_svg)
    nested = map_svg.replace(
        "<svg ",
        f'<svg x="{map_x:.3f}" y="{map_y:.3f}" width="{WIDTH * scale:.3f}" '
        f'height="{HEIGHT * scale:.3f}" preserveAspectRatio="xMidYMid meet" ',
        1,
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}mm" height="{height}mm" '
        f'viewBox="0 0 {width} {height}" font-family="{FONT}">'
        f"<title>{escape_text(title)}</title>"
        f'<text x="{MARGIN_X}" y="{heading:.3f}" font-size="{16 * PT:.3f}" font-weight="700" '
        f'fill="{INK}">{escape_text(citizen_title(citizen_label))}</text>'
        f'<text x="{width - MARGIN_X}" y="{heading:.3f}" font-size="{10 * PT:.3f}" '
        f'text-anchor="end" fill="{MUTED}">{escape_text(meta)}</text>'
        f'<line x1="{MARGIN_X}" y1="{rule:.3f}" x2="{width - MARGIN_X}" y2="{rule:.3f}" '
        f'stroke="{RULE}" stroke-width="{1 * PT:.3f}" />'
        f"{nested}"
        f'<text x="{MARGIN_X}" y="{footer_y:.3f}" font-size="{8 * PT:.3f}" fill="{MUTED}">'
        f"{escape_text(footer)}</text>"
        "</svg>"
    )


def citizen_title(citizen_label: str) -> str:
    return gettext("Network map of %(citizen)s") % {"citizen": citizen_label}


def draw_pdf(svg: str, *, title: str) -> bytes:
    return draw_cairo.pdf(svg, title=title, creator="Omkreds")


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
    if paper not in PAPER:
        raise ValueError(f"Unknown paper size {paper!r}.")
    language = language or translation.get_language() or "en"
    with translation.override(language):
        map_svg = render_svg(
            document, sector_set, citizen_label, RenderOptions(shared=True, photos=photos or {})
        )
        title = citizen_title(citizen_label)
        page = page_svg(
            map_svg=map_svg,
            paper=paper,
            citizen_label=citizen_label,
            meta=_meta(
                version_number,
                timezone.localtime(saved_at) if saved_at else None,
                timezone.localdate(),
            ),
            footer=gettext(
                "Confidential: personal data. People marked do-not-contact are left out of "
                "every printed map."
            ),
            title=title,
        )
        return draw_pdf(page, title=title)
