"""Draw the map's SVG (render.py, pdf.page_svg) straight onto a cairo surface: the PNG and PDF.

Only the subset of SVG that Omkreds writes is understood (see svg_subset.py): nested `svg` with a
viewBox, `g` with a transform, circles, lines with arrowheads (`marker-end`), polylines, paths,
rounded rectangles, text, and photos (`data:` URIs only, clipped to a circle). The drawing is
parsed with defusedxml's ElementTree and walked once, calling cairo directly; svg_subset.py
says what the subset is, and `unknown_features` there lists whatever in a drawing is outside it. The attributes' values (numbers, lengths,
colours, transforms, path data, viewBox fitting) are read by svg_values.py.

Text is laid out by Pango (pango_text.py, on omkreds/lib/pango.py), so letters a font lacks
fall back to another font (emoji through Noto Color Emoji) and right-to-left names are shaped
and ordered. Text stays text in a PDF: it can be searched, copied and read out, each name once.
The white halo under names (`stroke` with `paint-order="stroke"`) is a plate in the halo colour
under the letters' box, reaching half the stroke width beyond it as the stroke does: neither
white copies of the name (they would be text too) nor the outline of every letter stroked (a
500-person PDF ten times larger and slower to write). See docs/decisions.md.

Safety: no DOCTYPE (so no entities) is accepted, and only `data:image/png` and
`data:image/jpeg` pictures are drawn: nothing is ever fetched from the network or the disk.
"""

from __future__ import annotations

import base64
import binascii
import io
import math
import xml.etree.ElementTree as ET  # nosec B405  # only the Element type; parsed by defusedxml

import cairocffi as cairo
from PIL import Image

from omkreds.lib import images
from omkreds.networks.cairo_paths import draw_path
from omkreds.networks.pango_text import Layouts, cairo_pointer, family, weight
from omkreds.networks.svg_subset import (
    DEFAULTS,
    INHERITED,
    SVG_NS,
    XLINK_HREF,
    local_name,
    parse,
)
from omkreds.networks.svg_values import (
    TRANSFORM,
    URL,
    collapse_spaces,
    colour,
    dash_pattern,
    length_in_points,
    num,
    numbers,
    viewbox_matrix,
)

# cairo's own functions: the drawing calls them directly, without cairocffi's check after each
# call (the context's status is checked once at the end), which halves the time of a big map.
_C = cairo.cairo
MAX_IMAGE_PIXELS = 2048 * 2048
MAX_DATA_URI = 8 * 1024 * 1024

# --- Pictures ---------------------------------------------------------------------------------


def _picture(href: str) -> cairo.ImageSurface | None:
    """A `data:` PNG or JPEG as a cairo surface; None for anything else (never fetched)."""
    head, _sep, data = href.partition(",")
    head = head.strip().lower()
    if head not in ("data:image/png;base64", "data:image/jpeg;base64", "data:image/jpg;base64"):
        return None
    if len(data) > MAX_DATA_URI:
        return None
    try:
        content = base64.b64decode(data, validate=False)
        images.check(content)
        with Image.open(io.BytesIO(content)) as image:
            if image.width * image.height > MAX_IMAGE_PIXELS or image.format not in ("PNG", "JPEG"):
                return None
            if image.format == "PNG":
                return cairo.ImageSurface.create_from_png(io.BytesIO(content))
            rgb = image.convert("RGB")
            width, height = rgb.size
            stride = cairo.ImageSurface.format_stride_for_width(cairo.FORMAT_RGB24, width)
            pixels = rgb.convert("RGBA").tobytes("raw", "BGRA", stride)
            surface = cairo.ImageSurface.create_for_data(
                bytearray(pixels), cairo.FORMAT_RGB24, width, height, stride
            )
            # A PDF gets the JPEG itself, not the decoded pixels.
            surface.set_mime_data("image/jpeg", content)
            return surface
    except (OSError, ValueError, binascii.Error, cairo.CairoError, Image.DecompressionBombError):
        return None
    except (images.NotAnImage, images.ImageTooCostly):
        return None


# --- The drawing ------------------------------------------------------------------------------


