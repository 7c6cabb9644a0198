"""What decoding an image would cost, read from its header before a single pixel is decoded.

A small file can claim a huge picture: a 309 KB PNG of 6300 × 6300 pixels at 16 bits per
channel costs about 400 MB to decode (issue 15). The pixel count alone does not say that: the
bytes per pixel do too, and the copies made on the way. Every picture is drawn as 8-bit RGB or
RGBA, which Pillow keeps in 4 bytes a pixel however few bits the file stores, so per pixel an
image costs

    max(bytes per pixel stored, 4)       the decoded picture
    + the decoded mode's bytes           when it is not RGB or RGBA (the original beside its copy)
    + 4                                  with transparency (Pillow resizes a premultiplied copy)
    + 12                                 for WebP (libwebp's canvas and frame, the bytes handed over)

times the frames held at once (two for an animation: the frame drawn and the one before). These
copies were measured (networks/tests/overview/test_photo_budget.py prints them). Anything over
`DECODE_BUDGET` is refused from its header; every place that decodes an image (photo uploads,
thumbnails, drawings) asks `check` first. A JPEG counts at the size it is decoded to when the
caller asks Pillow for a small draft (1/2, 1/4 or 1/8), as every caller here does.
"""

from __future__ import annotations

import io
import struct
import warnings
from dataclasses import dataclass

from PIL import Image, ImageMode, UnidentifiedImageError

# Bytes one image may cost to decode: a 12-megapixel PNG (or 6 Mpx with transparency, 6.5 Mpx
# WebP, any camera JPEG) fits; a bomb does not. The peak stays under the 150 MB of issue 15.
DECODE_BUDGET = 100 * 1024 * 1024
# Every picture is drawn as 8-bit RGB(A): Pillow keeps such a pixel in 4 bytes.
WORKING_BYTES_PER_PIXEL = 4
# An animated picture holds the frame being drawn and the one before it (for disposal).
FRAMES_HELD = 2

# PNG colour type -> channels (greyscale, RGB, palette, grey + alpha, RGBA).
_PNG_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}


class ImageTooCostly(Exception):
    """Decoding the image would cost more than the budget; nothing was decoded."""


class NotAnImage(Exception):
    """The header is not one Pillow can read."""


@dataclass(frozen=True)
class Header:
    format: str
    mode: str  # the mode Pillow decodes to
    width: int
    height: int
    bytes_per_pixel: float  # as stored in the file
    frames: int
    transparent: bool

    @property
    def pixels(self) -> int:
        return self.width * self.height

    @property
    def decoded_bytes(self) -> int:
        per_pixel = max(self.bytes_per_pixel, WORKING_BYTES_PER_PIXEL)
        if self.mode not in ("RGB", "RGBA"):
            per_pixel += _mode_bytes_per_pixel(self.mode)  # the original, beside its RGB(A) copy
        if self.transparent:
            per_pixel += WORKING_BYTES_PER_PIXEL
        if self.format == "WEBP":
            per_pixel += 3 * WORKING_BYTES_PER_PIXEL
        return int(self.pixels * per_pixel * min(self.frames, FRAMES_HELD))


def _png_bytes_per_pixel(raw: bytes) -> float | None:
    """Stored bytes per pixel from the PNG's IHDR (bit depth × channels / 8)."""
    if raw[:8] != b"\x89PNG\r\n\x1a\n" or raw[12:16] != b"IHDR" or len(raw) < 26:
        return None
    depth, colour = struct.unpack(">BB", raw[24:26])
    return depth * _PNG_CHANNELS.get(colour, 4) / 8


def _mode_bytes_per_pixel(mode: str) -> float:
    """Bytes per pixel of a Pillow mode ("1" and "P" count as whole bytes, as Pillow keeps them)."""
    try:
        described = ImageMode.getmode(mode)
    except KeyError:
        return WORKING_BYTES_PER_PIXEL
    return len(described.bands) * int(described.typestr[-1])


def header(raw: bytes, *, draft: tuple[int, int] | None = None) -> Header:
    """Format, size, bytes per pixel and frames, from the header only (no pixel decoded).

    With `draft`, a JPEG counts at the size it decodes to when asked for at least `draft`
    (Pillow decodes a JPEG at 1/2, 1/4 or 1/8 of its size: see `Image.draft`), which is what
    the caller must then ask for too. Raises `NotAnImage` when Pillow does not recognise the file.
    """
    with warnings.catch_warnings():
        # The budget decides, not Pillow's own bomb warning (which fires only past 89 Mpx).
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(raw)) as probe:
                if draft is not None and probe.format == "JPEG":
                    probe.draft("RGB", draft)
                width, height = probe.size
                stored = _png_bytes_per_pixel(raw) if probe.format == "PNG" else None
                if stored is None:
                    stored = _mode_bytes_per_pixel(probe.mode)
                frames = int(getattr(probe, "n_frames", 1) or 1)
                transparent = probe.mode in ("RGBA", "LA", "PA") or "transparency" in probe.info
                return Header(
                    probe.format or "", probe.mode, width, height, stored, frames, transparent
                )
        except Image.DecompressionBombError:
            # Past twice Pillow's limit: certainly past ours. Pillow does not say the size.
            raise ImageTooCostly from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError, TypeError):
            raise NotAnImage from None


def check(
    raw: bytes, *, budget: int = DECODE_BUDGET, draft: tuple[int, int] | None = None
) -> Header:
    """The header of `raw`, if decoding it fits the budget; else `ImageTooCostly`."""
    found = header(raw, draft=draft)
    if found.width < 1 or found.height < 1:
        raise NotAnImage
    if found.decoded_bytes > budget:
        raise ImageTooCostly
    return found
