"""Photos of people on the overview: checked by their content, re-encoded, stored privately.

An upload is trusted for nothing: not its name, not its content type. Pillow must recognise
it as JPEG, PNG or WebP, its pixel count must be sane before anything is decoded (a small file
can claim 20,000 × 20,000 pixels), it must decode completely, and then it is drawn again into
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


def encode(raw: bytes) -> Encoded:
    """Check `raw` and draw it again: no metadata, at most MAX_SIDE pixels a side."""
    with warnings.catch_warnings():
        # Pillow warns (rather than refuses) between MAX_IMAGE_PIXELS and twice that.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(raw)) as probe:
                if probe.format not in ACCEPTED_FORMATS:
                    raise _not_a_photo()
                width, height = probe.size
                if width < 1 or height < 1:
                    raise _not_a_photo()
                if width * height > MAX_PIXELS:
                    raise PhotoRejected(
                        _("The picture has too many pixels. Choose a smaller photo.")
                    )
                probe.verify()
            # verify() leaves the image unusable; open again and decode every pixel.
            with Image.open(io.BytesIO(raw)) as image:
                image.load()
                image = ImageOps.exif_transpose(image)
                has_alpha = image.mode in ("RGBA", "LA") or (
                    image.mode == "P" and "transparency" in image.info
                )
                image = image.convert("RGBA" if has_alpha else "RGB")
                image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
                # A fresh image: nothing of the original's metadata or palette comes along.
                clean = Image.new(image.mode, image.size)
                clean.paste(image)
        except PhotoRejected:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise PhotoRejected(
                _("The picture has too many pixels. Choose a smaller photo.")
            ) from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError, TypeError):
            raise _not_a_photo() from None
        except MemoryError:
            raise PhotoRejected(
                _("The picture has too many pixels. Choose a smaller photo.")
            ) from None
    out = io.BytesIO()
    if has_alpha:
        clean.save(out, format="PNG", optimize=True)
        content_type, extension = "image/png", "png"
    else:
        clean.save(out, format="JPEG", quality=85, optimize=True)
        content_type, extension = "image/jpeg", "jpg"
    return Encoded(out.getvalue(), content_type, extension, clean.width, clean.height)


def photo_store(*, citizen, upload, user) -> ContactPhoto:
    """Check, re-encode and store an uploaded photo. Raises `PhotoRejected`, storing nothing."""
    encoded = encode(_read(upload))
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


def photo_bytes(photo: ContactPhoto) -> bytes:
    with photo.file.open("rb") as handle:
        return handle.read()
