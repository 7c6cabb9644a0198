"""SVG path data (`d`: move, line, curves, elliptical arcs, close) drawn onto a cairo context
for draw_cairo.py, through cairo's own functions as the rest of the drawing is."""

from __future__ import annotations

import math

import cairocffi as cairo

from omkreds.networks.svg_values import PATH_TOKEN

_C = cairo.cairo


def _arc(cr, x1, y1, rx, ry, phi, large, sweep, x2, y2) -> None:
    """SVG's endpoint arc as cairo's centre arc (SVG 1.1, appendix F.6)."""
    if (x1, y1) == (x2, y2):
        return
    rx, ry = abs(rx), abs(ry)
    if rx == 0 or ry == 0:
        _C.cairo_line_to(cr, x2, y2)
        return
    cos_p, sin_p = math.cos(math.radians(phi)), math.sin(math.radians(phi))
    dx, dy = (x1 - x2) / 2, (y1 - y2) / 2
    x1p, y1p = cos_p * dx + sin_p * dy, -sin_p * dx + cos_p * dy
    scale = (x1p / rx) ** 2 + (y1p / ry) ** 2
    if scale > 1:
        rx, ry = rx * math.sqrt(scale), ry * math.sqrt(scale)
    num = rx * rx * ry * ry - rx * rx * y1p * y1p - ry * ry * x1p * x1p
    den = rx * rx * y1p * y1p + ry * ry * x1p * x1p
    root = math.sqrt(max(0.0, num / den)) if den else 0.0
    if large == sweep:
        root = -root
    cxp, cyp = root * rx * y1p / ry, -root * ry * x1p / rx
    cx = cos_p * cxp - sin_p * cyp + (x1 + x2) / 2
    cy = sin_p * cxp + cos_p * cyp + (y1 + y2) / 2
    start = math.atan2((y1p - cyp) / ry, (x1p - cxp) / rx)
    end = math.atan2((-y1p - cyp) / ry, (-x1p - cxp) / rx)
    _C.cairo_save(cr)  # the path is not part of the saved state: only the transform is undone
    _C.cairo_translate(cr, cx, cy)
    _C.cairo_rotate(cr, math.radians(phi))
    _C.cairo_scale(cr, rx, ry)
    (_C.cairo_arc if sweep else _C.cairo_arc_negative)(cr, 0, 0, 1, start, end)
    _C.cairo_restore(cr)


def draw_path(cr, d: str) -> None:
    """Add the SVG path data `d` to cairo's current path."""
    command = ""
    args: list[float] = []
    x = y = start_x = start_y = 0.0
    last_control = None
    tokens = PATH_TOKEN.findall(d)
    counts = {"M": 2, "L": 2, "H": 1, "V": 1, "C": 6, "S": 4, "Q": 4, "T": 2, "A": 7, "Z": 0}

    def run(cmd: str, a: list[float]) -> None:
        nonlocal x, y, start_x, start_y, last_control
        upper = cmd.upper()
        rel = cmd != upper
        ox, oy = (x, y) if rel else (0.0, 0.0)
        control = None
        if upper == "M":
            x, y = ox + a[0], oy + a[1]
            start_x, start_y = x, y
            _C.cairo_move_to(cr, x, y)
        elif upper == "L" or upper == "T":
            x, y = ox + a[0], oy + a[1]
            _C.cairo_line_to(cr, x, y)
        elif upper == "H":
            x = ox + a[0]
            _C.cairo_line_to(cr, x, y)
        elif upper == "V":
            y = oy + a[0]
            _C.cairo_line_to(cr, x, y)
        elif upper in ("C", "S"):
            if upper == "C":
                c1 = (ox + a[0], oy + a[1])
                a = a[2:]
            else:
                c1 = (2 * x - last_control[0], 2 * y - last_control[1]) if last_control else (x, y)
            c2 = (ox + a[0], oy + a[1])
            x, y = ox + a[2], oy + a[3]
            _C.cairo_curve_to(cr, *c1, *c2, x, y)
            control = c2
        elif upper == "Q":
            qx, qy = ox + a[0], oy + a[1]
            nx, ny = ox + a[2], oy + a[3]
            _C.cairo_curve_to(
                cr,
                x + 2 / 3 * (qx - x),
                y + 2 / 3 * (qy - y),
                nx + 2 / 3 * (qx - nx),
                ny + 2 / 3 * (qy - ny),
                nx,
                ny,
            )
            x, y = nx, ny
        elif upper == "A":
            nx, ny = ox + a[5], oy + a[6]
            _arc(cr, x, y, a[0], a[1], a[2], bool(a[3]), bool(a[4]), nx, ny)
            x, y = nx, ny
        elif upper == "Z":
            _C.cairo_close_path(cr)
            x, y = start_x, start_y
        last_control = control

    for letter, number in tokens:
        if letter:
            if letter in "Zz":
                run(letter, [])
                command = ""
            else:
                command = letter
            args = []
            continue
        if not command:
            continue
        args.append(float(number))
        if len(args) == counts[command.upper()]:
            run(command, args)
            args = []
            if command in "Mm":  # further pairs after a moveto are linetos
                command = "l" if command == "m" else "L"