class Drawing:
    """One parsed SVG, ready to draw onto any cairo context."""

    def __init__(self, svg: str):
        self.root = parse(svg)
        if local_name(self.root.tag) != "svg":
            raise ValueError("Not an SVG drawing.")
        self.ids = {
            element.get("id"): element
            for tag in ("marker", "clipPath")
            for element in self.root.iter(SVG_NS + tag)
            if element.get("id")
        }
        self.text: Layouts | None = None
        self.ctx: cairo.Context | None = None
        self.pictures: dict[str, cairo.ImageSurface | None] = {}

    def box(self) -> list[float]:
        """The root's viewBox (or its width and height in user units)."""
        box = numbers(self.root.get("viewBox", ""))
        if len(box) == 4:
            return box
        return [0.0, 0.0, num(self.root.get("width"), 300), num(self.root.get("height"), 150)]

    def size_in_points(self) -> tuple[float, float]:
        box = self.box()

        return (
            length_in_points(self.root.get("width"), box[2]),
            length_in_points(self.root.get("height"), box[3]),
        )

    def draw(self, ctx: cairo.Context, width: float, height: float) -> None:
        """Draw the whole drawing fitted into width × height user units of `ctx`."""
        self.ctx = ctx
        self.cr = ctx._pointer
        self.pango_cr = cairo_pointer(ctx)
        self.text = Layouts()
        fit = viewbox_matrix(self.box(), width, height, self.root.get("preserveAspectRatio"))
        if fit is None:
            return
        ctx.save()
        ctx.set_miter_limit(4)
        ctx.transform(fit)
        style = self._style(dict(DEFAULTS), self.root.attrib)
        self._children(self.root, style)
        ctx.restore()
        ctx._check_status()

    # Styles are dicts of inherited properties, copied only where an element sets one.
    @staticmethod
    def _style(style: dict, attrs) -> dict:
        if attrs.keys().isdisjoint(INHERITED):
            return style
        style = dict(style)
        for name in INHERITED.intersection(attrs.keys()):
            style[name] = attrs[name]
        return style

    def _children(self, parent: ET.Element, style: dict) -> None:
        for child in parent:
            tag = child.tag
            handler = _HANDLERS.get(tag[len(SVG_NS) :] if tag.startswith(SVG_NS) else tag)
            if handler is None:
                continue
            attrs = child.attrib
            own = self._style(style, attrs)
            special = "transform" in attrs or "clip-path" in attrs or "opacity" in attrs
            if not special:
                handler(self, child, attrs, own)
                continue
            ctx, cr = self.ctx, self.cr
            _C.cairo_save(cr)
            if "transform" in attrs:
                self._transform(attrs["transform"])
            if "clip-path" in attrs:
                self._clip(attrs["clip-path"])
            opacity = num(attrs.get("opacity"), 1.0)
            if opacity < 1:
                ctx.push_group()
            handler(self, child, attrs, own)
            if opacity < 1:
                ctx.pop_group_to_source()
                ctx.paint_with_alpha(opacity)
            _C.cairo_restore(cr)

    def _transform(self, value: str) -> None:
        ctx = self.ctx
        for name, args in TRANSFORM.findall(value):
            n = numbers(args)
            if name == "translate" and n:
                _C.cairo_translate(self.cr, n[0], n[1] if len(n) > 1 else 0.0)
            elif name == "scale" and n:
                ctx.scale(n[0], n[1] if len(n) > 1 else n[0])
            elif name == "rotate" and n:
                cx, cy = (n[1], n[2]) if len(n) == 3 else (0.0, 0.0)
                ctx.translate(cx, cy)
                ctx.rotate(math.radians(n[0]))
                ctx.translate(-cx, -cy)
            elif name == "matrix" and len(n) == 6:
                ctx.transform(cairo.Matrix(*n))

    def _clip(self, value: str) -> None:
        found = URL.match(value.strip())
        clip = self.ids.get(found.group(1)) if found else None
        if clip is None or local_name(clip.tag) != "clipPath":
            return
        cr = self.cr
        _C.cairo_new_path(cr)
        for shape in clip:
            builder = _SHAPES.get(local_name(shape.tag))
            if builder:
                builder(cr, shape.attrib)
        _C.cairo_clip(cr)

    # --- Painting

    def _paint(self, attrs, style: dict, *, fill: bool = True) -> None:
        """Fill and stroke the current path with the element's paint, then clear it."""
        cr = self.cr
        rgb = colour(style["fill"]) if fill else None
        if rgb is not None:
            _C.cairo_set_source_rgba(cr, *rgb, num(style["fill-opacity"], 1.0))
            _C.cairo_fill_preserve(cr)
        stroke = colour(style["stroke"])
        width = num(style["stroke-width"], 1.0)
        if stroke is not None and width > 0:
            _C.cairo_set_source_rgba(cr, *stroke, num(style["stroke-opacity"], 1.0))
            _C.cairo_set_line_width(cr, width)
            dashes = dash_pattern(style["stroke-dasharray"])
            if dashes:
                _C.cairo_set_dash(cr, dashes[0], dashes[1], 0)
                _C.cairo_stroke_preserve(cr)
                _C.cairo_set_dash(cr, cairo.ffi.NULL, 0, 0)
            else:
                _C.cairo_stroke_preserve(cr)
        _C.cairo_new_path(cr)

    def _svg(self, element, attrs, style) -> None:
        ctx = self.ctx
        x, y = num(attrs.get("x")), num(attrs.get("y"))
        width, height = num(attrs.get("width"), 0), num(attrs.get("height"), 0)
        box = numbers(attrs.get("viewBox", ""))
        fit = viewbox_matrix(box if len(box) == 4 else [0, 0, width, height], width, height, None)
        if len(box) == 4:
            fit = viewbox_matrix(box, width, height, attrs.get("preserveAspectRatio"))
        if fit is None:
            return
        ctx.save()
        ctx.rectangle(x, y, width, height)
        ctx.clip()
        ctx.translate(x, y)
        ctx.transform(fit)
        self._children(element, style)
        ctx.restore()

    def _group(self, element, attrs, style) -> None:
        self._children(element, style)

    def _skip(self, element, attrs, style) -> None:
        return

    def _shape(self, element, attrs, style) -> None:
        _SHAPES[local_name(element.tag)](self.cr, attrs)
        self._paint(attrs, style)

    def _line(self, element, attrs, style) -> None:
        cr = self.cr
        x1, y1 = num(attrs.get("x1")), num(attrs.get("y1"))
        x2, y2 = num(attrs.get("x2")), num(attrs.get("y2"))
        _C.cairo_move_to(cr, x1, y1)
        _C.cairo_line_to(cr, x2, y2)
        self._paint(attrs, style, fill=False)
        if "marker-end" in attrs:
            self._marker(attrs["marker-end"], x2, y2, math.atan2(y2 - y1, x2 - x1), style)

    def _polyline(self, element, attrs, style) -> None:
        cr = self.cr
        n = numbers(attrs.get("points", ""))
        points = list(zip(n[0::2], n[1::2], strict=False))
        if len(points) < 2:
            return
        _C.cairo_move_to(cr, *points[0])
        for point in points[1:]:
            _C.cairo_line_to(cr, *point)
        self._paint(attrs, style)
        if "marker-end" in attrs:
            (x1, y1), (x2, y2) = points[-2], points[-1]
            self._marker(attrs["marker-end"], x2, y2, math.atan2(y2 - y1, x2 - x1), style)

    def _path_element(self, element, attrs, style) -> None:
        draw_path(self.cr, attrs.get("d", ""))
        self._paint(attrs, style)

    def _marker(self, value: str, x: float, y: float, angle: float, style: dict) -> None:
        found = URL.match(value.strip())
        marker = self.ids.get(found.group(1)) if found else None
        if marker is None or local_name(marker.tag) != "marker":
            return
        attrs = marker.attrib
        stroke_width = num(style["stroke-width"], 1.0)
        width, height = num(attrs.get("markerWidth"), 3), num(attrs.get("markerHeight"), 3)
        box = numbers(attrs.get("viewBox", ""))
        fit = viewbox_matrix(box if len(box) == 4 else [0, 0, width, height], width, height, None)
        if len(box) == 4:
            fit = viewbox_matrix(box, width, height, attrs.get("preserveAspectRatio"))
        if fit is None or stroke_width <= 0:
            return
        ctx = self.ctx
        ctx.save()
        ctx.translate(x, y)
        orient = attrs.get("orient", "0")
        ctx.rotate(angle if orient == "auto" else math.radians(num(orient)))
        ctx.scale(stroke_width, stroke_width)  # markerUnits="strokeWidth"
        # The reference point (in the viewBox) lands on the line's end.
        ref_x, ref_y = fit.transform_point(num(attrs.get("refX")), num(attrs.get("refY")))
        ctx.translate(-ref_x, -ref_y)
        ctx.transform(fit)
        # Marker content inherits from the marker, not from the line that uses it.
        self._children(marker, self._style(dict(DEFAULTS), attrs))
        ctx.restore()

    def _image(self, element, attrs, style) -> None:
        href = attrs.get("href") or attrs.get(XLINK_HREF) or ""
        if href not in self.pictures:
            self.pictures[href] = _picture(href)
        picture = self.pictures[href]
        width, height = num(attrs.get("width")), num(attrs.get("height"))
        if picture is None or width <= 0 or height <= 0:
            return
        ctx = self.ctx
        x, y = num(attrs.get("x")), num(attrs.get("y"))
        ctx.save()
        ctx.rectangle(x, y, width, height)
        ctx.clip()
        ctx.translate(x, y)
        box = [0.0, 0.0, float(picture.get_width()), float(picture.get_height())]
        fit = viewbox_matrix(box, width, height, attrs.get("preserveAspectRatio"))
        if fit is None:
            ctx.restore()
            return
        ctx.transform(fit)
        ctx.set_source_surface(picture, 0, 0)
        ctx.get_source().set_filter(cairo.FILTER_GOOD)
        ctx.paint()
        ctx.restore()

    def _text(self, element, attrs, style) -> None:
        text = collapse_spaces("".join(element.itertext()))
        if not text:
            return
        size = num(style["font-size"], 16)
        if size <= 0:
            return
        font_key = (family(style["font-family"]), weight(style["font-weight"]), size)
        texts = self.text
        auto_dir = attrs.get("unicode-bidi") == "plaintext"
        layout, left, width, top, height = texts.layout_of(text, font_key, auto_dir)
        anchor = style["text-anchor"]
        x = num(attrs.get("x")) - left
        if anchor == "middle":
            x -= width / 2
        elif anchor == "end":
            x -= width
        y = num(attrs.get("y")) + texts.shift(font_key, style["dominant-baseline"]) - top
        ctx, c = self.ctx, self.cr
        cr = self.pango_cr
        show = texts.show
        fill = colour(style["fill"])
        fill_alpha = num(style["fill-opacity"], 1.0)
        stroke = colour(style["stroke"])
        stroke_width = num(style["stroke-width"], 1.0)
        halo = stroke is not None and stroke_width > 0
        stroke_alpha = num(style["stroke-opacity"], 1.0)
        if halo and style["paint-order"].startswith("stroke"):
            # The halo is a plate: the letters' box grown by half the stroke width (as far as
            # the stroke reaches), its corners rounded as much. Drawing the name again in white
            # would put it into the PDF's text several times.
            r = stroke_width / 2
            ink_x, ink_y, ink_width, ink_height = texts.ink(text, font_key, auto_dir)
            if ink_width > 0 and ink_height > 0:
                _C.cairo_set_source_rgba(c, *stroke, stroke_alpha)
                _plate(c, x + ink_x - r, y + ink_y - r, ink_width + 2 * r, ink_height + 2 * r, r)
                _C.cairo_fill(c)
            halo = False
        if fill is not None:
            _C.cairo_set_source_rgba(c, *fill, fill_alpha)
            _C.cairo_move_to(c, x, y)
            show(cr, layout)
        if halo:  # a stroke over the letters (not written by render.py)
            ctx.move_to(x, y)
            texts.outline(cr, layout)
            ctx.set_source_rgba(*stroke, stroke_alpha)
            ctx.set_line_width(stroke_width)
            ctx.stroke()
        _C.cairo_new_path(c)


