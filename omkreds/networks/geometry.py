"""Polar ↔ cartesian math shared by the SVG renderer and the browser editor.

The editor's ES module implements the same formulas; keep the two in step.

Coordinates are SVG's: x grows to the right, y grows downwards. The map has a centre
(cx, cy), an inner radius r0 (the citizen's disc) and an outer radius R.

- angle θ is in degrees, measured clockwise from the top (12 o'clock), 0 ≤ θ < 360;
- closeness c is 0 at the citizen's disc and 1 at the outer edge, so the radius is
      r = r0 + c · (R − r0)
- from polar to cartesian:
      x = cx + r · sin θ
      y = cy − r · cos θ
- and back:
      r = √((x − cx)² + (y − cy)²)
      θ = atan2(x − cx, −(y − cy)) in degrees, taken modulo 360
      c = clamp((r − r0) / (R − r0), 0, 1)
- with n rings, ring k (0 = innermost) holds  k/n ≤ c < (k+1)/n; the outer edge belongs to the
  last ring. Ring boundaries are drawn at c = k/n for k = 1 … n.
- with m sectors, sector i spans the angles [i · 360/m, (i+1) · 360/m), clockwise from the top.
"""

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Frame:
    cx: float = 560.0
    cy: float = 500.0
    r0: float = 60.0
    radius: float = 400.0

    def radius_at(self, closeness: float) -> float:
        return self.r0 + closeness * (self.radius - self.r0)

    def to_xy(self, closeness: float, angle: float) -> tuple[float, float]:
        return polar_to_xy(self.cx, self.cy, self.radius_at(closeness), angle)

    def from_xy(self, x: float, y: float) -> tuple[float, float]:
        """(closeness, angle) of a point, clamped onto the map."""
        dx, dy = x - self.cx, y - self.cy
        r = math.hypot(dx, dy)
        angle = math.degrees(math.atan2(dx, -dy)) % 360.0 if r else 0.0
        span = self.radius - self.r0
        closeness = min(1.0, max(0.0, (r - self.r0) / span))
        return closeness, angle


def polar_to_xy(cx: float, cy: float, r: float, angle: float) -> tuple[float, float]:
    theta = math.radians(angle)
    return cx + r * math.sin(theta), cy - r * math.cos(theta)


def ring_index(closeness: float, rings: int) -> int:
    return min(int(closeness * rings), rings - 1)


def sector_span(index: int, count: int) -> tuple[float, float]:
    """Start and end angle (degrees) of sector `index` of `count`."""
    width = 360.0 / count
    return index * width, (index + 1) * width


def sector_at(angle: float, count: int) -> int:
    return min(int((angle % 360.0) / (360.0 / count)), count - 1)


def spread_angles(index: int, count: int, how_many: int) -> list[float]:
    """Evenly spaced angles inside sector `index`, for placing imported people who have no spot."""
    start, end = sector_span(index, count)
    step = (end - start) / (how_many + 1)
    return [start + step * (k + 1) for k in range(how_many)]


def wedge_path(frame: Frame, start: float, end: float) -> str:
    """SVG path data for the ring segment between the citizen's disc and the outer edge."""
    large = 1 if end - start > 180 else 0
    ox1, oy1 = polar_to_xy(frame.cx, frame.cy, frame.radius, start)
    ox2, oy2 = polar_to_xy(frame.cx, frame.cy, frame.radius, end)
    ix2, iy2 = polar_to_xy(frame.cx, frame.cy, frame.r0, end)
    ix1, iy1 = polar_to_xy(frame.cx, frame.cy, frame.r0, start)
    r, r0 = frame.radius, frame.r0
    if end - start >= 360:
        # A single sector is the whole annulus: two half arcs each way.
        return (
            f"M {fmt(frame.cx)} {fmt(frame.cy - r)} A {fmt(r)} {fmt(r)} 0 1 1 {fmt(frame.cx)} "
            f"{fmt(frame.cy + r)} A {fmt(r)} {fmt(r)} 0 1 1 {fmt(frame.cx)} {fmt(frame.cy - r)} Z "
            f"M {fmt(frame.cx)} {fmt(frame.cy - r0)} A {fmt(r0)} {fmt(r0)} 0 1 0 {fmt(frame.cx)} "
            f"{fmt(frame.cy + r0)} A {fmt(r0)} {fmt(r0)} 0 1 0 {fmt(frame.cx)} {fmt(frame.cy - r0)} Z"
        )
    return (
        f"M {fmt(ix1)} {fmt(iy1)} L {fmt(ox1)} {fmt(oy1)} "
        f"A {fmt(r)} {fmt(r)} 0 {large} 1 {fmt(ox2)} {fmt(oy2)} "
        f"L {fmt(ix2)} {fmt(iy2)} A {fmt(r0)} {fmt(r0)} 0 {large} 0 {fmt(ix1)} {fmt(iy1)} Z"
    )


def zigzag_points(
    x1: float, y1: float, x2: float, y2: float, amplitude: float = 6.0, step: float = 12.0
):
    """Points of a zig-zag line from (x1, y1) to (x2, y2): the sign of a conflict."""
    length = math.hypot(x2 - x1, y2 - y1)
    if length < step * 2:
        return [(x1, y1), (x2, y2)]
    ux, uy = (x2 - x1) / length, (y2 - y1) / length
    nx, ny = -uy, ux
    count = int(length // step)
    points = [(x1, y1)]
    for k in range(1, count):
        t = k * length / count
        side = amplitude if k % 2 else -amplitude
        points.append((x1 + ux * t + nx * side, y1 + uy * t + ny * side))
    points.append((x2, y2))
    return points


def fmt(value: float) -> str:
    """Short, stable number text for SVG: at most two decimals, no "-0"."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
