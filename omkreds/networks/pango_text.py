"""Text for draw_cairo.py: the map's names and labels laid out by Pango (omkreds/lib/pango.py),
each layout and its measures kept for the drawing, and the SVG font properties read as Pango
wants them."""

from __future__ import annotations

from omkreds.lib.pango import Text, cairo_pointer

__all__ = ["Layouts", "cairo_pointer", "family", "weight"]


class Layouts(Text):
    """Pango layouts for one drawing, each text laid out once however often it is drawn."""

    def __init__(self) -> None:
        super().__init__()
        self.shifts: dict[tuple, dict[str, float]] = {}
        self.layouts: dict[tuple, tuple] = {}
        self.inks: dict[tuple, tuple[float, float, float, float]] = {}

    def layout_of(self, text: str, font_key: tuple, auto_dir: bool):
        """(layout, x of the logical box, its width, baseline from its top, its height), the
        lengths in user units; `font_key` is (family, weight, size)."""
        key = (text, font_key, auto_dir)
        found = self.layouts.get(key)
        if found is None:
            layout = self.layout(text, self.font(*font_key), auto_dir=auto_dir)
            ink, (x, _y, width, height) = self.extents(layout)
            self.inks[key] = ink
            found = (layout, x, width, self.baseline(layout), height)
            self.layouts[key] = found
        return found

    def ink(self, text: str, font_key: tuple, auto_dir: bool) -> tuple[float, float, float, float]:
        """(x, y, width, height) of what the letters of `layout_of(text, ...)` cover, from the
        layout's top left, in user units."""
        key = (text, font_key, auto_dir)
        if key not in self.inks:
            self.layout_of(text, font_key, auto_dir)
        return self.inks[key]

    def shift(self, font_key: tuple, baseline: str) -> float:
        """How far the alphabetic baseline lies below `y` for a dominant-baseline, as browsers
        place it: central halfway between the font's ascent and descent, middle half the
        x-height above the baseline."""
        shifts = self.shifts.get(font_key)
        if shifts is None:
            ascent, descent = self.metrics(self.font(*font_key))
            top = self.layout_of("x", font_key, False)[3]
            x_height = top - self.ink("x", font_key, False)[1]
            shifts = {
                "central": (ascent - descent) / 2,
                "middle": x_height / 2,
                "hanging": ascent * 0.8,
                "text-before-edge": ascent,
                "text-after-edge": -descent,
            }
            self.shifts[font_key] = shifts
        return shifts.get(baseline, 0.0)


def family(value: str) -> str:
    return ",".join(part.strip().strip("'\"") for part in value.split(",") if part.strip())


def weight(value: str) -> int:
    if value == "bold" or value == "bolder":
        return 700
    if value.isdigit():
        return max(100, min(1000, int(value)))
    return 400
