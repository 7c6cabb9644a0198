"""The overview PDF's table drawn straight onto a cairo PDF surface, page by page.

WeasyPrint laid the overview out as an HTML table at ~17 ms of CPU per contact (about 9 s for
500 contacts). The page is simple enough to lay out here: every cell's text is one Pango layout
(wrapped to the column, with bold and grey runs as attributes, never markup), a row goes to the
next page when it does not fit (one taller than a page is split between lines), and the header
row is drawn again at the top of every page. The look follows networks/overview/print.html (A4
landscape, the same margins, columns, colours, paddings and footer); that template is still used
when this module cannot draw the page (no pangocairo library), see `exports.to_pdf`.

Text is laid out by Pango through pangocairo (omkreds/lib/pango.py), so letters DejaVu Sans lacks
fall back to another font, and the PDF's text stays text: it can be searched, copied, read out.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

import cairocffi as cairo
from PIL import Image, ImageOps

from omkreds.lib import images, pango

MM = 72 / 25.4  # points per millimetre: the surface's unit is the point

PAGE_WIDTH, PAGE_HEIGHT = 297 * MM, 210 * MM  # A4 landscape
MARGIN_TOP, MARGIN_RIGHT, MARGIN_BOTTOM, MARGIN_LEFT = 10 * MM, 10 * MM, 18 * MM, 10 * MM
CONTENT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT
FIXED_COLUMNS = (18 * MM, 45 * MM, 22 * MM, 100 * MM)  # photo, role, active, contact details
COLUMNS = (*FIXED_COLUMNS, CONTENT_WIDTH - sum(FIXED_COLUMNS))  # … and what the person can do
PADDING = 1.5 * MM
BORDER = 0.5
PHOTO = 15 * MM
PHOTO_PIXELS = 180  # 15 mm at about 300 dpi

FAMILY = "DejaVu Sans, sans-serif"
BODY, TITLE, FOOTER = 9.0, 15.0, 7.5  # font sizes in points
BOLD = 700
LINE = 1.2 * BODY  # about one line of table text

INK = (0x24 / 255, 0x29 / 255, 0x2F / 255)
MUTED = (0x57 / 255, 0x60 / 255, 0x6A / 255)
RULE = (0x8C / 255, 0x95 / 255, 0x9F / 255)
HEAD = (0xEA / 255, 0xEE / 255, 0xF2 / 255)


class CannotDraw(Exception):
    """This module cannot draw the page (the caller falls back to the HTML print)."""


@dataclass(frozen=True)
class Run:
    """A piece of a cell's text: plain, bold or muted (grey)."""

    text: str
    style: str = ""  # "", "bold" or "muted"


_SPACES = re.compile(r"[ \t\f\v]+")


