"""The decode budget (issue 15, point 2): what an image costs is read from its header, and a
picture over the budget is refused before one pixel is decoded; decoding happens outside the
database transaction.

The crafted files are real, small and valid: a 16-bit RGBA PNG of 6300 × 6300 pixels (the one
the outside-in test used), a palette bomb, huge JPEG, WebP and GIF dimensions, and animated PNG
and WebP. The memory figure is measured in a forked process per file (its peak resident memory,
reset before the upload, minus its memory before), and written to the trust report.
"""

from __future__ import annotations

import functools
import io
import math
import multiprocessing
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from PIL import Image, ImageFile, WebPImagePlugin

from omkreds.lib import images
from omkreds.lib.testing import trust
from omkreds.networks import map_photos
from omkreds.networks.models_overview import ContactPhoto
from omkreds.networks.overview import photos, services
from omkreds.networks.overview.pdf_table import photo_surface
from omkreds.networks.services import map_latest
from omkreds.networks.tests.overview.helpers import picture, save_people

MB = 1024 * 1024


# --- Crafted files -----------------------------------------------------------------------------


def _chunk(kind: bytes, body: bytes) -> bytes:
    crc = zlib.crc32(kind + body) & 0xFFFFFFFF
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)


def png(width: int, height: int, *, depth: int = 8, colour: int = 2, frames: int = 1) -> bytes:
    """A valid PNG of zero pixels, compressed row by row (never held whole in memory)."""
    channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[colour]
    row = b"\x00" + b"\x00" * ((width * channels * depth + 7) // 8)
    squeeze = zlib.compressobj(9)
    parts = [squeeze.compress(row) for _ in range(height)]
    idat = b"".join(parts) + squeeze.flush()
    body = [_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, depth, colour, 0, 0, 0))]
    if colour == 3:
        body.append(_chunk(b"PLTE", b"\x00\x00\x00\xff\xff\xff"))
    if frames > 1:
        body.append(_chunk(b"acTL", struct.pack(">II", frames, 0)))
        body.append(_chunk(b"fcTL", struct.pack(">IIIIIHHBB", 0, width, height, 0, 0, 1, 1, 0, 0)))
    body.append(_chunk(b"IDAT", idat))
    sequence = 1
    for _ in range(1, frames):
        fctl = struct.pack(">IIIIIHHBB", sequence, width, height, 0, 0, 1, 1, 0, 0)
        body.append(_chunk(b"fcTL", fctl))
        body.append(_chunk(b"fdAT", struct.pack(">I", sequence + 1) + idat))
        sequence += 2
    return b"\x89PNG\r\n\x1a\n" + b"".join(body) + _chunk(b"IEND", b"")


def jpeg_claiming(width: int, height: int) -> bytes:
    """A real 8 × 8 JPEG whose frame header says `width` × `height`."""
    raw = bytearray(picture("JPEG", (8, 8)))
    at = raw.index(b"\xff\xc0") + 5  # SOF0: length (2), precision (1), then height, width
    raw[at : at + 4] = struct.pack(">HH", height, width)
    return bytes(raw)


def _riff(chunks: list[tuple[bytes, bytes]]) -> bytes:
    body = b"".join(
        kind + struct.pack("<I", len(data)) + data + (b"\x00" if len(data) % 2 else b"")
        for kind, data in chunks
    )
    return b"RIFF" + struct.pack("<I", 4 + len(body)) + b"WEBP" + body


def _webp_chunks(raw: bytes) -> list[tuple[bytes, bytes]]:
    chunks, at = [], 12
    while at + 8 <= len(raw):
        kind, size = raw[at : at + 4], struct.unpack("<I", raw[at + 4 : at + 8])[0]
        chunks.append((kind, raw[at + 8 : at + 8 + size]))
        at += 8 + size + size % 2
    return chunks


