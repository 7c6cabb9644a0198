"""The citizen's own marks on the map (issue 14, point 3; seed 000: "pennor i olika färger",
"bilder och tecken"): a small palette of colours and a set of signs, put on a person or a line.

Both are data shipped with the product: the document stores only a key, and the schema refuses
a key that is not here. The colours keep a contrast of at least 3:1 (WCAG 1.4.11) against the
map's background and every built-in sector's tint (tests/test_marks.py computes it). The signs
are drawn here, as simple paths in a 20×20 box around 0, dark on a white badge; the same SVG
goes to the editor, the SVG, PNG and PDF exports and the legend.
"""

import math
from dataclasses import dataclass
from typing import Annotated

from django.utils.functional import Promise
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

from omkreds.networks.geometry import fmt
from omkreds.networks.svg_xml import escape_attr

INK = "#24292f"
BADGE_RADIUS = 10
MAX_SIGNS = 3


@dataclass(frozen=True)
class Colour:
    key: str
    hex: str
    label: str | Promise


PALETTE: dict[str, Colour] = {
    c.key: c
    for c in (
        Colour("red", "#c0292b", _("red")),
        Colour("orange", "#a84e00", _("orange")),
        Colour("gold", "#866300", _("gold")),
        Colour("green", "#1b7434", _("green")),
        Colour("teal", "#00727a", _("teal")),
        Colour("blue", "#1f5bb8", _("blue")),
        Colour("purple", "#7442b0", _("purple")),
        Colour("pink", "#b0246a", _("pink")),
        Colour("brown", "#6f4420", _("brown")),
        Colour("black", "#24292f", _("black")),
    )
}


def _star(outer: float = 8.0, inner: float = 3.4) -> str:
    points = []
    for i in range(10):
        r = outer if i % 2 == 0 else inner
        a = math.radians(i * 36)
        points.append(f"{fmt(r * math.sin(a))} {fmt(-r * math.cos(a) + 0.6)}")
    return "M" + "L".join(points) + "Z"


def _dot(x: float, y: float, r: float) -> str:
    return f"M{fmt(x - r)} {fmt(y)}a{fmt(r)} {fmt(r)} 0 1 0 {fmt(2 * r)} 0a{fmt(r)} {fmt(r)} 0 1 0 {fmt(-2 * r)} 0Z"


@dataclass(frozen=True)
class Sign:
    key: str
    label: str | Promise
    # (path data, filled with ink or white), drawn in order.
    paths: tuple[tuple[str, bool], ...]


SIGNS: dict[str, Sign] = {
    s.key: s
    for s in (
        Sign(
            "heart",
            _("heart"),
            (("M0 7C-8 1-8-6-4-6C-2-6-0.6-4.6 0-3.4C0.6-4.6 2-6 4-6C8-6 8 1 0 7Z", True),),
        ),
        Sign("house", _("house"), (("M0-8L8-1H5.5V7H1.5V2H-1.5V7H-5.5V-1H-8Z", True),)),
        Sign("star", _("star"), ((_star(), True),)),
        Sign(
            "warning",
            _("warning"),
            (
                ("M0-8L8.5 6.5H-8.5Z", True),
                ("M-1.1-3H1.1L0.7 2.2H-0.7Z", False),
                (_dot(0, 4.2, 1.1), False),
            ),
        ),
        Sign(
            "pet",
            _("pet"),
            (
                (
                    "M0 0.5C3.5 0.5 6 4 4.5 6C3.5 7.2 1.5 6.2 0 6.2C-1.5 6.2-3.5 7.2-4.5 6"
                    "C-6 4-3.5 0.5 0 0.5Z",
                    True,
                ),
                (_dot(-5.6, -1.6, 1.8), True),
                (_dot(-2.2, -5.2, 1.9), True),
                (_dot(2.2, -5.2, 1.9), True),
                (_dot(5.6, -1.6, 1.8), True),
            ),
        ),
        Sign(
            "phone",
            _("phone"),
            (
                ("M-4.5-8H4.5V8H-4.5Z", True),
                ("M-3-6H3V3.5H-3Z", False),
                (_dot(0, 5.8, 1.1), False),
            ),
        ),
        Sign(
            "cake",
            _("cake"),
            (
                ("M-7 1H7V7H-7Z", True),
                ("M-5.5-3H5.5V0H-5.5Z", True),
                ("M-0.8-7.5H0.8V-4H-0.8Z", True),
            ),
        ),
        Sign(
            "cross",
            _("cross (deceased)"),
            (("M-1.4-8H1.4V-3.6H5.5V-0.8H1.4V8H-1.4V-0.8H-5.5V-3.6H-1.4Z", True),),
        ),
        Sign(
            "music",
            _("music"),
            (
                ("M-0.5-8H6V-4.6H1.6V4.5H-0.5Z", True),
                (_dot(-2.6, 4.6, 2.8), True),
            ),
        ),
        Sign(
            "sun",
            _("sun"),
            (
                (_dot(0, 0, 4), True),
                *(
                    (
                        f"M{fmt(5.6 * math.sin(a) - 1 * math.cos(a))} "
                        f"{fmt(-5.6 * math.cos(a) - 1 * math.sin(a))}"
                        f"L{fmt(8.5 * math.sin(a))} {fmt(-8.5 * math.cos(a))}"
                        f"L{fmt(5.6 * math.sin(a) + 1 * math.cos(a))} "
                        f"{fmt(-5.6 * math.cos(a) + 1 * math.sin(a))}Z",
                        True,
                    )
                    for a in (math.radians(i * 45) for i in range(8))
                ),
            ),
        ),
    )
}


