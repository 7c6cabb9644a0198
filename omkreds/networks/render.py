"""Render a map document as SVG: a pure function, so the editor, the PDF and the PNG agree.

All text goes through ElementTree, which escapes it: a name such as `<script>` is drawn as
those characters, never run. Each contact is a `<g id="contact-{id}" role="img"
aria-label="…">` group with `data-closeness` and `data-angle`, so that the browser editor can
attach to the same geometry (see geometry.py for the formulas).

Valence is shown twice, for people who do not see colour: by colour and by a sign and line
style (positive + solid, negative − dashed, mixed ± dash-dot, neutral no sign, dotted).
"""

import math
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from django.utils import translation
from django.utils.translation import gettext

from omkreds.networks.geometry import (
    Frame,
    fmt,
    polar_to_xy,
    sector_span,
    wedge_path,
    zigzag_points,
)
from omkreds.networks.schema import (
    Contact,
    ContactType,
    MapDocument,
    TieKind,
    Trend,
    Valence,
    shareable,
)
from omkreds.networks.sectors import SectorSetDef

SVG_NS = "http://www.w3.org/2000/svg"
WIDTH, HEIGHT = 1500, 1000
LEGEND_X = 1110
LABEL_CHARS = 24
CONTACT_RADIUS = 14

VALENCE_STYLE = {
    # colour, sign, dash pattern of the outline
    Valence.POSITIVE: ("#1a7f37", "+", ""),
    Valence.NEGATIVE: ("#cf222e", "−", "5 3"),
    Valence.MIXED: ("#8250df", "±", "8 3 2 3"),
    Valence.NEUTRAL: ("#57606a", "", "2 3"),
}
CONFLICT_COLOUR = "#cf222e"
TIE_COLOUR = "#6e7781"
SAFETY_COLOUR = "#bf3989"


@dataclass(frozen=True)
class RenderOptions:
    # For others (shared, printed for the team): no safety-marked people, addresses or notes.
    shared: bool = False
    language: str | None = None
    legend: bool = True
    frame: Frame = field(default_factory=Frame)
    # Prefix for element ids, so that two maps on one page (history) do not clash.
    id_prefix: str = ""
    caption: str = ""


def _short(text: str, limit: int = LABEL_CHARS) -> str:
    if len(text) <= limit:
        return text
    # Do not leave a joiner dangling at the cut (emoji sequences).
    return text[: limit - 1].rstrip("\u200d") + "…"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs) -> ET.Element:
    names = {k.rstrip("_").replace("_", "-"): str(v) for k, v in attrs.items() if v != ""}
    element = ET.SubElement(parent, tag, names)
    if text is not None:
        element.text = text
    return element


def _label(choice) -> str:
    return str(choice.label)


def contact_description(contact: Contact, sector_set: SectorSetDef | None, *, shared: bool) -> str:
    """What a screen reader says for a contact."""
    sector = sector_set.sector(contact.sector) if sector_set else None
    parts = [contact.name]
    if contact.type != ContactType.PERSON:
        parts.append(_label(contact.type))
    parts.append(sector.label() if sector else contact.sector)
    if contact.relation:
        parts.append(contact.relation)
    parts.append(gettext("relation: %(valence)s") % {"valence": _label(contact.valence)})
    if contact.trend != Trend.STEADY:
        parts.append(_label(contact.trend))
    if contact.wanted_closeness is not None:
        if contact.wanted_closeness < contact.closeness:
            parts.append(gettext("wants to be closer"))
        elif contact.wanted_closeness > contact.closeness:
            parts.append(gettext("wants more distance"))
    if contact.safety_marker and not shared:
        parts.append(gettext("do not contact"))
    return ", ".join(parts)


def render_svg(
    document: MapDocument,
    sector_set: SectorSetDef | None,
    citizen_label: str,
    options: RenderOptions | None = None,
) -> str:
    options = options or RenderOptions()
    if options.language:
        with translation.override(options.language):
            return _render(document, sector_set, citizen_label, options)
    return _render(document, sector_set, citizen_label, options)