def _circle(cr, attrs) -> None:
    r = num(attrs.get("r"))
    if r > 0:
        cx, cy = num(attrs.get("cx")), num(attrs.get("cy"))
        _C.cairo_new_sub_path(cr)
        _C.cairo_arc(cr, cx, cy, r, 0, 2 * math.pi)
        _C.cairo_close_path(cr)


def _plate(cr, x: float, y: float, width: float, height: float, r: float) -> None:
    """A rectangle with round corners of radius r (at most half its sides)."""
    r = min(r, width / 2, height / 2)
    quarter = math.pi / 2
    _C.cairo_new_sub_path(cr)
    _C.cairo_arc(cr, x + width - r, y + r, r, -quarter, 0)
    _C.cairo_arc(cr, x + width - r, y + height - r, r, 0, quarter)
    _C.cairo_arc(cr, x + r, y + height - r, r, quarter, 2 * quarter)
    _C.cairo_arc(cr, x + r, y + r, r, 2 * quarter, 3 * quarter)
    _C.cairo_close_path(cr)


def _rect(cr, attrs) -> None:
    x, y = num(attrs.get("x")), num(attrs.get("y"))
    width, height = num(attrs.get("width")), num(attrs.get("height"))
    if width <= 0 or height <= 0:
        return
    rx = attrs.get("rx")
    ry = attrs.get("ry", rx)
    rx = min(num(rx if rx is not None else ry), width / 2)
    ry = min(num(ry), height / 2)
    if rx <= 0 or ry <= 0:
        _C.cairo_rectangle(cr, x, y, width, height)
        return
    # Quarter ellipses in a space where the corners are unit circles, starting (as SVG does)
    # at the end of the top-left corner.
    _C.cairo_save(cr)
    _C.cairo_translate(cr, x, y)
    _C.cairo_scale(cr, rx, ry)
    w, h, quarter = width / rx, height / ry, math.pi / 2
    _C.cairo_move_to(cr, 1, 0)
    _C.cairo_arc(cr, w - 1, 1, 1, -quarter, 0)
    _C.cairo_arc(cr, w - 1, h - 1, 1, 0, quarter)
    _C.cairo_arc(cr, 1, h - 1, 1, quarter, 2 * quarter)
    _C.cairo_arc(cr, 1, 1, 1, 2 * quarter, 3 * quarter)
    _C.cairo_close_path(cr)
    _C.cairo_restore(cr)


