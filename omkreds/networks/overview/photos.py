"""Photos of people on the overview: checked by their content, re-encoded, stored privately.

An upload is trusted for nothing: not its name, not its content type. Pillow must recognise
it as JPEG, PNG or WebP, what decoding it would cost (pixels × bytes per pixel, from the
header) must fit the decode budget before anything is decoded (a 300 KB file can claim
6300 × 6300 pixels of 16-bit RGBA), it must decode completely, and then it is drawn again into
a new image of at most `MAX_SIDE` pixels a side. The new file holds no metadata (no EXIF, no
GPS position, no comments) and is written under the private storage, served only by the
authorised photo view.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from omkreds.lib import images
from omkreds.networks.models_overview import ContactPhoto

MAX_BYTES = 5 * 1024 * 1024
# Far above any camera photo, far below what would exhaust memory when decoded.
MAX_PIXELS = 40_000_000
MAX_SIDE = 512
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}


class PhotoRejected(Exception):
    """The upload is not a photo we keep; `message` says why, in the user's language."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


@dataclass(frozen=True)
class Encoded:
    content: bytes
    content_type: str
    extension: str
    width: int
    height: int


def _read(upload) -> bytes:
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_BYTES:
        raise PhotoRejected(_("The photo is too large. Choose a file of at most 5 MB."))
    upload.seek(0)
    raw = upload.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise PhotoRejected(_("The photo is too large. Choose a file of at most 5 MB."))
    if not raw:
        raise PhotoRejected(_("The file is empty."))
    return raw


def _not_a_photo() -> PhotoRejected:
    return PhotoRejected(
        _("This file is not a photo we can use. Choose a JPEG, PNG or WebP picture.")
    )


def _too_many_pixels() -> PhotoRejected:
    return PhotoRejected(_("The picture has too many pixels. Choose a smaller photo."))


def encode(raw: bytes, *, max_side: int = MAX_SIDE) -> Encoded:
    """Check `raw` and draw it again: no metadata, at most `max_side` pixels a side (the scans
    of paper maps, networks/scans/, keep more pixels than a person's photo).

    What decoding would cost is read from the header first (`omkreds.lib.images`): a file
    whose pixels would take more than the decode budget is refused before anything is decoded.
    """
    try:
        found = images.check(raw, draft=(max_side, max_side))
    except images.NotAnImage:
        raise _not_a_photo() from None
    except images.ImageTooCostly:
        raise _too_many_pixels() from None
    if found.format not in ACCEPTED_FORMATS:
        raise _not_a_photo()
    if found.pixels > MAX_PIXELS:  # for a JPEG, the pixels it decodes to
        raise _too_many_pixels()
    with warnings.catch_warnings():
        # Pillow warns (rather than refuses) between MAX_IMAGE_PIXELS and twice that.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(raw)) as probe:
                probe.verify()
            # verify() leaves the image unusable; open again and decode every pixel.
            with Image.open(io.BytesIO(raw)) as image:
                # A JPEG decodes at 1/2, 1/4 or 1/8 of its size when that is still large enough.
                image.draft("RGB", (max_side, max_side))
                image.load()
                # No copy of the full-size pixels is made: turned in place, converted only
                # when the mode differs, so the decode is the largest thing held.
                ImageOps.exif_transpose(image, in_place=True)
                has_alpha = image.mode in ("RGBA", "LA") or (
                    image.mode == "P" and "transparency" in image.info
                )
                wanted = "RGBA" if has_alpha else "RGB"
                if image.mode != wanted:
                    image = image.convert(wanted)
                image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
                # A fresh image: nothing of the original's metadata or palette comes along.
                clean = Image.new(image.mode, image.size)
                clean.paste(image)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning, MemoryError):
            raise _too_many_pixels() from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError, TypeError):
            raise _not_a_photo() from None
    out = io.BytesIO()
    if has_alpha:
        clean.save(out, format="PNG", optimize=True)
        content_type, extension = "image/png", "png"
    else:
        clean.save(out, format="JPEG", quality=85, optimize=True)
        content_type, extension = "image/jpeg", "jpg"
    return Encoded(out.getvalue(), content_type, extension, clean.width, clean.height)


def photo_prepare(upload) -> Encoded:
    """Read, check and re-encode an upload. Call it outside any transaction: decoding takes
    memory and time, and no other request should wait for it. Raises `PhotoRejected`."""
    return encode(_read(upload))


def photo_save(*, citizen, encoded: Encoded, user) -> ContactPhoto:
    """Store a prepared photo: its file and its row, or neither."""
    photo = ContactPhoto(
        citizen=citizen,
        content_type=encoded.content_type,
        width=encoded.width,
        height=encoded.height,
        uploaded_by=user,
    )
    # The stored name is ours; the upload's name is never used.
    filename = f"{photo.key}.{encoded.extension}"
    try:
        photo.file.save(filename, ContentFile(encoded.content), save=False)
        photo.save()
    except BaseException:
        # No file without its row: remove what was written, even half a file. The key is new,
        # so a file under its name can only be this one.
        storage, field = photo.file.storage, photo.file.field
        storage.delete(photo.file.name or field.generate_filename(photo, filename))
        raise
    return photo


def photo_store(*, citizen, upload, user) -> ContactPhoto:
    """Check, re-encode and store an uploaded photo. Raises `PhotoRejected`, storing nothing."""
    return photo_save(citizen=citizen, encoded=photo_prepare(upload), user=user)


def photo_bytes(photo: ContactPhoto) -> bytes:
    with photo.file.open("rb") as handle:
        return handle.read()