def _render(document, sector_set, citizen_label, options: RenderOptions) -> str:
    if options.shared:
        document = shareable(document)
    frame = options.frame
    prefix = options.id_prefix
    width = WIDTH if options.legend else int(frame.cx * 2)
    root = ET.Element(
        "svg",
        {
            "xmlns": SVG_NS,
            "viewBox": f"0 0 {width} {HEIGHT}",
            "role": "group",
            "aria-labelledby": f"{prefix}map-title",
            "font-family": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
            "class": "network-map",
        },
    )
    _sub(
        root,
        "title",
        gettext("Network map of %(citizen)s") % {"citizen": citizen_label},
        id=f"{prefix}map-title",
    )
    _defs(root, prefix)

    background = _sub(root, "g", class_="map-background", aria_hidden="true")
    sectors = sector_set.sectors if sector_set else ()
    for index, sector in enumerate(sectors):
        start, end = sector_span(index, len(sectors))
        _sub(
            background,
            "path",
            id=f"{prefix}sector-{sector.key}",
            class_="sector",
            d=wedge_path(frame, start, end),
            fill=sector.colour,
            stroke="#ffffff",
            stroke_width="2",
            **{"data-sector": sector.key},
        )
    for ring in range(1, document.rings + 1):
        _sub(
            background,
            "circle",
            class_="ring",
            cx=fmt(frame.cx),
            cy=fmt(frame.cy),
            r=fmt(frame.radius_at(ring / document.rings)),
            fill="none",
            stroke="#8c959f",
            stroke_width="1",
            stroke_dasharray="4 4" if ring < document.rings else "",
        )
    labels = _sub(root, "g", class_="sector-labels")
    for index, sector in enumerate(sectors):
        start, end = sector_span(index, len(sectors))
        middle = (start + end) / 2
        x, y = polar_to_xy(frame.cx, frame.cy, frame.radius + 22, middle)
        anchor = "middle" if abs(x - frame.cx) < 40 else ("start" if x > frame.cx else "end")
        _sub(
            labels,
            "text",
            sector.label(),
            x=fmt(x),
            y=fmt(y),
            text_anchor=anchor,
            dominant_baseline="middle",
            font_size="20",
            font_weight="600",
            fill="#24292f",
            unicode_bidi="plaintext",
        )

    positions = {c.id: frame.to_xy(c.closeness, c.angle) for c in document.contacts}
    ties = _sub(root, "g", class_="ties")
    for tie in document.ties:
        (x1, y1), (x2, y2) = positions[tie.a], positions[tie.b]
        attrs = {"data-a": tie.a, "data-b": tie.b, "fill": "none"}
        if tie.kind == TieKind.CONFLICT:
            points = " ".join(f"{fmt(x)},{fmt(y)}" for x, y in zigzag_points(x1, y1, x2, y2))
            _sub(
                ties,
                "polyline",
                class_="tie tie-conflict",
                points=points,
                stroke=CONFLICT_COLOUR,
                stroke_width="2",
                **attrs,
            )
        else:
            _sub(
                ties,
                "line",
                class_="tie tie-knows",
                x1=fmt(x1),
                y1=fmt(y1),
                x2=fmt(x2),
                y2=fmt(y2),
                stroke=TIE_COLOUR,
                stroke_width="1.5",
                **attrs,
            )

    centre = _sub(
        root,
        "g",
        id=f"{prefix}citizen",
        class_="citizen",
        role="img",
        aria_label=citizen_label,
    )
    _sub(
        centre,
        "circle",
        cx=fmt(frame.cx),
        cy=fmt(frame.cy),
        r=fmt(frame.r0 - 4),
        fill="#ffffff",
        stroke="#24292f",
        stroke_width="3",
    )
    _sub(
        centre,
        "text",
        _short(citizen_label, 14),
        x=fmt(frame.cx),
        y=fmt(frame.cy),
        text_anchor="middle",
        dominant_baseline="middle",
        font_size="15",
        font_weight="700",
        fill="#24292f",
        unicode_bidi="plaintext",
    )

    wanted = _sub(root, "g", class_="wanted-positions", aria_hidden="true")
    for contact in document.contacts:
        if contact.wanted_closeness is None or math.isclose(
            contact.wanted_closeness, contact.closeness, abs_tol=1e-6
        ):
            continue
        x1, y1 = positions[contact.id]
        x2, y2 = frame.to_xy(contact.wanted_closeness, contact.angle)
        colour = VALENCE_STYLE[contact.valence][0]
        ghost = _sub(
            wanted,
            "g",
            id=f"{prefix}wanted-{contact.id}",
            class_="wanted",
            **{"data-for": contact.id},
        )
        _sub(
            ghost,
            "line",
            x1=fmt(x1),
            y1=fmt(y1),
            x2=fmt(x2),
            y2=fmt(y2),
            stroke=colour,
            stroke_width="1",
            stroke_dasharray="2 3",
        )
        _sub(
            ghost,
            "circle",
            cx=fmt(x2),
            cy=fmt(y2),
            r=str(CONTACT_RADIUS),
            fill=colour,
            fill_opacity="0.15",
            stroke=colour,
            stroke_dasharray="3 3",
        )

    people = _sub(root, "g", class_="contacts")
    for contact in document.contacts:
        _contact(people, contact, positions[contact.id], sector_set, options)

    if options.legend:
        _legend(root, sector_set, options, prefix)
    return ET.tostring(root, encoding="unicode")


