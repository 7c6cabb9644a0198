"""The values of the SVG that draw_cairo.py draws, read for cairo: numbers, lengths, colours,
transforms and path data (which of them are understood), viewBox fitting (preserveAspectRatio),
white space in text, and dash patterns."""

from __future__ import annotations

import re

import cairocffi as cairo

_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
TRANSFORM = re.compile(r"\s*(translate|scale|rotate|matrix)\s*\(([^)]*)\)\s*,?")
PATH_TOKEN = re.compile(r"([MmLlHhVvCcSsQqTtAaZz])|([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)")
URL = re.compile(r"url\(\s*#([^)\s]+)\s*\)")
_NAMED = {
    "black": (0.0, 0.0, 0.0),
    "white": (1.0, 1.0, 1.0),
    "red": (1.0, 0.0, 0.0),
    "green": (0.0, 128 / 255, 0.0),
    "blue": (0.0, 0.0, 1.0),
    "gray": (128 / 255,) * 3,
    "grey": (128 / 255,) * 3,
}
_UNITS_PT = {"": 0.75, "px": 0.75, "pt": 1.0, "mm": 72 / 25.4, "cm": 720 / 25.4, "in": 72.0}


def numbers(value: str) -> list[float]:
    """Every number in `value` (a list of points, a viewBox, a transform's arguments…)."""
    return [float(n) for n in _NUMBER.findall(value)]


def num(value: str | None, default: float = 0.0) -> float:
    """The number `value` starts with (`12px` is 12); `default` when there is none."""
    if not value:
        return default
    try:
        return float(value)
    except ValueError:
        pass
    found = _NUMBER.match(value.strip())
    return float(found.group()) if found else default


_COLOURS: dict[str, tuple[float, float, float] | None] = {}


def colour(value: str) -> tuple[float, float, float] | None:
    """`#rgb`, `#rrggbb` or a few names; None for `none` (and anything not understood)."""
    known = _COLOURS.get(value)
    if known is not None or value in _COLOURS:
        return known
    text = value.strip().lower()
    result = None
    if text.startswith("#"):
        digits = text[1:]
        if len(digits) == 3:
            digits = "".join(c * 2 for c in digits)
        if len(digits) == 6:
            try:
                result = tuple(int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4))
            except ValueError:
                result = None
    else:
        result = _NAMED.get(text)
    if len(_COLOURS) < 4096:
        _COLOURS[value] = result
    return result


def paint_known(value: str) -> bool:
    return value.strip() == "none" or colour(value) is not None


def transform_known(value: str) -> bool:
    return TRANSFORM.sub("", value).strip() == ""


def path_known(value: str) -> bool:
    return re.sub(PATH_TOKEN, "", value).replace(",", " ").strip() == ""


def aspect_ratio(value: str | None) -> tuple[str, str, bool] | None:
    """(x align, y align, slice) of a preserveAspectRatio; ("", "", False) for none."""
    parts = (value or "").split() or ["xMidYMid"]
    if parts[0] == "none":
        return ("", "", False)
    align = parts[0]
    if len(align) != 8 or align[:4] not in ("xMin", "xMid", "xMax"):
        return None
    if align[4:] not in ("YMin", "YMid", "YMax"):
        return None
    mode = parts[1] if len(parts) > 1 else "meet"
    if mode not in ("meet", "slice"):
        return None
    return (align[1:4], align[5:8], mode == "slice")


def viewbox_matrix(
    box: list[float], width: float, height: float, aspect: str | None
) -> cairo.Matrix | None:
    """The matrix that maps a viewBox into a width × height viewport at the origin; None when
    nothing can be seen (an empty box or viewport)."""
    vx, vy, vw, vh = box
    how = aspect_ratio(aspect) or ("Mid", "Mid", False)
    if vw <= 0 or vh <= 0 or width <= 0 or height <= 0:
        return None
    sx, sy = width / vw, height / vh
    dx = dy = 0.0
    if how[0]:
        sx = sy = max(sx, sy) if how[2] else min(sx, sy)
        extra_x, extra_y = width - vw * sx, height - vh * sy
        dx = {"Min": 0.0, "Mid": extra_x / 2, "Max": extra_x}[how[0]]
        dy = {"Min": 0.0, "Mid": extra_y / 2, "Max": extra_y}[how[1]]
    return cairo.Matrix(sx, 0, 0, sy, dx - vx * sx, dy - vy * sy)


def collapse_spaces(text: str) -> str:
    """SVG's default white-space handling: newlines go, tabs become spaces, runs of spaces
    become one, and the ends are trimmed."""
    if "\n" in text or "\r" in text or "\t" in text:
        text = text.replace("\r", "").replace("\n", "").replace("\t", " ")
    if "  " in text:
        text = re.sub(" {2,}", " ", text)
    return text.strip(" ")


def length_in_points(value: str | None, fallback: float) -> float:
    """An SVG length (`420mm`, `12pt`, `300`…) in points; `fallback` user units when unset."""
    if not value:
        return fallback * 0.75
    unit = re.sub(r"^[-+.\deE]+", "", value.strip())
    return num(value) * _UNITS_PT.get(unit, 0.75)


_DASHES: dict[str, tuple | None] = {}


def dash_pattern(value: str):
    """(cairo array, length) of a stroke-dasharray; None for none or one that draws nothing."""
    if value in _DASHES:
        return _DASHES[value]
    pattern = numbers(value) if value != "none" else []
    result = None
    if pattern and sum(pattern) > 0 and all(d >= 0 for d in pattern):
        pattern = pattern if len(pattern) % 2 == 0 else pattern * 2
        result = (cairo.ffi.new("double[]", pattern), len(pattern))
    if len(_DASHES) < 1024:
        _DASHES[value] = result
    return result
