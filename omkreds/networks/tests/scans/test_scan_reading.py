"""Reading a photo or scan of a paper map: the photo rules, a PDF's first page, scripts refused."""

import io

import pytest
from django.utils import translation
from PIL import Image

from omkreds.networks.scans.reading import MAX_SIDE, ScanRejected, check_pdf, scan_prepare
from omkreds.networks.tests.scans.helpers import (
    encrypted_pdf,
    hand_written_pdf,
    paper_pdf,
    pdf_with_js,
    picture,
    upload,
)


def test_a_photo_is_drawn_again_without_its_metadata_and_keeps_enough_pixels_to_read():
    raw = picture("JPEG", (4000, 2000), exif=True)
    assert b"SecretCamera" in raw
    encoded, source = scan_prepare(upload(raw))
    assert source == "image"
    assert b"SecretCamera" not in encoded.content and b"GPS-Leak" not in encoded.content
    with Image.open(io.BytesIO(encoded.content)) as image:
        assert image.format == "JPEG" and not image.getexif()
        assert image.size == (MAX_SIDE, MAX_SIDE // 2)


@pytest.mark.parametrize("fmt", ["PNG", "WEBP", "JPEG"])
def test_pictures_keep_their_size_when_small(fmt):
    encoded, source = scan_prepare(upload(picture(fmt, (300, 200)), name=f"x.{fmt.lower()}"))
    assert (encoded.width, encoded.height, source) == (300, 200, "image")


def test_a_pdf_s_first_page_becomes_a_picture_of_that_page():
    encoded, source = scan_prepare(upload(paper_pdf(), name="map.pdf"))
    assert source == "pdf"
    # A4 is 595 × 842 points: drawn at most MAX_SIDE pixels high, in proportion.
    assert encoded.height == MAX_SIDE and abs(encoded.width / encoded.height - 595 / 842) < 0.01
    with Image.open(io.BytesIO(encoded.content)) as image:
        image = image.convert("RGB")
        green = image.getpixel((encoded.width // 4, encoded.height // 4))
        white = image.getpixel((encoded.width * 3 // 4, encoded.height * 3 // 4))
    assert green[1] > 140 and green[0] < 40 and green[2] < 40
    assert white == (255, 255, 255)


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param(pdf_with_js(), id="document script added by pypdf"),
        pytest.param(
            hand_written_pdf(b"<< /S /Java#53cript /J#53 (app.alert(1)) >>"), id="escaped names"
        ),
        pytest.param(hand_written_pdf(b"<< /XFA [] >>"), id="XFA form"),
    ],
)
def test_a_pdf_with_scripts_is_refused(raw):
    with pytest.raises(ScanRejected) as refused:
        scan_prepare(upload(raw, name="map.pdf"))
    assert "scripts" in refused.value.message


def test_the_escaped_script_is_found_in_the_document_not_by_its_bytes():
    raw = hand_written_pdf(b"<< /S /Java#53cript /J#53 (app.alert(1)) >>")
    assert b"/JS" not in raw and b"/JavaScript" not in raw
    with pytest.raises(ScanRejected):
        check_pdf(raw)
    # The same PDF without a script is drawn.
    check_pdf(hand_written_pdf(b"<< /S /GoTo /D [3 0 R /Fit] >>"))


@pytest.mark.parametrize(
    ("raw", "name", "words"),
    [
        (b"Mor, Far, Lise\n", "map.txt", "not a picture or PDF"),
        (b"PK\x03\x04" + b"\0" * 200, "map.docx", "not a picture or PDF"),
        (picture("GIF", (50, 50)), "map.gif", "not a picture or PDF"),
        (b"%PDF-1.7\nthis is no PDF at all", "map.pdf", "not a picture or PDF"),
        (encrypted_pdf(), "map.pdf", "password"),
        (b"\xff" * (5 * 1024 * 1024 + 1), "big.jpg", "too large"),
        (b"", "empty.png", "empty"),
    ],
)
def test_bad_input_is_refused_with_a_message_that_says_why(raw, name, words):
    with pytest.raises(ScanRejected) as refused:
        scan_prepare(upload(raw, name=name))
    assert words in refused.value.message


def test_a_picture_with_too_many_pixels_is_refused_before_it_is_decoded():
    out = io.BytesIO()
    Image.new("1", (8000, 8000)).save(out, format="PNG")
    with pytest.raises(ScanRejected) as refused:
        scan_prepare(upload(out.getvalue(), name="huge.png"))
    assert "too many pixels" in refused.value.message


def test_the_message_is_translated():
    with translation.override("da"), pytest.raises(ScanRejected) as danish:
        scan_prepare(upload(pdf_with_js(), name="map.pdf"))
    with translation.override("sv"), pytest.raises(ScanRejected) as swedish:
        scan_prepare(upload(pdf_with_js(), name="map.pdf"))
    english = "This PDF contains scripts"
    assert english not in danish.value.message and english not in swedish.value.message
    assert "PDF" in danish.value.message and "PDF" in swedish.value.message
