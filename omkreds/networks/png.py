"""The network map as a PNG picture, drawn by CairoSVG from the same SVG as the editor and PDF.

CairoSVG runs in its safe mode: no XML entities, and only `data:` URIs are fetched, so drawing
never reaches the network or the file system. Text is drawn a line at a time, with names'
white halo under the letters (cairo_text.py), as in the PDF.
"""

import cairosvg

from omkreds.networks import cairo_text
from omkreds.networks.render import HEIGHT, WIDTH

cairo_text.install()

# Twice the SVG's user units: sharp enough to print at A4 and to zoom on a screen.
SCALE = 2


def map_png(svg: str, *, scale: int = SCALE) -> bytes:
    return cairosvg.svg2png(
        bytestring=svg.encode("utf-8"),
        output_width=WIDTH * scale,
        output_height=HEIGHT * scale,
        background_color="white",
        unsafe=False,
    )
