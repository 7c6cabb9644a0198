"""Versions of content that an API write names as what it was based on (`based_on`).

A version is an opaque string: the same content always has the same version, any change
gives another. Answers carry it as `version`; a write sends it back as `based_on`, and is
refused (409) when the content has changed since, so nobody's change is lost unseen.
"""

from __future__ import annotations

import hashlib
import json


def content_version(*values) -> str:
    """The version of the content `values` (JSON-able; dates are written as text)."""
    raw = json.dumps(values, ensure_ascii=False, default=str, separators=(",", ":"))
    return hashlib.sha256(raw.encode()).hexdigest()[:20]
