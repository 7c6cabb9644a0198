"""Render a map document as SVG: a pure function, so the editor, the PDF and the PNG agree.

The SVG is written as text, element by element (`svg_xml.py`: ElementTree was three times
slower for a 500-person map); every piece of text is escaped exactly as ElementTree does, so a
name such as `<script>` is drawn as those characters, never run. tests/test_speed_equivalence.py
holds the ElementTree renderer's output for comparison. Each contact is a
`<g id="contact-{id}" role="img" aria-label="…">` group with `data-closeness` and `data-angle`, so that the browser editor can
attach to the same geometry (see geometry.py for the formulas).

Valence is shown twice, for people who do not see colour: by colour and by a sign and line
style (positive + solid, negative − dashed, mixed ± dash-dot, neutral no sign, dotted).

A contact with a photo (`RenderOptions.photos` maps photo keys to an address: the authorised
photo view for the editor, a data URI for PNG and PDF) shows it clipped to a circle inside
the outline; the sign moves to a small badge. Without an address the shape is the fallback.
"""

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.utils import translation
from django.utils.translation import gettext

from omkreds.networks import marks
from omkreds.networks.geometry import (
    Frame,
    fmt,
    polar_to_xy,
    sector_span,
    wedge_path,
    zigzag_points,
)
from omkreds.networks.labels import Person, Placed, label_text, place_names, short
from omkreds.networks.schema import (
    Contact,
    ContactType,
    MapDocument,
    TieKind,
    Trend,
    Valence,
)
from omkreds.networks.sectors import SectorSetDef
from omkreds.networks.svg_xml import Node, escape_attr, escape_text, group, sub

SVG_NS = "http://www.w3.org/2000/svg"
WIDTH, HEIGHT = 1500, 1000
LEGEND_X = 1110
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
    # Photo key -> address of the picture. Only keys the caller may show (see map_photos.py).
    photos: Mapping[str, str] = field(default_factory=dict)


def _label(choice) -> str:
    return str(choice.label)


class _Words:
    """The translated words a render needs, looked up once rather than once per person."""

    def __init__(self, sector_set: SectorSetDef | None):
        self.sectors = {s.key: s.label() for s in sector_set.sectors} if sector_set else {}
        self.types = {t: _label(t) for t in ContactType}
        self.trends = {t: _label(t) for t in Trend}
        self.relation = {
            v: gettext("relation: %(valence)s") % {"valence": _label(v)} for v in Valence
        }
        self.closer = gettext("wants to be closer")
        self.farther = gettext("wants more distance")
        self.do_not_contact = gettext("do not contact")
        self.marks = {k: str(m.label) for k, m in [*marks.PALETTE.items(), *marks.SIGNS.items()]}

    def describe(self, contact: Contact, *, shared: bool) -> str:
        parts = [contact.name]
        if contact.type != ContactType.PERSON:
            parts.append(self.types[contact.type])
        parts.append(self.sectors.get(contact.sector, contact.sector))
        if contact.relation:
            parts.append(contact.relation)
        parts.append(self.relation[contact.valence])
        if contact.trend != Trend.STEADY:
            parts.append(self.trends[contact.trend])
        wanted = contact.wanted_closeness
        if wanted is not None:
            if wanted < contact.closeness:
                parts.append(self.closer)
            elif wanted > contact.closeness:
                parts.append(self.farther)
        if contact.safety_marker and not shared:
            parts.append(self.do_not_contact)
        parts.extend(self.marks[k] for k in [contact.colour, *contact.signs] if k)
        return ", ".join(parts)