def webp_claiming(width: int, height: int, *, frames: int = 1) -> bytes:
    """A WebP canvas of `width` × `height` (VP8X) holding 1 × 1 frames: animated when frames > 1."""
    out = io.BytesIO()
    Image.new("RGBA", (1, 1), (1, 2, 3, 255)).save(out, format="WEBP", lossless=True)
    frame = next(data for kind, data in _webp_chunks(out.getvalue()) if kind == b"VP8L")

    def u24(value: int) -> bytes:
        return struct.pack("<I", value)[:3]

    flags = 0x02 | 0x10 if frames > 1 else 0x10  # animation, alpha
    vp8x = bytes([flags, 0, 0, 0]) + u24(width - 1) + u24(height - 1)
    if frames == 1:
        return _riff([(b"VP8X", vp8x), (b"VP8L", frame)])
    anim = struct.pack("<IH", 0, 0)
    anmf = u24(0) + u24(0) + u24(0) + u24(0) + u24(100) + b"\x00"
    sub = b"VP8L" + struct.pack("<I", len(frame)) + frame + (b"\x00" if len(frame) % 2 else b"")
    return _riff([(b"VP8X", vp8x), (b"ANIM", anim)] + [(b"ANMF", anmf + sub)] * frames)


def gif_claiming(width: int, height: int, *, frames: int = 1) -> bytes:
    """A GIF whose logical screen is `width` × `height`, with `frames` images of 1 × 1."""
    screen = b"GIF89a" + struct.pack("<HHBBB", width, height, 0x80, 0, 0) + b"\0\0\0\xff\xff\xff"
    image = b"\x2c" + struct.pack("<HHHHB", 0, 0, 1, 1, 0) + b"\x02\x02\x44\x01\x00"
    control = b"\x21\xf9\x04\x00\x0a\x00\x00\x00"
    return screen + (control + image) * frames + b"\x3b"


def legit_png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", (width, height), (10, 20, 30, 200)).save(out, format="PNG")
    return out.getvalue()


# Each would cost more than the budget, each is a small file.
BOMBS = {
    "png-16bit-rgba-6300": lambda: png(6300, 6300, depth=16, colour=6),
    "png-palette-1bit-6000": lambda: png(6000, 6000, depth=1, colour=3),
    "png-grey-16bit-6000": lambda: png(6000, 6000, depth=16, colour=0),
    "png-animated-4000x3": lambda: png(4000, 4000, colour=6, frames=3),
    "jpeg-60000": lambda: jpeg_claiming(60000, 60000),
    "webp-16383": lambda: webp_claiming(16383, 16383),
    "webp-animated-6000x4": lambda: webp_claiming(6000, 6000, frames=4),
    "gif-65535": lambda: gif_claiming(65535, 65535),
    "gif-animated-6000x50": lambda: gif_claiming(6000, 6000, frames=50),
    "png-rgba-5000x5000": lambda: legit_png(5000, 5000),
}
# Pictures inside the budget: they are decoded, and their cost stays under the figure's limit.
FITTING = {
    "jpeg-6000x4000": lambda: picture("JPEG", (6000, 4000)),
    "png-rgba-3500x3500": lambda: legit_png(3500, 3500),
    "png-rgb-4000x3000": lambda: picture("PNG", (4000, 3000)),
    "webp-2000x2000": lambda: picture("WEBP", (2000, 2000)),
}


@functools.cache
def crafted(name: str) -> bytes:
    return (BOMBS | FITTING)[name]()


@pytest.fixture
def no_decode(monkeypatch):
    """Fail the test if any pixel is decoded."""

    def refuse(self, *args, **kwargs):
        raise AssertionError(f"decoded {self.format} {self.size}")

    monkeypatch.setattr(ImageFile.ImageFile, "load", refuse)
    monkeypatch.setattr(WebPImagePlugin.WebPImageFile, "load", refuse)


@pytest.mark.parametrize("name", sorted(BOMBS))
def test_a_picture_over_the_budget_is_refused_from_its_header(cast, no_decode, name):
    raw = crafted(name)
    assert len(raw) < 5 * MB
    with pytest.raises(photos.PhotoRejected):
        photos.photo_store(
            citizen=cast.citizen, upload=SimpleUploadedFile("x.png", raw), user=cast.worker
        )
    assert not ContactPhoto.objects.exists()