def _defs(root: ET.Element, prefix: str) -> None:
    # One arrowhead per colour: `context-stroke` is not understood by every renderer (PDF).
    defs = _sub(root, "defs")
    colours = {"legend": "#24292f"} | {str(v): style[0] for v, style in VALENCE_STYLE.items()}
    for name, colour in colours.items():
        marker = _sub(
            defs,
            "marker",
            id=f"{prefix}arrow-{name}",
            viewBox="0 0 10 10",
            refX="8",
            refY="5",
            markerWidth="4",
            markerHeight="4",
            orient="auto",
        )
        _sub(marker, "path", d="M 0 0 L 10 5 L 0 10 z", fill=colour)


def _shape(group: ET.Element, contact: Contact, colour: str, dash: str, scale=1.0) -> None:
    stroke = {"stroke": colour, "stroke_width": "3", "stroke_dasharray": dash}
    fill = "#d0d7de" if contact.type == ContactType.DECEASED else "#ffffff"
    r = round(CONTACT_RADIUS * scale)
    if contact.type == ContactType.PET:
        _sub(
            group,
            "rect",
            class_="shape",
            x=str(-r),
            y=str(-r),
            width=str(2 * r),
            height=str(2 * r),
            rx="6",
            fill=fill,
            **stroke,
        )
    elif contact.type == ContactType.GROUP:
        _sub(group, "circle", class_="shape", r=str(r + 4), fill=fill, **stroke)
        _sub(group, "circle", r=str(r - 3), fill="none", stroke=colour, stroke_width="1.5")
    else:
        _sub(group, "circle", class_="shape", r=str(r), fill=fill, **stroke)


def _contact(parent, contact: Contact, position, sector_set, options: RenderOptions) -> None:
    x, y = position
    colour, sign, dash = VALENCE_STYLE[contact.valence]
    description = contact_description(contact, sector_set, shared=options.shared)
    group = _sub(
        parent,
        "g",
        id=f"{options.id_prefix}contact-{contact.id}",
        class_=f"contact valence-{contact.valence} type-{contact.type} trend-{contact.trend}",
        role="img",
        aria_label=description,
        transform=f"translate({fmt(x)} {fmt(y)})",
        **{
            "data-id": contact.id,
            "data-sector": contact.sector,
            "data-closeness": f"{contact.closeness:.4f}",
            "data-angle": f"{contact.angle:.2f}",
        },
    )
    _sub(group, "title", description)
    if contact.trend != Trend.STEADY:
        # Along the radius: inwards for "closer", outwards for "away".
        theta = math.radians(contact.angle)
        ux, uy = math.sin(theta), -math.cos(theta)
        inward = contact.trend == Trend.CLOSER
        start, end = (-20, -44) if inward else (20, 44)
        _sub(
            group,
            "line",
            class_=f"trend trend-{contact.trend}",
            x1=fmt(ux * start),
            y1=fmt(uy * start),
            x2=fmt(ux * end),
            y2=fmt(uy * end),
            stroke=colour,
            stroke_width="3",
            marker_end=f"url(#{options.id_prefix}arrow-{contact.valence})",
        )
    _shape(group, contact, colour, dash)
    if sign:
        _sub(
            group,
            "text",
            sign,
            class_="sign",
            text_anchor="middle",
            dominant_baseline="central",
            font_size="18",
            font_weight="700",
            fill=colour,
        )
    if contact.safety_marker and not options.shared:
        _sub(
            group, "path", class_="safety-marker", d="M 10 -24 L 20 -8 L 0 -8 Z", fill=SAFETY_COLOUR
        )
        _sub(
            group,
            "text",
            "!",
            x="10",
            y="-11",
            text_anchor="middle",
            font_size="11",
            font_weight="700",
            fill="#ffffff",
        )
    name = contact.name + (" †" if contact.type == ContactType.DECEASED else "")
    _sub(
        group,
        "text",
        _short(name),
        class_="name",
        y="34",
        text_anchor="middle",
        font_size="14",
        fill="#24292f",
        # A white halo keeps names readable over lines and wedges.
        stroke="#ffffff",
        stroke_width="3",
        paint_order="stroke",
        unicode_bidi="plaintext",
    )


