"""Short codes for typing a link from paper: /r/7K4M-Q2PX (issue 13, point 2).

Eight characters of Crockford's base32 (no I, L, O or U: nothing to mistake when read or typed)
give 40 bits. The code is derived from the invitee's link (meeting, invitee, nonce, purpose)
with a key from the site's secret, so it cannot be guessed from the ids, a reprint shows the
same code, and a new nonce (the invitee invited anew) gives a new one. The database keeps only
a keyed hash of it. Reading is case-insensitive and forgives O for 0, I and L for 1, and
spaces or dashes anywhere.
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 8  # 8 × 5 bits = 40 bits
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})


def _key(purpose: str) -> bytes:
    return f"omkreds.shortcode.{purpose}:{settings.SECRET_KEY}".encode()


def derive(*, meeting_id, invitee_id: int, nonce: str, purpose: str) -> str:
    """The code for one invitee's link, as stored (no dash)."""
    digest = hmac.new(
        _key(purpose), f"{meeting_id}:{invitee_id}:{nonce}".encode(), hashlib.sha256
    ).digest()
    number = int.from_bytes(digest[:5], "big")  # 40 bits
    return "".join(ALPHABET[(number >> (5 * i)) & 31] for i in reversed(range(LENGTH)))


def shown(code: str) -> str:
    """As printed: 7K4M-Q2PX."""
    return f"{code[:4]}-{code[4:]}"


def normalise(typed) -> str:
    """What was typed, as stored; "" when it cannot be a code."""
    if not isinstance(typed, str):
        return ""
    code = "".join(ch for ch in typed.upper() if ch not in " -–\t").translate(_READ_AS)
    if len(code) != LENGTH or any(ch not in ALPHABET for ch in code):
        return ""
    return code


def keyed_hash(code: str) -> str:
    """What the database keeps: a leaked table does not give the codes back."""
    key = f"omkreds.shortcode.lookup:{settings.SECRET_KEY}".encode()
    return hmac.new(key, code.encode(), hashlib.sha256).hexdigest()