def test_the_16_bit_png_of_the_outside_in_test_costs_more_than_the_budget():
    raw = BOMBS["png-16bit-rgba-6300"]()
    found = images.header(raw)
    assert (found.width, found.height, found.bytes_per_pixel) == (6300, 6300, 8)
    assert found.pixels < photos.MAX_PIXELS  # under the pixel limit, which let it through
    assert found.decoded_bytes > images.DECODE_BUDGET
    with pytest.raises(photos.PhotoRejected) as refused:
        photos.encode(raw)
    assert "too many pixels" in refused.value.message


@pytest.mark.parametrize("name", sorted(FITTING))
def test_a_picture_inside_the_budget_is_kept(cast, name):
    photo = photos.photo_store(
        citizen=cast.citizen, upload=SimpleUploadedFile("x", crafted(name)), user=cast.worker
    )
    assert max(photo.width, photo.height) == photos.MAX_SIDE


@pytest.mark.parametrize("name", sorted(BOMBS))
def test_thumbnails_and_drawings_refuse_a_costly_picture_undecoded(no_decode, name):
    raw = crafted(name)
    assert map_photos.thumbnail(raw) is None
    assert photo_surface(raw) is None


def test_the_photo_is_decoded_outside_the_transaction(cast, monkeypatch):
    save_people(cast)
    depth_at_start = len(connection.atomic_blocks)
    seen = []
    encode = photos.encode

    def watched(raw):
        seen.append(len(connection.atomic_blocks))
        return encode(raw)

    monkeypatch.setattr(photos, "encode", watched)
    services.photo_attach(
        citizen=cast.citizen,
        author=cast.worker,
        contact_id="mor",
        upload=SimpleUploadedFile("x.jpg", picture()),
        based_on=map_latest(citizen=cast.citizen).number,
    )
    assert seen == [depth_at_start]
    assert map_latest(citizen=cast.citizen).parsed().contact("mor").photo


# --- The figure: memory growth per upload, each in a process of its own -----------------------


def _status(field: str) -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    raise LookupError(field)


def _measure(raw: bytes, answer) -> None:
    with open("/proc/self/clear_refs", "w", encoding="ascii") as clear:
        clear.write("5")  # reset the peak (VmHWM) to what is resident now
    before = _status("VmRSS")
    try:
        photos.encode(raw)
        outcome = "kept"
    except photos.PhotoRejected:
        outcome = "refused"
    answer.send((outcome, _status("VmHWM") - before))
    answer.close()


def test_memory_growth_of_any_upload_in_the_fuzzed_set_stays_under_150_mb(db):
    context = multiprocessing.get_context("fork")
    rows = []
    for name in sorted(BOMBS | FITTING):
        raw = crafted(name)
        receive, send = context.Pipe(duplex=False)
        child = context.Process(target=_measure, args=(raw, send))
        child.start()
        outcome, growth = receive.recv()
        child.join()
        rows.append((name, len(raw), outcome, growth))
    for name, size, outcome, growth in rows:
        print(f"{name:28} {size:>9} B  {outcome:8} +{growth / MB:6.1f} MB")
    assert {n for n, _s, outcome, _g in rows if outcome == "refused"} == set(BOMBS)
    largest = max(growth for *_rest, growth in rows)
    trust.record(
        "uploads",
        case="photo uploads: crafted PNG/JPEG/WebP/GIF headers and pictures inside the budget",
        uploads=len(rows),
        bombs_refused=sum(1 for n, _s, outcome, _g in rows if n in BOMBS and outcome == "refused"),
        bombs_refused_expected=len(BOMBS),
        largest_memory_growth_mb=math.ceil(largest / MB),
        largest_memory_growth_mb_max=150,
    )
    assert largest < 150 * MB