def _legend(root: ET.Element, sector_set, options: RenderOptions, prefix: str) -> None:
    legend = _sub(root, "g", id=f"{prefix}legend", class_="legend")
    x = LEGEND_X
    y = 60
    _sub(
        legend,
        "text",
        gettext("Legend"),
        x=str(x),
        y=str(y),
        font_size="22",
        font_weight="700",
        fill="#24292f",
    )
    y += 40

    def row(text: str) -> ET.Element:
        nonlocal y
        item = _sub(legend, "g", class_="legend-item", transform=f"translate({x + 14} {y})")
        _sub(
            item, "text", text, x="30", dominant_baseline="central", font_size="15", fill="#24292f"
        )
        y += 34
        return item

    for valence in Valence:
        colour, sign, dash = VALENCE_STYLE[valence]
        item = row(gettext("%(valence)s relation") % {"valence": _label(valence)})
        _sub(
            item,
            "circle",
            r="11",
            fill="#ffffff",
            stroke=colour,
            stroke_width="3",
            stroke_dasharray=dash,
        )
        if sign:
            _sub(
                item,
                "text",
                sign,
                text_anchor="middle",
                dominant_baseline="central",
                font_size="15",
                font_weight="700",
                fill=colour,
            )
    for trend, (x1, x2) in ((Trend.CLOSER, (14, -14)), (Trend.AWAY, (-14, 14))):
        item = row(_label(trend))
        _sub(
            item,
            "line",
            x1=str(x1),
            y1="0",
            x2=str(x2),
            y2="0",
            stroke="#24292f",
            stroke_width="3",
            marker_end=f"url(#{prefix}arrow-legend)",
        )
    item = row(gettext("wanted position"))
    _sub(
        item,
        "circle",
        r="11",
        fill="#57606a",
        fill_opacity="0.15",
        stroke="#57606a",
        stroke_dasharray="3 3",
    )
    item = row(gettext("know each other"))
    _sub(item, "line", x1="-14", y1="0", x2="14", y2="0", stroke=TIE_COLOUR, stroke_width="2")
    item = row(gettext("conflict"))
    points = " ".join(f"{fmt(px)},{fmt(py)}" for px, py in zigzag_points(-14, 0, 14, 0, 4, 6))
    _sub(item, "polyline", points=points, fill="none", stroke=CONFLICT_COLOUR, stroke_width="2")
    for kind in (ContactType.PET, ContactType.GROUP, ContactType.DECEASED):
        item = row(_label(kind))
        sample = Contact(id="legend", name="-", type=kind, sector="-", closeness=0)
        _shape(item, sample, "#57606a", "", scale=0.75)
    if not options.shared:
        item = row(gettext("do not contact (never shared)"))
        _sub(item, "path", d="M 0 -10 L 10 8 L -10 8 Z", fill=SAFETY_COLOUR)
    if sector_set is not None:
        y += 10
        for sector in sector_set.sectors:
            item = row(sector.label())
            _sub(
                item,
                "rect",
                x="-11",
                y="-11",
                width="22",
                height="22",
                fill=sector.colour,
                stroke="#8c959f",
            )
    if options.caption:
        _sub(
            legend,
            "text",
            options.caption,
            class_="caption",
            x=str(x),
            y=str(HEIGHT - 30),
            font_size="14",
            fill="#57606a",
        )
