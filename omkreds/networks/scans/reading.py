"""Reading a photo or scan of a paper map: a picture (JPEG, PNG, WebP) or a PDF's first page.

The same rules as a person's photo (`overview/photos.py`): at most 5 MB, the decode budget read
from the header before any pixel is decoded, drawn again into a new image without metadata (no
EXIF, no GPS position). A scan keeps more pixels than a photo (`MAX_SIDE`) so that the names
written on paper stay readable.

A PDF is first searched for scripts: JavaScript anywhere in the document (an action, a named
script, a form's) or an XFA form refuses it, and so does a password. Its first page is then drawn
by PDFium (pypdfium2, without a form environment, so no script could run) at most `MAX_SIDE`
pixels a side, and that picture goes through the photo rules like any other.
"""

from __future__ import annotations

import io
import re

import pypdfium2
from django.utils.translation import gettext as _
from pypdf import PdfReader
from pypdf.errors import PdfReadError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from omkreds.lib import images
from omkreds.networks.overview import photos
from omkreds.networks.overview.photos import Encoded, PhotoRejected

MAX_BYTES = photos.MAX_BYTES
MAX_SIDE = 2000
# Objects looked at in a PDF before it is refused as too complex for a scan.
MAX_PDF_OBJECTS = 50_000
# Names that carry a script: an action's or a name tree's JavaScript, and XFA forms.
_SCRIPT_KEYS = {"/JS", "/JavaScript", "/XFA"}
_SCRIPT_BYTES = re.compile(rb"/(JS|JavaScript|XFA)(?![A-Za-z0-9])")


class ScanRejected(PhotoRejected):
    """The upload is not a scan we keep; `message` says why, in the user's language."""


def _not_a_scan() -> ScanRejected:
    return ScanRejected(
        _("This file is not a picture or PDF we can use. Choose a JPEG, PNG or PDF file.")
    )


def _has_script() -> ScanRejected:
    return ScanRejected(
        _("This PDF contains scripts, which are not accepted. Save or scan it again as a picture.")
    )


def _too_large() -> ScanRejected:
    return ScanRejected(_("The file is too large. Choose a file of at most 5 MB."))


def read_upload(upload) -> bytes:
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_BYTES:
        raise _too_large()
    upload.seek(0)
    raw = upload.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise _too_large()
    if not raw:
        raise ScanRejected(_("The file is empty."))
    return raw


def is_pdf(raw: bytes) -> bool:
    # Readers accept the header anywhere in the first kilobyte.
    return b"%PDF-" in raw[:1024]


def _scripts_in(reader: PdfReader) -> bool:
    """Whether any object reachable from the document's trailer names a script (pypdf decodes
    names, so `/J#53` is found as `/JS`)."""
    seen: set[tuple[int, int]] = set()
    pending: list = [reader.trailer]
    looked = 0
    while pending:
        item = pending.pop()
        if isinstance(item, IndirectObject):
            ref = (item.idnum, item.generation)
            if ref in seen:
                continue
            seen.add(ref)
            item = item.get_object()
        looked += 1
        if looked > MAX_PDF_OBJECTS:
            raise ScanRejected(_("This PDF is too complex. Save or scan it again as a picture."))
        if isinstance(item, DictionaryObject):
            if _SCRIPT_KEYS & set(item.keys()) or item.get("/S") == "/JavaScript":
                return True
            pending.extend(item.values())
        elif isinstance(item, ArrayObject):
            pending.extend(item)
    return False


def check_pdf(raw: bytes) -> None:
    """Refuse a PDF with scripts or a password (`ScanRejected`); return if it may be drawn."""
    if _SCRIPT_BYTES.search(raw):
        raise _has_script()
    try:
        reader = PdfReader(io.BytesIO(raw), strict=False)
        if reader.is_encrypted:
            raise ScanRejected(
                _("This PDF is protected with a password. Save it again without one.")
            )
        if _scripts_in(reader):
            raise _has_script()
        if len(reader.pages) < 1:
            raise _not_a_scan()
    except (PdfReadError, OSError, ValueError, KeyError, TypeError, RecursionError):
        raise _not_a_scan() from None


def first_page_png(raw: bytes) -> bytes:
    """The PDF's first page drawn as a PNG of at most MAX_SIDE pixels a side."""
    try:
        document = pypdfium2.PdfDocument(raw)
    except pypdfium2.PdfiumError:
        raise _not_a_scan() from None
    try:
        if len(document) < 1:
            raise _not_a_scan()
        page = document[0]
        width, height = page.get_size()  # in points, 1/72 inch
        if width <= 0 or height <= 0:
            raise _not_a_scan()
        scale = min(MAX_SIDE / max(width, height), 300 / 72)
        bitmap = page.render(scale=scale)
        out = io.BytesIO()
        bitmap.to_pil().save(out, format="PNG")
        return out.getvalue()
    except pypdfium2.PdfiumError:
        raise _not_a_scan() from None
    finally:
        document.close()


def scan_prepare(upload) -> tuple[Encoded, str]:
    """Read, check and draw again an uploaded scan: (the picture, "pdf" or "image").

    Call it outside any transaction (decoding takes memory and time). Raises `ScanRejected`.
    """
    raw = read_upload(upload)
    kind = "image"
    if is_pdf(raw):
        check_pdf(raw)
        raw, kind = first_page_png(raw), "pdf"
    else:
        try:
            found = images.header(raw)
        except images.NotAnImage:
            raise _not_a_scan() from None
        except images.ImageTooCostly:
            found = None  # the photo rules refuse it below, saying so
        if found is not None and found.format not in photos.ACCEPTED_FORMATS:
            raise _not_a_scan()
    try:
        return photos.encode(raw, max_side=MAX_SIDE), kind
    except PhotoRejected as rejected:
        raise ScanRejected(rejected.message) from None
