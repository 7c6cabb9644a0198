"""A network meeting for invitees who read Finnish (issue 18): the invitation e-mail through a
real SMTP server, the letter PDF, the phone script, the reply page and the memo, all in Finnish."""

import io

import pytest
from django.utils import formats, timezone, translation
from pypdf import PdfReader

from omkreds.invitations import links
from omkreds.meetings import services_invitations, services_memo
from omkreds.meetings.tests.conftest import at

pytestmark = pytest.mark.django_db


def _pdf_text(data: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _finnish_date(moment, form="DATE_FORMAT") -> str:
    with translation.override("fi"):
        return formats.date_format(timezone.localtime(moment), form)


@pytest.fixture
def finns(scheduled, cast):
    """Three invitees who read Finnish, one per channel."""
    people = [
        {"name": "Aino Sisko", "email": "aino@example.fi", "relation": "sisko"},
        {"name": "Matti Naapuri", "postal_address": "Kauppakatu 1\n53100 Lappeenranta",
         "channel": "letter", "relation": "naapuri"},
        {"name": "Liisa Psykologi", "phone": "+358 40 123 4567", "channel": "phone",
         "kind": "employee", "relation": "psykologi"},
    ]  # fmt: skip
    for person in people:
        services_invitations.invitee_add(meeting=scheduled, by=cast.worker, language="fi", **person)
    return scheduled


def test_every_channel_speaks_finnish(finns, cast, smtp_server):
    result = services_invitations.invitations_send(meeting=finns, by=cast.worker)
    day = _finnish_date(finns.starts_at)  # "14. joulukuuta 2026"
    assert _finnish_date(finns.starts_at, "SHORT_DATE_FORMAT").count(".") == 2  # d.m.yyyy

    [envelope] = smtp_server.envelopes
    message = envelope.message
    assert envelope.recipients == ["aino@example.fi"]
    assert message["Content-Language"] == "fi"
    assert message["Subject"].startswith("Kutsu verkostokokoukseen")
    body = message.get_body(("plain",)).get_content()
    assert "verkostokokoukseen" in body and "Mistä keskustelemme" in body
    assert day in body and "10.00–11.30 (1 tunti ja 30 minuuttia)" in body
    assert "Invitation" not in body and "Kind regards" not in body
    assert "Matti Naapuri (naapuri)" in body

    [letter] = result.letters
    pdf = _pdf_text(letter.pdf)
    assert "Kauppakatu 1" in pdf and "verkostokokoukseen" in pdf and day in pdf
    assert "network meeting" not in pdf

    [(phone_invitee, script)] = result.phone
    assert phone_invitee.name == "Liisa Psykologi"
    assert "Pääsetkö tulemaan?" in script and "1 tunti ja 30 minuuttia" in script


def test_the_reply_page_and_the_memo_are_finnish(finns, cast, client, smtp_server):
    services_invitations.invitations_send(meeting=finns, by=cast.worker)
    aino = finns.invitees.get(name="Aino Sisko")
    page = client.get(links.reply_url(aino).removeprefix("http://127.0.0.1:8000"))
    assert page.status_code == 200
    text = page.content.decode()
    assert '<html lang="fi">' in text and "Pääsetkö tulemaan?" in text

    finns.starts_at, finns.ends_at = at(-1, 10), at(-1, 11, 30)
    finns.save()
    services_memo.memo_save(
        meeting=finns, by=cast.worker, summary="Suunnitelma vuokrasta.", recipients=[aino.pk]
    )
    smtp_server.clear()
    services_memo.memo_send(meeting=finns, by=cast.worker)
    [message] = smtp_server.messages
    assert message["Content-Language"] == "fi"
    assert "muistio" in message["Subject"].lower()
    [pdf] = [p for p in message.iter_attachments() if p.get_content_type() == "application/pdf"]
    memo = _pdf_text(pdf.get_content())
    assert "Verkostokokouksen muistio" in memo and "Suunnitelma vuokrasta." in memo
