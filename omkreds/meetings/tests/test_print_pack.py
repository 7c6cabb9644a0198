"""The print pack and the short links on paper (issue 13, points 1–2): one A4 page per
letter, the address in the window, the short link printed large with a QR code that a phone
can read, and the code leading to the invitee's reply page."""

import io
import re

import zxingcpp
from pypdf import PdfReader

from omkreds.meetings import services_invitations
from omkreds.meetings.models import Delivery

A4 = (595.28, 841.89)  # points
MM = 72 / 25.4
SHORT = re.compile(r"http://127\.0\.0\.1:8000/r/[0-9A-Z]{4}-[0-9A-Z]{4}")
PEOPLE = (
    ("Ada Brev", "Ådalsvej 1\n8000 Aarhus C", "da"),
    ("Bo Brev", "Storgatan 2\n211 34 Malmö", "sv"),
    ("Cai Brev", "High Street 3\n8000 Aarhus C", "en"),
)


def _url(meeting, rest: str = "") -> str:
    return f"/citizens/{meeting.citizen_id}/meetings/{meeting.pk}/{rest}"


def _positions(page) -> dict[str, tuple[float, float]]:
    """Each text run's position from the page's top left, in millimetres."""
    found: dict[str, tuple[float, float]] = {}

    def visit(text, cm, tm, font, size):
        text = text.strip()
        if text and text not in found:
            x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
            y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
            found[text] = (x / MM, (A4[1] - y) / MM)

    page.extract_text(visitor_text=visit)
    return found


def _qr_codes(page) -> set[str]:
    """What the QR codes in the page's images say (an image may come with its mask)."""
    return {
        code.text
        for image in page.images
        for code in zxingcpp.read_barcodes(image.image)
        if code.format == zxingcpp.BarcodeFormat.QRCode
    }


def _letters(scheduled, cast):
    for name, address, language in PEOPLE:
        services_invitations.invitee_add(
            meeting=scheduled,
            by=cast.worker,
            name=name,
            postal_address=address,
            language=language,
            channel="letter",
        )


def test_the_print_pack_has_one_a4_page_per_letter_with_the_address_in_the_window(
    cast, login_as, scheduled, smtp_server
):
    _letters(scheduled, cast)
    client = login_as(cast.worker)
    client.post(_url(scheduled, "send/"))
    response = client.get(_url(scheduled, "print-pack.pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"

    pages = PdfReader(io.BytesIO(response.content)).pages
    assert len(pages) == len(PEOPLE)
    greetings = ("Kære Ada Brev", "Hej Bo Brev,", "Dear Cai Brev,")
    for page, (name, address, _language), greeting in zip(pages, PEOPLE, greetings, strict=True):
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(width), round(height)) == (595, 842)  # A4
        text = page.extract_text()
        assert greeting in text
        # The address block in the window: 20 mm from the left, 45–70 mm from the top.
        positions = _positions(page)
        street = address.split("\n")[0]
        for line in (name, street):
            x, y = next(pos for run, pos in positions.items() if run.startswith(line))
            assert 19 <= x <= 22, (line, x)
            assert 45 <= y <= 70, (line, y)
        # The short link printed large, and its QR code read as a phone would.
        [short] = set(SHORT.findall(text))
        assert short in _qr_codes(page)  # the pages of a pack share their images
        # The code leads to this invitee's reply page, in any case, with or without the dash.
        path = short.removeprefix("http://127.0.0.1:8000")
        typed = path[:3] + path[3:].lower().replace("-", "")
        reply = client.get(typed)
        assert reply.status_code == 302
        page_html = client.get(reply.url).content.decode()
        assert name in page_html
    # Marked printed: each letter counts as sent.
    ids = list(Delivery.objects.filter(meeting=scheduled).values_list("pk", flat=True))
    client.post(_url(scheduled, "deliveries/printed/"), {"delivery": ids})
    assert set(scheduled.invitees.values_list("sent_sequence", flat=True)) == {0}
    assert client.get(_url(scheduled, "print-pack.pdf")).status_code == 404


def test_a_memo_letter_is_a_cover_letter_with_the_memo_behind_it(held, cast, login_as):
    from omkreds.meetings import services_memo

    services_memo.memo_save(
        meeting=held,
        by=cast.worker,
        summary="A plan for rent and letters.",
        recipients={i.pk for i in held.invitees.all()},
    )
    services_memo.memo_send(meeting=held, by=cast.worker)
    client = login_as(cast.worker)
    response = client.get(_url(held, "print-pack.pdf"))
    pages = PdfReader(io.BytesIO(response.content)).pages
    cover = pages[0].extract_text()
    assert "Mads Nabo" in cover and "Nørregade 1" in cover
    assert "Her er referatet af netværksmødet" in cover
    memo = " ".join(page.extract_text() for page in pages[1:])
    assert "A plan for rent and letters." in memo


def test_the_feedback_letter_carries_the_feedback_short_link_and_qr(held, cast, login_as):
    from omkreds.meetings import services_feedback

    services_feedback.feedback_request_send(meeting=held, by=cast.worker)
    client = login_as(cast.worker)
    pages = PdfReader(io.BytesIO(client.get(_url(held, "print-pack.pdf")).content)).pages
    assert len(pages) == 2  # Mads, by letter: the cover letter and the form on paper
    form = pages[1].extract_text()
    assert "Tilbagemelding på netværksmødet" in form and "Følte du dig inddraget?" in form
    assert "Mads" not in form  # the paper form is anonymous
    text = pages[0].extract_text()
    [short] = set(SHORT.findall(text))
    assert short in _qr_codes(pages[0])
    response = client.get(short.removeprefix("http://127.0.0.1:8000"))
    assert response.status_code == 302 and f"/meetings/{held.pk}/feedback/" in response.url
