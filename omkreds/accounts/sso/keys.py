"""The service provider's key pair: it signs our SAML requests and decrypts assertions.

Production names the files (SAML_SP_KEY_FILE, SAML_SP_CERT_FILE) so that every app process
uses the same pair and the IdP keeps trusting it. Without them, a pair is made once in the
data folder, which is what a laptop, the demo and the tests need.
"""

from __future__ import annotations

import fcntl
from pathlib import Path

from django.conf import settings

from omkreds.lib.certificates import make_key_pair


def sp_key_pair() -> tuple[str, str]:
    """Paths of the key and the certificate, made first if the settings name none."""
    if settings.SAML_SP_KEY_FILE and settings.SAML_SP_CERT_FILE:
        return settings.SAML_SP_KEY_FILE, settings.SAML_SP_CERT_FILE
    folder = Path(settings.DATA_DIR) / "saml"
    key_path, cert_path = folder / "sp.key", folder / "sp.crt"
    if not (key_path.exists() and cert_path.exists()):
        folder.mkdir(parents=True, exist_ok=True)
        # Several processes (test workers, app processes) may start at once: one makes the pair.
        with open(folder / ".lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not (key_path.exists() and cert_path.exists()):
                key_pem, cert_pem = make_key_pair("Omkreds service provider")
                key_path.write_bytes(key_pem)
                key_path.chmod(0o600)
                cert_path.write_bytes(cert_pem)
    return str(key_path), str(cert_path)
