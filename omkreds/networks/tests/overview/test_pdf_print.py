"""The overview PDF as a reader sees it: every contact in the table's order, the header on
every page, words searchable as typed, photos shown, nobody do-not-contact, and a row taller
than a page printed whole."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader

from omkreds.networks.overview.photos import photo_store
from omkreds.networks.services import map_save
from omkreds.networks.tests.helpers import contact, data
from omkreds.networks.tests.overview.helpers import picture

HEADINGS = ("Photo", "Role", "Contact details", "What can the person help with?")
CONFIDENTIAL = "Confidential: personal data."


def _pdf(cast, login_as) -> PdfReader:
    response = login_as(cast.worker).get(f"/citizens/{cast.citizen.pk}/overview/export/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return PdfReader(io.BytesIO(response.content))


def _flat(text: str) -> str:
    return " ".join(text.split())


def _people(count: int) -> list[dict]:
    """`count` people in one sector, closer first: the table lists them in this order."""
    return [
        contact(
            f"p{n:02d}",
            f"Person {n:02d} Holm",
            closeness=0.05 + n * 0.01,
            role="financial_caseworker" if n % 2 else "own_doctor",
            organisation="Kommunen" if n % 3 else "",
            phone_direct=f"+45 20 30 40 {n:02d}",
            email=f"person{n:02d}@example.org",
            address=f"Vejen {n}\n8000 Aarhus",
            help_text=f"Office hours for person {n:02d}: drives to the doctor",
            already_active=n % 2 == 0,
        )
        for n in range(1, count + 1)
    ]


def test_every_contact_in_order_with_the_header_on_every_page(cast, login_as):
    people = _people(45)
    people.insert(10, contact("ex", "Secret Ex", closeness=0.3, safety_marker=True))
    map_save(citizen=cast.citizen, author=cast.worker, document=data(people), based_on=None)
    reader = _pdf(cast, login_as)
    pages = [_flat(page.extract_text()) for page in reader.pages]
    assert len(pages) >= 3  # 45 people do not fit on one A4 page
    for number, text in enumerate(pages, start=1):
        for heading in HEADINGS:
            assert heading in text, f"{heading!r} missing on page {number}"
        assert CONFIDENTIAL in text, f"footer missing on page {number}"
        assert (round(float(reader.pages[number - 1].mediabox.width)), 595) == (
            842,
            round(float(reader.pages[number - 1].mediabox.height)),
        )
    assert reader.trailer["/Root"]["/Lang"] == "en"  # screen readers read it in English
    assert reader.metadata.title.startswith("Network overview of")
    text = " ".join(pages)
    assert "Network overview of" in text
    assert "Secret Ex" not in text
    position = -1
    for n in range(1, 46):
        # Name, contact details and help text, each after the previous person's.
        name = text.index(f"Person {n:02d} Holm", position + 1)
        assert name > position, f"Person {n:02d} out of order"
        email = text.index(f"E-mail: person{n:02d}@example.org", name)
        help_text = text.index(f"Office hours for person {n:02d}: drives to the doctor", name)
        position = max(email, help_text)
    # Words stay the words typed (no "ﬁ"/"ﬃ" ligature letters) so searching the PDF finds them.
    assert "financial case worker" in text
    assert "\ufb01" not in text and "\ufb03" not in text


def test_a_person_sits_on_one_page_with_the_header_above(cast, login_as):
    map_save(citizen=cast.citizen, author=cast.worker, document=data(_people(45)), based_on=None)
    reader = _pdf(cast, login_as)
    for page in reader.pages[1:]:
        lines = [line.strip() for line in page.extract_text().splitlines() if line.strip()]
        # Page 2 onwards start with the header row, then a whole person (name first).
        assert lines[0].startswith("Photo Role")
        first_person = next(line for line in lines if "Holm" in line)
        n = first_person.split("Person ")[1][:2]
        assert f"Direct number: +45 20 30 40 {n}" in page.extract_text()


def test_a_photo_is_printed_in_its_row(cast, login_as):
    people = _people(3)
    map_save(citizen=cast.citizen, author=cast.worker, document=data(people), based_on=None)
    photo = photo_store(
        citizen=cast.citizen, upload=SimpleUploadedFile("p.jpg", picture()), user=cast.worker
    )
    people[1]["photo"] = photo.key
    map_save(citizen=cast.citizen, author=cast.worker, document=data(people), based_on=1)
    reader = _pdf(cast, login_as)
    assert len(reader.pages[0].images) == 1


def test_a_person_taller_than_a_page_is_printed_whole(cast, login_as):
    long_help = "\n".join(f"Line {n:03d} of what I can do" for n in range(1, 91))
    people = [
        contact("a", "Anna Before", closeness=0.1),
        contact("b", "Bo Long", closeness=0.2, help_text=long_help),
        contact("c", "Carl After", closeness=0.3),
    ]
    map_save(citizen=cast.citizen, author=cast.worker, document=data(people), based_on=None)
    reader = _pdf(cast, login_as)
    assert len(reader.pages) >= 2
    text = _flat(" ".join(page.extract_text() for page in reader.pages))
    positions = [
        text.index("Anna Before"),
        text.index("Bo Long"),
        text.index("Line 001 of what I can do"),
        text.index("Line 090 of what I can do"),
        text.index("Carl After"),
    ]
    assert positions == sorted(positions)
    assert "Contact details" in _flat(reader.pages[1].extract_text())


def test_an_empty_overview_says_so(cast, login_as):
    map_save(citizen=cast.citizen, author=cast.worker, document=data([]), based_on=None)
    text = _flat(_pdf(cast, login_as).pages[0].extract_text())
    assert "Nobody is on the overview yet." in text
    assert "Contact details" in text


def test_without_pangocairo_the_page_is_still_printed(cast, login_as, monkeypatch):
    from omkreds.lib import pango

    def missing(name):  # as cffi says it when the library is not installed
        raise OSError(f"cannot load library '{name}'")

    monkeypatch.setattr(pango, "_libs", {})
    monkeypatch.setattr(pango.ffi, "dlopen", missing)
    map_save(citizen=cast.citizen, author=cast.worker, document=data(_people(3)), based_on=None)
    reader = _pdf(cast, login_as)
    assert "WeasyPrint" in reader.metadata.producer  # the HTML print, not the table drawer
    text = _flat(" ".join(page.extract_text() for page in reader.pages))
    assert "Contact details" in text and CONFIDENTIAL in text
    assert text.index("Person 01 Holm") < text.index("Person 02 Holm") < text.index("Person 03")


def test_the_pdf_says_the_readers_language(cast, client, login_as):
    map_save(citizen=cast.citizen, author=cast.worker, document=data(_people(2)), based_on=None)
    login_as(cast.worker)
    client.cookies["django_language"] = "da"
    response = client.get(
        f"/citizens/{cast.citizen.pk}/overview/export/pdf/", headers={"accept-language": "da"}
    )
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.content))
    assert reader.trailer["/Root"]["/Lang"] == "da"
    assert "Person 01 Holm" in reader.pages[0].extract_text()