def clean(text: str) -> str:
    """Text as HTML shows it: runs of spaces are one space, line breaks kept (linebreaksbr)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(_SPACES.sub(" ", line).strip() for line in lines).strip("\n")


# --- Text ------------------------------------------------------------------------------------


class _Text:
    """The table's text, laid out by Pango (omkreds/lib/pango.py) in DejaVu Sans, left-aligned
    as the HTML table was, with no ligatures."""

    def __init__(self) -> None:
        try:
            self.pango = pango.Text()
        except pango.Unavailable as exc:
            raise CannotDraw(str(exc)) from exc

    def layout(self, runs, *, width: float, size: float = BODY, weight: int = 400):
        """(layout, height in points) of `runs` wrapped to `width` points."""
        text = self.pango
        data = bytearray()
        spans = []
        for run in runs:
            piece = run.text.encode("utf-8", "replace")
            if run.style and piece:
                attr = text.bold(BOLD) if run.style == "bold" else text.foreground(MUTED)
                spans.append((len(data), len(data) + len(piece), attr))
            data += piece
        layout = text.layout(
            bytes(data),
            text.font(FAMILY, weight, size),
            width=width,
            wrap=pango.WRAP_WORD_CHAR,  # break inside a word only when it alone is too wide
            # No ligatures: "fi" stays two letters, so a copied or searched word is the word typed.
            ligatures=False,
            spans=spans,
        )
        return layout, text.extents(layout, ink=False)[1][3]

    def lines(self, layout):
        return self.pango.lines(layout)

    def show_line(self, context: cairo.Context, line, x: float, baseline: float) -> None:
        context.set_source_rgb(*INK)
        context.move_to(x, baseline)
        self.pango.show_line(pango.cairo_pointer(context), line)

    def show(self, context: cairo.Context, layout, x: float, y: float, colour=INK) -> None:
        context.set_source_rgb(*colour)
        context.move_to(x, y)
        self.pango.show(pango.cairo_pointer(context), layout)


# --- Photos -----------------------------------------------------------------------------------


def photo_surface(content: bytes) -> cairo.ImageSurface | None:
    """A stored photo cropped to a square (object-fit: cover), as a small JPEG-backed surface."""
    try:
        images.check(content, draft=(PHOTO_PIXELS, PHOTO_PIXELS))
        with Image.open(io.BytesIO(content)) as image:
            image.draft("RGB", (PHOTO_PIXELS, PHOTO_PIXELS))  # a JPEG decodes at 1/2, 1/4…
            square = ImageOps.fit(image.convert("RGB"), (PHOTO_PIXELS, PHOTO_PIXELS))
    except (OSError, ValueError, Image.DecompressionBombError):
        return None
    except (images.NotAnImage, images.ImageTooCostly):
        return None
    jpeg = io.BytesIO()
    square.save(jpeg, format="JPEG", quality=85)
    stride = cairo.ImageSurface.format_stride_for_width(cairo.FORMAT_RGB24, PHOTO_PIXELS)
    pixels = bytearray(square.convert("RGBA").tobytes("raw", "BGRA"))
    surface = cairo.ImageSurface(
        cairo.FORMAT_RGB24, PHOTO_PIXELS, PHOTO_PIXELS, data=pixels, stride=stride
    )
    surface.set_mime_data("image/jpeg", jpeg.getvalue())  # the PDF embeds the JPEG
    return surface


def _draw_photo(context: cairo.Context, surface, x: float, y: float) -> None:
    radius = 1 * MM
    context.save()
    context.new_sub_path()
    context.arc(x + PHOTO - radius, y + radius, radius, -1.5708, 0)
    context.arc(x + PHOTO - radius, y + PHOTO - radius, radius, 0, 1.5708)
    context.arc(x + radius, y + PHOTO - radius, radius, 1.5708, 3.14159)
    context.arc(x + radius, y + radius, radius, 3.14159, 4.71239)
    context.close_path()
    context.clip()
    context.translate(x, y)
    context.scale(PHOTO / PHOTO_PIXELS, PHOTO / PHOTO_PIXELS)
    context.set_source_surface(surface, 0, 0)
    context.paint()
    context.restore()


# --- The page ---------------------------------------------------------------------------------


@dataclass
class Table:
    """What the page shows; cells are lists of Runs, one list per column."""

    title: str
    dated: str
    footer: str  # the consent line (if any) and the confidentiality line, one per line
    header: list[str]
    rows: list[tuple[list[list[Run]], cairo.ImageSurface | None]]
    empty: str  # the one-cell row shown when there are no rows
    language: str = "en"


def draw(table: Table) -> bytes:
    """The PDF; raises CannotDraw when the libraries are missing or the header is too tall."""
    text = _Text()
    out = io.BytesIO()
    surface = cairo.PDFSurface(out, PAGE_WIDTH, PAGE_HEIGHT)
    surface.set_metadata(cairo.PDF_METADATA_TITLE, table.title)
    surface.set_metadata(cairo.PDF_METADATA_CREATOR, "Omkreds")
    context = cairo.Context(surface)
    bottom = PAGE_HEIGHT - MARGIN_BOTTOM
    inner = [width - 2 * PADDING for width in COLUMNS]

    footer, footer_height = text.layout([Run(table.footer)], width=CONTENT_WIDTH, size=FOOTER)
    footer_y = bottom + (MARGIN_BOTTOM - footer_height) / 2  # a margin box: centred

    heads = [
        text.layout([Run(h)], width=w, weight=BOLD)
        for h, w in zip(table.header, inner, strict=True)
    ]
    head_height = max(height for _layout, height in heads) + 2 * PADDING
    if MARGIN_TOP + head_height >= bottom:
        raise CannotDraw("no room for the header")

    def end_page() -> None:
        text.show(context, footer, MARGIN_LEFT, footer_y, MUTED)
        context.show_page()

    def start_page(y: float) -> float:
        _cell_row(context, y, head_height, fill=HEAD)
        x = MARGIN_LEFT
        for (layout, _height), width in zip(heads, COLUMNS, strict=True):
            text.show(context, layout, x + PADDING, y + PADDING)
            x += width
        return y + head_height

    y = start_page(_heading(context, text, table))

    if not table.rows:
        layout, height = text.layout([Run(table.empty)], width=CONTENT_WIDTH - 2 * PADDING)
        _rule(context, MARGIN_LEFT, y, CONTENT_WIDTH, height + 2 * PADDING)
        text.show(context, layout, MARGIN_LEFT + PADDING, y + PADDING)

    for cells, photo in table.rows:
        laid = [
            text.layout(runs, width=w) if runs else None
            for runs, w in zip(cells, inner, strict=True)
        ]
        content = max((height for _layout, height in filter(None, laid)), default=0.0)
        if photo is not None:
            content = max(content, PHOTO + 0.25 * BODY)  # an inline image sits on the baseline
        height = content + 2 * PADDING
        if y + height > bottom:
            if MARGIN_TOP + head_height + height > bottom:
                # Taller than a page: split between lines, from here if a few lines fit.
                if bottom - y < 4 * LINE + 2 * PADDING:
                    end_page()
                    y = start_page(MARGIN_TOP)
                y = _split_row(context, text, laid, photo, y, bottom, end_page, start_page)
                continue
            end_page()
            y = start_page(MARGIN_TOP)
        _cell_row(context, y, height)
        x = MARGIN_LEFT
        if photo is not None:
            _draw_photo(context, photo, x + PADDING, y + PADDING)
        for item, width in zip(laid, COLUMNS, strict=True):
            if item is not None:
                text.show(context, item[0], x + PADDING, y + PADDING)
            x += width
        y += height
    end_page()
    surface.finish()
    return with_language(out.getvalue(), table.language)


def _heading(context, text: _Text, table: Table) -> float:
    """The title and the dated line, on the first page only; where the table starts."""
    y = MARGIN_TOP
    title, title_height = text.layout(
        [Run(table.title)], width=CONTENT_WIDTH, size=TITLE, weight=BOLD
    )
    text.show(context, title, MARGIN_LEFT, y)
    y += title_height + 1 * MM
    dated, dated_height = text.layout([Run(table.dated)], width=CONTENT_WIDTH)
    text.show(context, dated, MARGIN_LEFT, y, MUTED)
    return y + dated_height + 3 * MM


_CATALOG = re.compile(rb"(\d+) 0 obj\s*<<\s*/Type\s*/Catalog\b((?:(?!<<|>>).)*)>>\s*endobj", re.S)
_TRAILER = re.compile(rb"trailer\s*<<((?:(?!<<|>>).)*)>>\s*startxref\s*(\d+)\s*%%EOF\s*$", re.S)
_LANGUAGE = re.compile(r"[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*")


def with_language(pdf: bytes, language: str) -> bytes:
    """`pdf` with the document's language (/Lang) in its catalogue, as an incremental update,
    so screen readers read it in the right voice (cairo 1.16 has no way to say it)."""
    catalog, trailer = list(_CATALOG.finditer(pdf)), _TRAILER.search(pdf)
    if not catalog or trailer is None or not _LANGUAGE.fullmatch(language or ""):
        return pdf
    number, body = catalog[-1].group(1), catalog[-1].group(2)
    if b"/Lang" in body:
        return pdf
    entries = re.sub(rb"/Size\s+\d+|/Prev\s+\d+|/ID\s*\[[^\]]*\]", b"", trailer.group(1))
    size = re.search(rb"/Size\s+(\d+)", trailer.group(1))
    if size is None:
        return pdf
    out = bytearray(pdf if pdf.endswith(b"\n") else pdf + b"\n")
    offset = len(out)
    out += b"%s 0 obj\n<< /Type /Catalog%s /Lang (%s) >>\nendobj\n" % (
        number,
        body.rstrip(),
        language.encode("ascii"),
    )
    xref = len(out)
    out += b"xref\n0 1\n0000000000 65535 f \n%s 1\n%010d 00000 n \n" % (number, offset)
    out += b"trailer\n<< /Size %s %s /Prev %s >>\nstartxref\n%d\n%%%%EOF\n" % (
        size.group(1),
        b" ".join(entries.split()),
        trailer.group(2),
        xref,
    )
    return bytes(out)


def _split_row(
    context, text: _Text, laid, photo, y: float, bottom: float, end_page, start_page
) -> float:
    """Draw a row taller than a page from `y` over as many pages as it needs, each cell broken
    between two of its lines (the header row again on every page); returns where it ends."""
    cells = [text.lines(item[0]) if item is not None else [] for item in laid]
    cursors = [0] * len(cells)
    first = True
    while True:
        room = bottom - y - 2 * PADDING
        used = 0.0
        chunk = []
        for index, lines in enumerate(cells):
            start = cursors[index]
            end = start
            origin = lines[start][0] if start < len(lines) else 0.0
            # At least one line a page, so a row always moves on.
            while end < len(lines) and (end == start or lines[end][1] - origin <= room):
                end += 1
            chunk.append((start, end, origin))
            if end > start:
                used = max(used, lines[end - 1][1] - origin)
            cursors[index] = end
        if first and photo is not None:
            used = max(used, PHOTO)
        done = all(cursor == len(lines) for cursor, lines in zip(cursors, cells, strict=True))
        height = (used if done else max(used, room)) + 2 * PADDING
        _cell_row(context, y, height)
        x = MARGIN_LEFT
        if first and photo is not None:
            _draw_photo(context, photo, x + PADDING, y + PADDING)
        for lines, (start, end, origin), width in zip(cells, chunk, COLUMNS, strict=True):
            for _top, _bottom, baseline, left, line in lines[start:end]:
                text.show_line(context, line, x + PADDING + left, y + PADDING + baseline - origin)
            x += width
        y += height
        if done:
            return y
        first = False
        end_page()
        y = start_page(MARGIN_TOP)


def _rule(context: cairo.Context, x: float, y: float, width: float, height: float) -> None:
    context.set_source_rgb(*RULE)
    context.set_line_width(BORDER)
    context.rectangle(x, y, width, height)
    context.stroke()


def _cell_row(context: cairo.Context, y: float, height: float, fill=None) -> None:
    """The borders (and background) of one row of cells."""
    if fill is not None:
        context.set_source_rgb(*fill)
        context.rectangle(MARGIN_LEFT, y, CONTENT_WIDTH, height)
        context.fill()
    context.set_source_rgb(*RULE)
    context.set_line_width(BORDER)
    x = MARGIN_LEFT
    for width in COLUMNS:
        context.rectangle(x, y, width, height)
        x += width
    context.stroke()
