"""Pictures and PDFs for the scan tests, made by the real libraries (Pillow, WeasyPrint, pypdf)."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter
from pypdf.actions import JavaScript
from weasyprint import HTML

from omkreds.networks.services import map_save
from omkreds.networks.tests.helpers import contact, data
from omkreds.networks.tests.overview.helpers import picture

__all__ = ["hand_written_pdf", "paper_pdf", "picture", "pdf_with_js", "three_versions", "upload"]


def upload(raw: bytes, name: str = "scan.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, raw)


def paper_pdf() -> bytes:
    """An A4 page, white, with a green square in its top left quarter (as WeasyPrint prints it)."""
    html = (
        "<style>@page { size: A4; margin: 0 } body { margin: 0 }"
        " div { width: 105mm; height: 148mm; background: #00a000 }</style>"
        "<div></div><p>Mor, Far, Lise</p>"
    )
    return HTML(string=html).write_pdf()


def pdf_with_js() -> bytes:
    """The paper PDF with a document-level script added by pypdf."""
    writer = PdfWriter(clone_from=io.BytesIO(paper_pdf()))
    writer.add_open_action(JavaScript("app.alert('hello');"))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def encrypted_pdf() -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(paper_pdf()))
    writer.encrypt(user_password="secret", owner_password="owner")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def hand_written_pdf(open_action: bytes) -> bytes:
    """A one-page PDF written by hand with the given /OpenAction dictionary (for scripts whose
    names are escaped, which no byte search for "/JS" finds)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
        open_action,
    ]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def three_versions(cast) -> None:
    """Versions 1, 2 and 3 of the citizen's map; version n has n people."""
    for number in range(1, 4):
        people = [contact(f"p{i}", f"Person {i}", angle=i * 30.0) for i in range(number)]
        map_save(
            citizen=cast.citizen,
            author=cast.worker,
            document=data(people),
            based_on=number - 1 or None,
        )
