"""Whole-string text drawing for CairoSVG, which draws the map's PNG and PDF.

CairoSVG draws every text element letter by letter (a font lookup, a measurement, a save and
a restore per letter) and then strokes an outline of every letter again for `stroke`. For a
500-person map that was most of the time. The map's text is simple: one line, one `x` and
one `y`, an anchor and a baseline. Such text is drawn here in one `show_text` call, which
places the glyphs at the same advances as CairoSVG's letter-by-letter loop; the white halo
under names (`paint-order="stroke"`) is stroked first and the letters filled over it, as
browsers do. Anything else (several positions, `dx`, rotation, spacing, text on a path, child
elements) is handed to CairoSVG's own function unchanged.

`install()` puts the function into CairoSVG's table of element handlers; it is idempotent.
The text stays text in a PDF: it can be searched, copied and read out.
"""

from __future__ import annotations

import cairocffi as cairo
import cairosvg.surface
from cairosvg.helpers import normalize, paint, size

_ORIGINAL = cairosvg.surface.TAGS["text"]
_NOT_SIMPLE = ("dx", "dy", "rotate", "letter-spacing", "textLength")


def _single(value: str | None) -> bool:
    return value is None or " " not in normalize(value).strip()


def _simple(node) -> bool:
    if node.tag != "text" or not node.text or node.children:
        return False
    if any(name in node for name in _NOT_SIMPLE):
        return False
    if node.get_href() or node.parent.get_href():
        return False
    return _single(node.get("x")) and _single(node.get("y"))


def _colour(surface, value: str | None, opacity: float):
    _source, colour = paint(value)
    return surface.map_color(colour, opacity)


def text(surface, node, draw_as_text: bool = False):
    if not _simple(node):
        return _ORIGINAL(surface, node, draw_as_text)
    context = surface.context
    family = (node.get("font-family") or "sans-serif").split(",")[0].strip("\"' ")
    weight = node.get("font-weight")
    bold = weight == "bold" or (weight is not None and weight.isdigit() and int(weight) >= 550)
    slant = getattr(cairo, f"FONT_SLANT_{node.get('font-style', 'normal')}".upper(), None)
    context.select_font_face(
        family,
        cairo.FONT_SLANT_NORMAL if slant is None else slant,
        cairo.FONT_WEIGHT_BOLD if bold else cairo.FONT_WEIGHT_NORMAL,
    )
    context.set_font_size(surface.font_size)
    ascent, descent, _height, max_x_advance, max_y_advance = context.font_extents()
    x_bearing, y_bearing, width, height, x_advance, _y_advance = context.text_extents(node.text)

    # Alignment as in CairoSVG's own text().
    x_align = y_align = 0.0
    anchor = node.get("text-anchor")
    if anchor == "middle":
        x_align = -(width / 2 + x_bearing)
    elif anchor == "end":
        x_align = -(width + x_bearing)
    if max_x_advance > 0 and max_y_advance == 0:
        display_anchor = node.get("display-anchor")
        baseline = node.get("dominant-baseline") or node.get("alignment-baseline")
        if display_anchor == "middle":
            y_align = -height / 2 - y_bearing
        elif display_anchor == "top":
            y_align = -y_bearing
        elif display_anchor == "bottom":
            y_align = -height - y_bearing
        elif baseline in ("central", "middle"):
            y_align = (ascent + descent) / 2 - descent
        elif baseline in ("text-before-edge", "before_edge", "top", "hanging", "text-top"):
            y_align = ascent
        elif baseline in ("text-after-edge", "after_edge", "bottom", "text-bottom"):
            y_align = -descent

    x = size(surface, node["x"], "x") if "x" in node else surface.cursor_position[0]
    y = size(surface, node["y"], "y") if "y" in node else surface.cursor_position[1]
    x += x_align
    y += y_align
    visible = node.get("display", "inline") != "none" and node.get("visibility") != "hidden"
    if surface.stroke_and_fill and visible:
        opacity = float(node.get("opacity", 1))
        stroke = node.get("stroke")
        fill = node.get("fill", "black")
        if stroke and stroke != "none" and node.get("paint-order", "").startswith("stroke"):
            # The halo first, the letters over it.
            context.save()
            context.move_to(x, y)
            context.text_path(node.text)
            context.set_line_width(size(surface, node.get("stroke-width", "1")))
            stroke_opacity = float(node.get("stroke-opacity", 1)) * opacity
            context.set_source_rgba(*_colour(surface, stroke, stroke_opacity))
            context.stroke()
            context.restore()
            stroke = None
        if fill != "none":
            context.save()
            context.move_to(x, y)
            fill_opacity = float(node.get("fill-opacity", 1)) * opacity
            context.set_source_rgba(*_colour(surface, fill, fill_opacity))
            context.show_text(node.text)
            context.restore()
        if stroke and stroke != "none":
            context.save()
            context.move_to(x, y)
            context.text_path(node.text)
            context.set_line_width(size(surface, node.get("stroke-width", "1")))
            stroke_opacity = float(node.get("stroke-opacity", 1)) * opacity
            context.set_source_rgba(*_colour(surface, stroke, stroke_opacity))
            context.stroke()
            context.restore()
    # CairoSVG fills and strokes the current path after this handler: leave none.
    context.new_path()
    surface.cursor_position = (x - x_align + x_advance, y - y_align)
    return None


def install() -> None:
    for tag in ("text",):
        cairosvg.surface.TAGS[tag] = text