def contact_description(contact: Contact, sector_set: SectorSetDef | None, *, shared: bool) -> str:
    """What a screen reader says for a contact."""
    return _Words(sector_set).describe(contact, shared=shared)


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
    contacts = document.contacts
    ties = document.ties
    if options.shared:
        # What `shareable` leaves; addresses and notes are never drawn, so no copies are made.
        contacts = [c for c in contacts if not c.safety_marker]
        if len(contacts) != len(document.contacts):
            kept = {c.id for c in contacts}
            ties = [t for t in ties if t.a in kept and t.b in kept]
    frame = options.frame
    prefix = options.id_prefix
    width = WIDTH if options.legend else int(frame.cx * 2)
    root = Node(
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
    sub(
        root,
        "title",
        gettext("Network map of %(citizen)s") % {"citizen": citizen_label},
        id=f"{prefix}map-title",
    )
    _defs(root, prefix)
    _background(root, document, sector_set, frame, prefix)

    # Every position is computed once and written once.
    positions = {}
    for c in contacts:
        x, y = frame.to_xy(c.closeness, c.angle)
        positions[c.id] = (x, y, fmt(x), fmt(y))
    root.children.append(_ties(ties, positions))
    _centre(root, citizen_label, frame, prefix)
    root.children.append(_wanted(contacts, positions, frame, prefix))
    words = _Words(sector_set)
    names = place_names([Person(c.id, *positions[c.id][:2], label_text(c)) for c in contacts])
    people = [_contact(c, positions[c.id], names[c.id], words, options) for c in contacts]
    root.children.append(group('<g class="contacts"', "</g>", people))

    if options.legend:
        _legend(root, sector_set, options, prefix, marks.used(contacts, ties))
    out: list[str] = []
    root.write(out)
    return "".join(out)


def _background(root: Node, document, sector_set, frame: Frame, prefix: str) -> None:
    background = sub(root, "g", class_="map-background", aria_hidden="true")
    sectors = sector_set.sectors if sector_set else ()
    for index, sector in enumerate(sectors):
        start, end = sector_span(index, len(sectors))
        sub(
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
        sub(
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
    labels = sub(root, "g", class_="sector-labels")
    for index, sector in enumerate(sectors):
        start, end = sector_span(index, len(sectors))
        middle = (start + end) / 2
        x, y = polar_to_xy(frame.cx, frame.cy, frame.radius + 22, middle)
        anchor = "middle" if abs(x - frame.cx) < 40 else ("start" if x > frame.cx else "end")
        sub(
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


def _ties(ties, positions) -> str:
    parts = []
    for tie in ties:
        x1, y1, fx1, fy1 = positions[tie.a]
        x2, y2, fx2, fy2 = positions[tie.b]
        data = f'data-a="{tie.a}" data-b="{tie.b}" fill="none" />'
        own = marks.tie_colour(tie.colour)
        if tie.kind == TieKind.CONFLICT:
            points = " ".join(f"{fmt(x)},{fmt(y)}" for x, y in zigzag_points(x1, y1, x2, y2))
            parts.append(
                f'<polyline class="tie tie-conflict" points="{points}" '
                f'stroke="{own or CONFLICT_COLOUR}" stroke-width="{3 if own else 2}" {data}'
            )
        else:
            parts.append(
                f'<line class="tie tie-knows" x1="{fx1}" y1="{fy1}" x2="{fx2}" y2="{fy2}" '
                f'stroke="{own or TIE_COLOUR}" stroke-width="{3 if own else 1.5}" {data}'
            )
        parts.append(marks.tie_signs_xml(tie.signs, x1, y1, x2, y2))
    return group('<g class="ties"', "</g>", parts)


def _centre(root: Node, citizen_label: str, frame: Frame, prefix: str) -> None:
    centre = sub(
        root,
        "g",
        id=f"{prefix}citizen",
        class_="citizen",
        role="img",
        aria_label=citizen_label,
    )
    sub(
        centre,
        "circle",
        cx=fmt(frame.cx),
        cy=fmt(frame.cy),
        r=fmt(frame.r0 - 4),
        fill="#ffffff",
        stroke="#24292f",
        stroke_width="3",
    )
    sub(
        centre,
        "text",
        short(citizen_label, 14),
        x=fmt(frame.cx),
        y=fmt(frame.cy),
        text_anchor="middle",
        dominant_baseline="middle",
        font_size="15",
        font_weight="700",
        fill="#24292f",
        unicode_bidi="plaintext",
    )


def _wanted(contacts, positions, frame: Frame, prefix: str) -> str:
    parts = []
    for contact in contacts:
        if contact.wanted_closeness is None or math.isclose(
            contact.wanted_closeness, contact.closeness, abs_tol=1e-6
        ):
            continue
        _x1, _y1, fx1, fy1 = positions[contact.id]
        x2, y2 = frame.to_xy(contact.wanted_closeness, contact.angle)
        fx2, fy2 = fmt(x2), fmt(y2)
        colour = VALENCE_STYLE[contact.valence][0]
        parts.append(
            f'<g id="{prefix}wanted-{contact.id}" class="wanted" data-for="{contact.id}">'
            f'<line x1="{fx1}" y1="{fy1}" x2="{fx2}" y2="{fy2}" stroke="{colour}" '
            f'stroke-width="1" stroke-dasharray="2 3" />'
            f'<circle cx="{fx2}" cy="{fy2}" r="{CONTACT_RADIUS}" fill="{colour}" '
            f'fill-opacity="0.15" stroke="{colour}" stroke-dasharray="3 3" /></g>'
        )
    return group('<g class="wanted-positions" aria-hidden="true"', "</g>", parts)


def _defs(root: Node, prefix: str) -> None:
    # One arrowhead per colour: `context-stroke` is not understood by every renderer (PDF).
    defs = sub(root, "defs")
    colours = {"legend": "#24292f"} | {str(v): style[0] for v, style in VALENCE_STYLE.items()}
    for name, colour in colours.items():
        marker = sub(
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
        sub(marker, "path", d="M 0 0 L 10 5 L 0 10 z", fill=colour)


def _shape_xml(kind, colour: str, dash: str, scale: float = 1.0) -> str:
    stroke = f'stroke="{colour}" stroke-width="3"' + (f' stroke-dasharray="{dash}"' if dash else "")
    fill = "#d0d7de" if kind == ContactType.DECEASED else "#ffffff"
    r = round(CONTACT_RADIUS * scale)
    if kind == ContactType.PET:
        return (
            f'<rect class="shape" x="{-r}" y="{-r}" width="{2 * r}" height="{2 * r}" rx="6" '
            f'fill="{fill}" {stroke} />'
        )
    if kind == ContactType.GROUP:
        return (
            f'<circle class="shape" r="{r + 4}" fill="{fill}" {stroke} />'
            f'<circle r="{r - 3}" fill="none" stroke="{colour}" stroke-width="1.5" />'
        )
    return f'<circle class="shape" r="{r}" fill="{fill}" {stroke} />'


# Per valence: the start of the sign's element, for contacts without and with a photo.
_SIGN = {
    valence: (
        f'<text class="sign" text-anchor="middle" dominant-baseline="central" font-size="18" '
        f'font-weight="700" fill="{colour}">{sign}</text>'
        if sign
        else "",
        f'<g class="sign-badge" transform="translate(11 11)"><circle r="8" fill="#ffffff" '
        f'stroke="{colour}" stroke-width="1.5" /><text class="sign" text-anchor="middle" '
        f'dominant-baseline="central" font-size="13" font-weight="700" fill="{colour}">{sign}'
        f"</text></g>"
        if sign
        else "",
    )
    for valence, (colour, sign, _dash) in VALENCE_STYLE.items()
}
_SAFETY = (
    f'<path class="safety-marker" d="M 10 -24 L 20 -8 L 0 -8 Z" fill="{SAFETY_COLOUR}" />'
    '<text x="10" y="-11" text-anchor="middle" font-size="11" font-weight="700" '
    'fill="#ffffff">!</text>'
)
PHOTO_RADIUS = CONTACT_RADIUS - 1.5


def _photo_xml(contact: Contact, href: str, prefix: str) -> str:
    clip = f"{prefix}photo-clip-{contact.id}"
    r = CONTACT_RADIUS
    return (
        f'<clipPath id="{clip}"><circle r="{fmt(PHOTO_RADIUS)}" /></clipPath>'
        f'<image class="photo" href="{escape_attr(href)}" x="{-r}" y="{-r}" width="{2 * r}" '
        f'height="{2 * r}" preserveAspectRatio="xMidYMid slice" clip-path="url(#{clip})" />'
    )


def _contact(
    contact: Contact, position, name_place: Placed, words: _Words, options: RenderOptions
) -> str:
    _x, _y, fx, fy = position
    valence = contact.valence
    colour, _sign, dash = VALENCE_STYLE[valence]
    description = words.describe(contact, shared=options.shared)
    prefix = options.id_prefix
    parts = [
        f'<g id="{prefix}contact-{contact.id}" class="contact valence-{valence} '
        f'type-{contact.type} trend-{contact.trend}" role="img" '
        f'aria-label="{escape_attr(description)}" '
        f'transform="translate({fx} {fy})" data-id="{contact.id}" '
        f'data-sector="{escape_attr(contact.sector)}" data-closeness="{contact.closeness:.4f}" '
        f'data-angle="{contact.angle:.2f}"><title>{escape_text(description)}</title>'
    ]
    if contact.trend != Trend.STEADY:
        # Along the radius: inwards for "closer", outwards for "away".
        theta = math.radians(contact.angle)
        ux, uy = math.sin(theta), -math.cos(theta)
        start, end = (-20, -44) if contact.trend == Trend.CLOSER else (20, 44)
        parts.append(
            f'<line class="trend trend-{contact.trend}" x1="{fmt(ux * start)}" '
            f'y1="{fmt(uy * start)}" x2="{fmt(ux * end)}" y2="{fmt(uy * end)}" '
            f'stroke="{colour}" stroke-width="3" marker-end="url(#{prefix}arrow-{valence})" />'
        )
    under, over = marks.contact_marks_xml(contact.colour, contact.signs, CONTACT_RADIUS)
    parts.append(under)
    parts.append(_shape_xml(contact.type, colour, dash))
    parts.append(over)
    href = options.photos.get(contact.photo) if contact.photo else None
    if href:
        parts.append(_photo_xml(contact, href, prefix))
        parts.append(_SIGN[valence][1])
    else:
        parts.append(_SIGN[valence][0])
    if contact.safety_marker and not options.shared:
        parts.append(_SAFETY)
    # Beside the person where it covers no one (labels.py); below unless that is taken.
    x = f'x="{fmt(name_place.x)}" ' if name_place.x else ""
    parts.append(
        f'<text class="name" {x}y="{fmt(name_place.y)}" text-anchor="{name_place.anchor}" '
        'font-size="14" fill="#24292f" stroke="#ffffff" stroke-width="3" paint-order="stroke" '
        f'unicode-bidi="plaintext">{escape_text(label_text(contact))}</text></g>'
    )
    return "".join(parts)


def _legend(root: Node, sector_set, options: RenderOptions, prefix: str, used=([], [])) -> None:
    legend = sub(root, "g", id=f"{prefix}legend", class_="legend")
    x = LEGEND_X
    y = 60
    sub(
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

    def row(text: str) -> Node:
        nonlocal y
        item = sub(legend, "g", class_="legend-item", transform=f"translate({x + 14} {y})")
        sub(item, "text", text, x="30", dominant_baseline="central", font_size="15", fill="#24292f")
        y += 34
        return item

    def gap() -> None:
        nonlocal y
        y += 10

    _legend_relations(row, prefix)
    _legend_people(row, options)
    if sector_set is not None:
        gap()
        for sector in sector_set.sectors:
            item = row(sector.label())
            sub(
                item,
                "rect",
                x="-11",
                y="-11",
                width="22",
                height="22",
                fill=sector.colour,
                stroke="#8c959f",
            )
    if used[0] or used[1]:
        _legend_marks(legend, x + 14, y + 10, used)
    if options.caption:
        sub(
            legend,
            "text",
            options.caption,
            class_="caption",
            x=str(x),
            y=str(HEIGHT - 30),
            font_size="14",
            fill="#57606a",
        )


def _legend_relations(row, prefix: str) -> None:
    """The legend's rows for valence, trend, the wanted position and ties."""
    for valence in Valence:
        colour, sign, dash = VALENCE_STYLE[valence]
        item = row(gettext("%(valence)s relation") % {"valence": _label(valence)})
        sub(
            item,
            "circle",
            r="11",
            fill="#ffffff",
            stroke=colour,
            stroke_width="3",
            stroke_dasharray=dash,
        )
        if sign:
            sub(
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
        sub(
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
    sub(
        item,
        "circle",
        r="11",
        fill="#57606a",
        fill_opacity="0.15",
        stroke="#57606a",
        stroke_dasharray="3 3",
    )
    item = row(gettext("know each other"))
    sub(item, "line", x1="-14", y1="0", x2="14", y2="0", stroke=TIE_COLOUR, stroke_width="2")
    item = row(gettext("conflict"))
    points = " ".join(f"{fmt(px)},{fmt(py)}" for px, py in zigzag_points(-14, 0, 14, 0, 4, 6))
    sub(item, "polyline", points=points, fill="none", stroke=CONFLICT_COLOUR, stroke_width="2")


def _legend_people(row, options: RenderOptions) -> None:
    """The legend's rows for kinds of contact and, on the case's own copy, the safety marker."""
    for kind in (ContactType.PET, ContactType.GROUP, ContactType.DECEASED):
        item = row(_label(kind))
        item.children.append(_shape_xml(kind, "#57606a", "", scale=0.75))
    if not options.shared:
        item = row(gettext("do not contact (never shared)"))
        sub(item, "path", d="M 0 -10 L 10 8 L -10 8 Z", fill=SAFETY_COLOUR)


def _legend_marks(legend: Node, x: float, y: float, used) -> None:
    """The citizen's own colours and signs the map uses, each with its name, three to a row."""
    colours, signs = used
    items = [(marks.PALETTE[k].label, marks.legend_swatch_xml(k)) for k in colours]
    items += [(marks.SIGNS[k].label, marks.sign_xml(k, 0, 0)) for k in signs]
    for i, (label, drawing) in enumerate(items):
        column, line = i % 3, i // 3
        item = sub(
            legend,
            "g",
            class_="legend-item legend-mark",
            transform=f"translate({fmt(x + column * 118)} {fmt(y + line * 30)})",
        )
        item.children.append(drawing)
        sub(
            item,
            "text",
            str(label),
            x="15",
            dominant_baseline="central",
            font_size="13",
            fill="#24292f",
        )
