"""Text for draw_cairo.py: Pango through pangocairo, called with cffi in ABI mode (no build).

Pango picks a font for every letter (emoji from Noto Color Emoji, Arabic and Hebrew from the
fonts that have them), shapes and orders right-to-left text, and pangocairo draws it onto any
cairo context as real text. The cairo_t of a cairocffi Context is handed over by its address.
"""

from __future__ import annotations

import cairocffi as cairo
from cffi import FFI

PANGO_SCALE = 1024

_ffi = FFI()
_ffi.cdef(
    """
    typedef struct _PangoContext PangoContext;
    typedef struct _PangoLayout PangoLayout;
    typedef struct _PangoFontDescription PangoFontDescription;
    typedef struct _PangoFontMap PangoFontMap;
    typedef struct _PangoFontMetrics PangoFontMetrics;
    typedef struct { int x; int y; int width; int height; } PangoRectangle;
    PangoFontMap *pango_cairo_font_map_get_default(void);
    PangoContext *pango_font_map_create_context(PangoFontMap *fontmap);
    void pango_cairo_context_set_font_options(PangoContext *context, const void *options);
    void pango_context_set_round_glyph_positions(PangoContext *context, int round_positions);
    PangoLayout *pango_layout_new(PangoContext *context);
    void pango_layout_set_text(PangoLayout *layout, const char *text, int length);
    void pango_layout_set_font_description(PangoLayout *layout, const PangoFontDescription *d);
    void pango_layout_set_auto_dir(PangoLayout *layout, int auto_dir);
    int pango_layout_get_baseline(PangoLayout *layout);
    void pango_layout_get_extents(PangoLayout *layout, PangoRectangle *ink, PangoRectangle *logical);
    PangoFontDescription *pango_font_description_new(void);
    void pango_font_description_set_family(PangoFontDescription *desc, const char *family);
    void pango_font_description_set_weight(PangoFontDescription *desc, int weight);
    void pango_font_description_set_absolute_size(PangoFontDescription *desc, double size);
    void pango_font_description_free(PangoFontDescription *desc);
    PangoFontMetrics *pango_context_get_metrics(PangoContext *context,
        const PangoFontDescription *desc, void *language);
    int pango_font_metrics_get_ascent(PangoFontMetrics *metrics);
    int pango_font_metrics_get_descent(PangoFontMetrics *metrics);
    void pango_font_metrics_unref(PangoFontMetrics *metrics);
    void pango_cairo_show_layout(void *cr, PangoLayout *layout);
    void pango_cairo_layout_path(void *cr, PangoLayout *layout);
    void g_object_unref(void *object);
    """
)
_libs: dict[str, object] = {}


def _lib(name: str):
    if name not in _libs:
        _libs[name] = _ffi.dlopen(name)
    return _libs[name]


def _pangocairo():
    return _lib("libpangocairo-1.0.so.0")


def _pango():
    return _lib("libpango-1.0.so.0")


def _gobject():
    return _lib("libgobject-2.0.so.0")


def cairo_pointer(context: cairo.Context):
    return _ffi.cast("void *", int(cairo.ffi.cast("uintptr_t", context._pointer)))


class Layouts:
    """Pango layouts for one drawing: unhinted, unrounded positions, so that the PNG and the
    PDF place every letter alike at any scale."""

    def __init__(self) -> None:
        pango, pangocairo = _pango(), _pangocairo()
        self.pango, self.pangocairo = pango, pangocairo
        self.context = _ffi.gc(
            pango.pango_font_map_create_context(pangocairo.pango_cairo_font_map_get_default()),
            _gobject().g_object_unref,
        )
        options = cairo.FontOptions()
        options.set_hint_metrics(cairo.HINT_METRICS_OFF)
        options.set_hint_style(cairo.HINT_STYLE_NONE)
        pointer = _ffi.cast("void *", int(cairo.ffi.cast("uintptr_t", options._pointer)))
        pangocairo.pango_cairo_context_set_font_options(self.context, pointer)  # copied
        pango.pango_context_set_round_glyph_positions(self.context, 0)
        self.fonts: dict[tuple, object] = {}
        self.shifts: dict[tuple, dict[str, float]] = {}
        self.layouts: dict[tuple, tuple] = {}
        self.inks: dict[tuple, tuple[float, float, float, float]] = {}

    def font(self, family: str, weight: int, size: float):
        key = (family, weight, size)
        desc = self.fonts.get(key)
        if desc is None:
            pango = self.pango
            desc = _ffi.gc(pango.pango_font_description_new(), pango.pango_font_description_free)
            pango.pango_font_description_set_family(desc, family.encode())
            pango.pango_font_description_set_weight(desc, weight)
            pango.pango_font_description_set_absolute_size(desc, size * PANGO_SCALE)
            self.fonts[key] = desc
        return desc

    def layout(self, text: str, font_key: tuple, auto_dir: bool):
        """(layout, x of the logical box, its width, baseline from its top, its height), the
        lengths in user units."""
        key = (text, font_key, auto_dir)
        found = self.layouts.get(key)
        if found is None:
            pango = self.pango
            layout = _ffi.gc(pango.pango_layout_new(self.context), _gobject().g_object_unref)
            pango.pango_layout_set_font_description(layout, self.font(*font_key))
            pango.pango_layout_set_auto_dir(layout, 1 if auto_dir else 0)
            data = text.encode("utf-8")
            pango.pango_layout_set_text(layout, data, len(data))
            ink, logical = _ffi.new("PangoRectangle *"), _ffi.new("PangoRectangle *")
            pango.pango_layout_get_extents(layout, ink, logical)
            self.inks[key] = (
                ink.x / PANGO_SCALE,
                ink.y / PANGO_SCALE,
                ink.width / PANGO_SCALE,
                ink.height / PANGO_SCALE,
            )
            found = (
                layout,
                logical.x / PANGO_SCALE,
                logical.width / PANGO_SCALE,
                pango.pango_layout_get_baseline(layout) / PANGO_SCALE,
                logical.height / PANGO_SCALE,
            )
            self.layouts[key] = found
        return found

    def ink(self, text: str, font_key: tuple, auto_dir: bool) -> tuple[float, float, float, float]:
        """(x, y, width, height) of what the letters of `layout(text, ...)` cover, from the
        layout's top left, in user units."""
        key = (text, font_key, auto_dir)
        if key not in self.inks:
            self.layout(text, font_key, auto_dir)
        return self.inks[key]

    def shift(self, font_key: tuple, baseline: str) -> float:
        """How far the alphabetic baseline lies below `y` for a dominant-baseline, as browsers
        place it: central halfway between the font's ascent and descent, middle half the
        x-height above the baseline."""
        shifts = self.shifts.get(font_key)
        if shifts is None:
            pango = self.pango
            metrics = pango.pango_context_get_metrics(self.context, self.font(*font_key), _ffi.NULL)
            ascent = pango.pango_font_metrics_get_ascent(metrics) / PANGO_SCALE
            descent = pango.pango_font_metrics_get_descent(metrics) / PANGO_SCALE
            pango.pango_font_metrics_unref(metrics)
            layout, _x, _w, top, _h = self.layout("x", font_key, False)
            ink = _ffi.new("PangoRectangle *")
            pango.pango_layout_get_extents(layout, ink, _ffi.NULL)
            x_height = top - ink.y / PANGO_SCALE
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