# --- In the document (schema.py) ----------------------------------------------------------------


def _known_colour(value: str | None) -> str | None:
    if value is not None and value not in PALETTE:
        raise PydanticCustomError(
            "unknown_colour",
            gettext("Choose a colour from the palette: {choices}."),
            {"choices": ", ".join(PALETTE)},
        )
    return value


def _known_sign(value: str) -> str:
    if value not in SIGNS:
        raise PydanticCustomError(
            "unknown_sign",
            gettext("Choose a sign from the set: {choices}."),
            {"choices": ", ".join(SIGNS)},
        )
    return value


def _each_once(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))


ColourKey = Annotated[str | None, AfterValidator(_known_colour)]
SignKeys = Annotated[
    list[Annotated[str, AfterValidator(_known_sign)]],
    Field(max_length=MAX_SIGNS),
    AfterValidator(_each_once),
]


# --- Drawn (render.py) ----------------------------------------------------------------------


def sign_xml(key: str, x: float, y: float, *, css_class: str = "mark-sign") -> str:
    """A sign on its badge, centred on (x, y)."""
    sign = SIGNS[key]
    paths = "".join(f'<path d="{d}" fill="{INK if ink else "#ffffff"}" />' for d, ink in sign.paths)
    return (
        f'<g class="{css_class} sign-{key}" transform="translate({fmt(x)} {fmt(y)})">'
        f'<circle r="{BADGE_RADIUS}" fill="#ffffff" stroke="{INK}" stroke-width="1.5" />'
        f'<g transform="scale(0.82)">{paths}</g></g>'
    )


# Where a person's signs sit: on their left, away from the safety marker (top right) and the
# valence badge of a photo (bottom right).
_CONTACT_SPOTS = ((-21.0, -17.0), (-27.0, 4.0), (-18.0, 24.0))


def contact_marks_xml(colour: str | None, signs: list[str], radius: float) -> tuple[str, str]:
    """(drawn under the person's shape, drawn over it): the colour as a ring around the person,
    the signs as badges beside them."""
    under = (
        f'<circle class="mark-colour colour-{colour}" r="{fmt(radius + 5)}" fill="none" '
        f'stroke="{PALETTE[colour].hex}" stroke-width="5" />'
        if colour
        else ""
    )
    over = "".join(sign_xml(key, *_CONTACT_SPOTS[i]) for i, key in enumerate(signs))
    return under, over


def tie_signs_xml(signs: list[str], x1: float, y1: float, x2: float, y2: float) -> str:
    """The signs of a line, side by side at its middle."""
    if not signs:
        return ""
    mx, my = (x1 + x2) / 2, (y1 + y2) / 2
    first = -(len(signs) - 1) * BADGE_RADIUS * 1.1
    return "".join(
        sign_xml(key, mx + first + i * BADGE_RADIUS * 2.2, my, css_class="mark-sign tie-sign")
        for i, key in enumerate(signs)
    )


def tie_colour(colour: str | None) -> str | None:
    return PALETTE[colour].hex if colour else None


def used(contacts, ties) -> tuple[list[str], list[str]]:
    """The colour and sign keys the people and lines use, in the palette's order (legend)."""
    colours, signs = set(), set()
    for item in [*contacts, *ties]:
        if item.colour:
            colours.add(item.colour)
        signs.update(item.signs)
    return [k for k in PALETTE if k in colours], [k for k in SIGNS if k in signs]


def legend_swatch_xml(key: str) -> str:
    return f'<circle r="9" fill="none" stroke="{escape_attr(PALETTE[key].hex)}" stroke-width="5" />'


def icon_html(key: str) -> str:
    """A sign or a colour as a small inline SVG for a form's choice (the text says which)."""
    drawing = sign_xml(key, 0, 0) if key in SIGNS else legend_swatch_xml(key)
    return (
        '<svg class="mark-icon" viewBox="-11 -11 22 22" width="26" height="26" aria-hidden="true" '
        f'focusable="false">{drawing}</svg>'
    )


def _icon(key: str):
    """`icon_html` as safe markup: our own SVG, drawn from the fixed palette and signs, never
    from input."""
    return mark_safe(icon_html(key))  # noqa: S308  # nosec B308 B703


def colour_choices() -> list[tuple[str, str]]:
    return [("", gettext("no colour"))] + [
        (k, format_html("{} {}", _icon(k), c.label)) for k, c in PALETTE.items()
    ]


def sign_choices() -> list[tuple[str, str]]:
    return [(k, format_html("{} {}", _icon(k), s.label)) for k, s in SIGNS.items()]


def editor_config() -> dict:
    """The palette and the signs for the editor script: colours by key, signs' paths by key and
    every label, so that it draws what render.py draws and says what a screen reader hears."""
    return {
        "colours": {k: c.hex for k, c in PALETTE.items()},
        "signs": {k: [[d, ink] for d, ink in s.paths] for k, s in SIGNS.items()},
        "labels": {k: str(m.label) for k, m in [*PALETTE.items(), *SIGNS.items()]},
        "maxSigns": MAX_SIGNS,
    }
