"""Pango through pangocairo, called with cffi in ABI mode (no build), for the drawings that
Omkreds makes with cairo: the network map (networks/draw_cairo.py) and the overview's table
(networks/overview/pdf_table.py).

Pango picks a font for every letter (emoji from Noto Color Emoji, Arabic and Hebrew from the
fonts that have them), shapes and orders right-to-left text, wraps it, and pangocairo draws it
onto any cairo context as real text: a PDF's text can be searched, copied and read out.

The libraries are opened on first use; `Unavailable` says which one is missing. The cairo_t of
a cairocffi Context is handed to pangocairo by its address (`cairo_pointer`). Lengths that go in
and come out of `Text` are in user units (Pango's own unit is 1/PANGO_SCALE of that).
"""

from __future__ import annotations

from collections.abc import Iterable

import cairocffi as cairo
from cffi import FFI

PANGO_SCALE = 1024
WRAP_WORD_CHAR = 2  # break between words, inside a word only when it alone is too wide
NO_LIGATURES = b"liga 0, clig 0, dlig 0, hlig 0"

PANGO = "libpango-1.0.so.0"
PANGOCAIRO = "libpangocairo-1.0.so.0"
GOBJECT = "libgobject-2.0.so.0"

ffi = FFI()
ffi.cdef(
    """
    typedef struct _PangoContext PangoContext;
    typedef struct _PangoLayout PangoLayout;
    typedef struct _PangoFontDescription PangoFontDescription;
    typedef struct _PangoFontMap PangoFontMap;
    typedef struct _PangoFontMetrics PangoFontMetrics;
    typedef struct _PangoAttrList PangoAttrList;
    typedef struct _PangoLayoutIter PangoLayoutIter;
    typedef struct _PangoLayoutLine PangoLayoutLine;
    typedef struct { int x; int y; int width; int height; } PangoRectangle;
    typedef struct { const void *klass; unsigned int start_index; unsigned int end_index; }
        PangoAttribute;
    PangoFontMap *pango_cairo_font_map_get_default(void);
    PangoContext *pango_font_map_create_context(PangoFontMap *fontmap);
    void pango_cairo_context_set_font_options(PangoContext *context, const void *options);
    void pango_context_set_round_glyph_positions(PangoContext *context, int round_positions);
    PangoLayout *pango_layout_new(PangoContext *context);
    void pango_layout_set_text(PangoLayout *layout, const char *text, int length);
    void pango_layout_set_font_description(PangoLayout *layout, const PangoFontDescription *d);
    void pango_layout_set_auto_dir(PangoLayout *layout, int auto_dir);
    void pango_layout_set_width(PangoLayout *layout, int width);
    void pango_layout_set_wrap(PangoLayout *layout, int wrap);
    void pango_layout_set_attributes(PangoLayout *layout, PangoAttrList *attrs);
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
    PangoAttrList *pango_attr_list_new(void);
    void pango_attr_list_insert(PangoAttrList *list, PangoAttribute *attr);
    void pango_attr_list_unref(PangoAttrList *list);
    PangoAttribute *pango_attr_weight_new(int weight);
    PangoAttribute *pango_attr_font_features_new(const char *features);
    PangoAttribute *pango_attr_foreground_new(unsigned short r, unsigned short g,
        unsigned short b);
    PangoLayoutIter *pango_layout_get_iter(PangoLayout *layout);
    void pango_layout_iter_free(PangoLayoutIter *iter);
    int pango_layout_iter_next_line(PangoLayoutIter *iter);
    PangoLayoutLine *pango_layout_iter_get_line_readonly(PangoLayoutIter *iter);
    void pango_layout_iter_get_line_yrange(PangoLayoutIter *iter, int *y0, int *y1);
    int pango_layout_iter_get_baseline(PangoLayoutIter *iter);
    void pango_layout_iter_get_line_extents(PangoLayoutIter *iter, PangoRectangle *ink,
        PangoRectangle *logical);
    void pango_cairo_show_layout(void *cr, PangoLayout *layout);
    void pango_cairo_show_layout_line(void *cr, PangoLayoutLine *line);
    void pango_cairo_layout_path(void *cr, PangoLayout *layout);
    void g_object_unref(void *object);
    """
)
_libs: dict[str, object] = {}

