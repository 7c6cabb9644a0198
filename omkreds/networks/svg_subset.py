"""The subset of SVG that Omkreds writes (render.py, pdf.page_svg) and draw_cairo.py draws:
the elements and their drawn attributes, the keywords understood, what is inherited and its
defaults. `unknown_features` lists whatever in a drawing is outside the subset, so a test fails
when render.py starts writing something the drawer would silently leave out.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET  # nosec B405  # only the Element type; parsed by defusedxml

from defusedxml import ElementTree as SafeET

from omkreds.networks.svg_values import (
    aspect_ratio,
    numbers,
    paint_known,
    path_known,
    transform_known,
)

SVG_NS = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"

_PAINT = {"fill", "fill-opacity", "stroke", "stroke-width", "stroke-dasharray", "stroke-opacity"}
_FONT = {"font-family", "font-size", "font-weight", "text-anchor", "dominant-baseline"}
_COMMON = _PAINT | _FONT | {"opacity", "transform", "paint-order"}
# Element -> the attributes that are drawn. Ids, classes, roles, aria-* and data-* are not drawn.
ELEMENTS: dict[str, frozenset[str]] = {
    "svg": frozenset(_COMMON | {"x", "y", "width", "height", "viewBox", "preserveAspectRatio"}),
    "g": frozenset(_COMMON | {"clip-path"}),
    "defs": frozenset(),
    "title": frozenset(),
    "marker": frozenset(
        {"viewBox", "refX", "refY", "markerWidth", "markerHeight", "orient", "markerUnits"}
    ),
    "clipPath": frozenset({"clipPathUnits"}),
    "circle": frozenset(_COMMON | {"cx", "cy", "r", "clip-path"}),
    "rect": frozenset(_COMMON | {"x", "y", "width", "height", "rx", "ry", "clip-path"}),
    "line": frozenset(_COMMON | {"x1", "y1", "x2", "y2", "marker-end"}),
    "polyline": frozenset(_COMMON | {"points", "marker-end"}),
    "path": frozenset(_COMMON | {"d"}),
    "text": frozenset(_COMMON | {"x", "y", "unicode-bidi"}),
    "image": frozenset(
        {"x", "y", "width", "height", "href", "preserveAspectRatio", "clip-path", "opacity"}
    ),
}
IGNORED = frozenset({"id", "class", "role", "xmlns", "focusable"})
KEYWORDS = {
    "text-anchor": {"start", "middle", "end"},
    "dominant-baseline": {
        "auto",
        "alphabetic",
        "middle",
        "central",
        "hanging",
        "text-before-edge",
        "text-after-edge",
    },
    "paint-order": {"normal", "stroke", "stroke fill", "fill", "fill stroke"},
    "unicode-bidi": {"normal", "plaintext"},
    "orient": {"auto"},
    "markerUnits": {"strokeWidth"},
    "clipPathUnits": {"userSpaceOnUse"},
}
INHERITED = frozenset(_PAINT | _FONT | {"paint-order"})
DEFAULTS = {
    "fill": "black",
    "fill-opacity": "1",
    "stroke": "none",
    "stroke-width": "1",
    "stroke-dasharray": "none",
    "stroke-opacity": "1",
    "font-family": "sans-serif",
    "font-size": "16",
    "font-weight": "normal",
    "text-anchor": "start",
    "dominant-baseline": "auto",
    "paint-order": "normal",
}


def local_name(name: str) -> str:
    if name == XLINK_HREF:
        return "href"
    return name.rsplit("}", 1)[-1]


def parse(svg: str) -> ET.Element:
    """The drawing's root element; a DOCTYPE (so any entity) is refused with a ValueError."""
    return SafeET.fromstring(svg, forbid_dtd=True)


def unknown_features(svg: str) -> list[str]:
    """What in `svg` this module does not draw: elements, attributes and values outside the
    subset. Empty for everything render.py and pdf.page_svg write."""
    problems = []
    checks = {
        "fill": paint_known,
        "stroke": paint_known,
        "transform": transform_known,
        "d": path_known,
        # Text is drawn as one line from its first position.
        "x": lambda value: len(numbers(value)) <= 1,
        "y": lambda value: len(numbers(value)) <= 1,
    }
    for element in parse(svg).iter():
        tag = local_name(element.tag)
        if tag not in ELEMENTS:
            problems.append(f"<{tag}>")
            continue
        if tag == "text" and len(element):
            problems.append("<text> with child elements")
        allowed = ELEMENTS[tag]
        for raw, value in element.attrib.items():
            name = local_name(raw)
            if name in IGNORED or name.startswith(("aria-", "data-")):
                continue
            if name not in allowed:
                problems.append(f"<{tag} {name}>")
                continue
            known = value in KEYWORDS[name] if name in KEYWORDS else True
            if name in checks:
                known = checks[name](value)
            elif name == "preserveAspectRatio":
                known = aspect_ratio(value) is not None
            if not known:
                problems.append(f"<{tag} {name}={value!r}>")
    return problems