_SHAPES = {"circle": _circle, "rect": _rect, "path": lambda cr, a: draw_path(cr, a.get("d", ""))}
_HANDLERS = {
    "svg": Drawing._svg,
    "g": Drawing._group,
    "circle": Drawing._shape,
    "rect": Drawing._shape,
    "line": Drawing._line,
    "polyline": Drawing._polyline,
    "path": Drawing._path_element,
    "text": Drawing._text,
    "image": Drawing._image,
    # Drawn only where they are used (markers, clips) or never (titles).
    "defs": Drawing._skip,
    "marker": Drawing._skip,
    "clipPath": Drawing._skip,
    "title": Drawing._skip,
}


# --- Files ------------------------------------------------------------------------------------


def pdf(svg: str, *, title: str = "", creator: str = "Omkreds") -> bytes:
    """One PDF page the size of the drawing's width and height (e.g. `420mm`)."""
    drawing = Drawing(svg)
    width, height = drawing.size_in_points()
    out = io.BytesIO()
    surface = cairo.PDFSurface(out, width, height)
    if title:
        surface.set_metadata(cairo.PDF_METADATA_TITLE, title)
    if creator:
        surface.set_metadata(cairo.PDF_METADATA_CREATOR, creator)
    drawing.draw(cairo.Context(surface), width, height)
    surface.finish()
    return out.getvalue()


def png(svg: str, *, width: int, height: int) -> bytes:
    """A width × height picture on white, the drawing fitted into it."""
    drawing = Drawing(svg)
    surface = cairo.ImageSurface(cairo.FORMAT_RGB24, width, height)
    ctx = cairo.Context(surface)
    ctx.set_source_rgb(1, 1, 1)
    ctx.paint()
    drawing.draw(ctx, width, height)
    surface.flush()
    out = io.BytesIO()
    surface.write_to_png(out)
    return out.getvalue()