Box = tuple[float, float, float, float]  # x, y, width, height


class Unavailable(OSError):
    """Pango, pangocairo or GObject cannot be loaded (the library is not installed)."""


def library(name: str):
    """The shared library `name` (PANGO, PANGOCAIRO or GOBJECT), opened once."""
    if name not in _libs:
        try:
            _libs[name] = ffi.dlopen(name)
        except OSError as exc:
            raise Unavailable(f"{name} is missing: install Pango and pangocairo") from exc
    return _libs[name]


def cairo_pointer(cairo_object):
    """The C pointer of a cairocffi object (a Context's cairo_t, a FontOptions…) for Pango."""
    return ffi.cast("void *", int(cairo.ffi.cast("uintptr_t", cairo_object._pointer)))


def _box(rectangle) -> Box:
    return (
        rectangle.x / PANGO_SCALE,
        rectangle.y / PANGO_SCALE,
        rectangle.width / PANGO_SCALE,
        rectangle.height / PANGO_SCALE,
    )


class Text:
    """One Pango context for a drawing: unhinted metrics and unrounded glyph positions, so that
    a PNG and a PDF place every letter alike at any scale. Raises Unavailable when the libraries
    are missing."""

    def __init__(self) -> None:
        self.pango = pango = library(PANGO)
        self.pangocairo = pangocairo = library(PANGOCAIRO)
        self.unref = library(GOBJECT).g_object_unref
        self.context = ffi.gc(
            pango.pango_font_map_create_context(pangocairo.pango_cairo_font_map_get_default()),
            self.unref,
        )
        options = cairo.FontOptions()
        options.set_hint_metrics(cairo.HINT_METRICS_OFF)
        options.set_hint_style(cairo.HINT_STYLE_NONE)
        pangocairo.pango_cairo_context_set_font_options(self.context, cairo_pointer(options))
        pango.pango_context_set_round_glyph_positions(self.context, 0)
        self.fonts: dict[tuple[str, int, float], object] = {}

    def font(self, family: str, weight: int, size: float):
        """A font description (kept for the drawing): `family` a comma-separated list, `size`
        in user units."""
        key = (family, weight, size)
        desc = self.fonts.get(key)
        if desc is None:
            pango = self.pango
            desc = ffi.gc(pango.pango_font_description_new(), pango.pango_font_description_free)
            pango.pango_font_description_set_family(desc, family.encode())
            pango.pango_font_description_set_weight(desc, weight)
            pango.pango_font_description_set_absolute_size(desc, size * PANGO_SCALE)
            self.fonts[key] = desc
        return desc

    def layout(
        self,
        text: str | bytes,
        font,
        *,
        auto_dir: bool = False,
        width: float | None = None,
        wrap: int = WRAP_WORD_CHAR,
        ligatures: bool = True,
        spans: Iterable[tuple[int, int, object]] = (),
    ):
        """A layout of `text` (UTF-8 when bytes) in `font`. `auto_dir`: the text's own
        direction decides its alignment; `width`: wrapped to so many user units; `spans`:
        (start byte, end byte, attribute from `bold`/`foreground`) for runs of the text;
        `ligatures=False`: "fi" stays two letters, so a copied or searched word is as typed."""
        pango = self.pango
        layout = ffi.gc(pango.pango_layout_new(self.context), self.unref)
        pango.pango_layout_set_font_description(layout, font)
        pango.pango_layout_set_auto_dir(layout, 1 if auto_dir else 0)
        if width is not None:
            pango.pango_layout_set_width(layout, int(width * PANGO_SCALE))
            pango.pango_layout_set_wrap(layout, wrap)
        data = text.encode("utf-8") if isinstance(text, str) else text
        pango.pango_layout_set_text(layout, data, len(data))
        spans = list(spans)
        if spans or not ligatures:
            attrs = pango.pango_attr_list_new()
            if not ligatures:
                pango.pango_attr_list_insert(
                    attrs, pango.pango_attr_font_features_new(NO_LIGATURES)
                )
            for start, end, attr in spans:
                attr.start_index, attr.end_index = start, end
                pango.pango_attr_list_insert(attrs, attr)  # the list owns it now
            pango.pango_layout_set_attributes(layout, attrs)  # the layout takes a reference
            pango.pango_attr_list_unref(attrs)
        return layout

    def bold(self, weight: int):
        """A weight attribute for `layout(spans=...)`."""
        return self.pango.pango_attr_weight_new(weight)

    def foreground(self, rgb: tuple[float, float, float]):
        """A colour attribute (red, green, blue from 0 to 1) for `layout(spans=...)`."""
        return self.pango.pango_attr_foreground_new(*(int(c * 65535) for c in rgb))

    def extents(self, layout, *, ink: bool = True) -> tuple[Box | None, Box]:
        """(ink box, logical box) of `layout` from its top left; the ink box (what the letters
        cover) is None when not asked for."""
        logical = ffi.new("PangoRectangle *")
        inked = ffi.new("PangoRectangle *") if ink else ffi.NULL
        self.pango.pango_layout_get_extents(layout, inked, logical)
        return (_box(inked) if ink else None), _box(logical)

    def baseline(self, layout) -> float:
        """How far the first line's baseline lies below the layout's top."""
        return self.pango.pango_layout_get_baseline(layout) / PANGO_SCALE

    def metrics(self, font) -> tuple[float, float]:
        """(ascent, descent) of `font`."""
        pango = self.pango
        metrics = pango.pango_context_get_metrics(self.context, font, ffi.NULL)
        ascent = pango.pango_font_metrics_get_ascent(metrics) / PANGO_SCALE
        descent = pango.pango_font_metrics_get_descent(metrics) / PANGO_SCALE
        pango.pango_font_metrics_unref(metrics)
        return ascent, descent

    def lines(self, layout) -> list[tuple[float, float, float, float, object]]:
        """(top, bottom, baseline, left, line) of every line of `layout`; a line lives as long
        as its layout."""
        pango = self.pango
        found = []
        it = pango.pango_layout_get_iter(layout)
        top, bottom = ffi.new("int *"), ffi.new("int *")
        logical = ffi.new("PangoRectangle *")
        try:
            while True:
                pango.pango_layout_iter_get_line_yrange(it, top, bottom)
                pango.pango_layout_iter_get_line_extents(it, ffi.NULL, logical)
                found.append(
                    (
                        top[0] / PANGO_SCALE,
                        bottom[0] / PANGO_SCALE,
                        pango.pango_layout_iter_get_baseline(it) / PANGO_SCALE,
                        logical.x / PANGO_SCALE,
                        pango.pango_layout_iter_get_line_readonly(it),
                    )
                )
                if not pango.pango_layout_iter_next_line(it):
                    return found
        finally:
            pango.pango_layout_iter_free(it)

    # Drawing: `cr` is `cairo_pointer(context)`; the layout's top left (a line's baseline start)
    # goes at the context's current point, in its current source.

    def show(self, cr, layout) -> None:
        self.pangocairo.pango_cairo_show_layout(cr, layout)

    def show_line(self, cr, line) -> None:
        self.pangocairo.pango_cairo_show_layout_line(cr, line)

    def outline(self, cr, layout) -> None:
        """The letters' outlines as the context's path (to stroke them)."""
        self.pangocairo.pango_cairo_layout_path(cr, layout)
