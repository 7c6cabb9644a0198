"""QR codes for print: a PNG data URI (the PDF renderer loads data URIs only)."""

from __future__ import annotations

import base64
import io

import qrcode
import qrcode.constants


def qr_png_data_uri(text: str) -> str:
    """`text` as a QR code (error correction M, four modules of quiet zone), a PNG data URI."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=8, border=4)
    code.add_data(text)
    code.make(fit=True)
    buffer = io.BytesIO()
    code.make_image().save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
