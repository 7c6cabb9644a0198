"""The network map as a PNG picture, drawn by draw_cairo.py from the same SVG as the editor and
the PDF, on white at twice the SVG's size.

Only `data:` pictures are drawn, so drawing never reaches the network or the file system. Text
is laid out by Pango (emoji and right-to-left names included), each name on a tight white
plate where the browser draws a white halo around the letters.
"""

from omkreds.networks import draw_cairo
from omkreds.networks.render import HEIGHT, WIDTH

# Twice the SVG's user units: sharp enough to print at A4 and to zoom on a screen.
SCALE = 2


def map_png(svg: str, *, scale: int = SCALE) -> bytes:
    return draw_cairo.png(svg, width=WIDTH * scale, height=HEIGHT * scale)
