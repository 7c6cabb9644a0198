"""Reading an identity provider's SAML metadata before it is trusted.

Metadata is refused, with the reason in the admin's language, when it is not XML, describes no
identity provider, has no signing certificate, or its signing certificate has expired.
"""

from __future__ import annotations

import base64
import datetime as dt
import urllib.request
from dataclasses import dataclass

from cryptography import x509
from defusedxml import ElementTree
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext as _

MAX_METADATA_BYTES = 2_000_000
_MD = "{urn:oasis:names:tc:SAML:2.0:metadata}"
_DS = "{http://www.w3.org/2000/09/xmldsig#}"


@dataclass(frozen=True)
class IdpMetadata:
    xml: str
    entity_id: str
    certificate_expires_at: dt.datetime


def read_idp_metadata(data: bytes) -> IdpMetadata:
    """Check metadata as uploaded or fetched; raise ValidationError saying what is wrong."""
    if len(data) > MAX_METADATA_BYTES:
        raise ValidationError(_("The metadata file is too large."))
    try:
        root = ElementTree.fromstring(data)
    except Exception as error:  # defusedxml raises several kinds; each means "not usable XML"
        raise ValidationError(
            _("This is not XML metadata: the file could not be read as XML.")
        ) from error
    descriptors = (
        [root] if root.tag == f"{_MD}EntityDescriptor" else root.findall(f"{_MD}EntityDescriptor")
    )
    idps = [d for d in descriptors if d.find(f"{_MD}IDPSSODescriptor") is not None]
    if not idps:
        raise ValidationError(_("The metadata describes no SAML identity provider."))
    if len(idps) > 1:
        raise ValidationError(
            _(
                "The metadata describes several identity providers; give the one of your organisation."
            )
        )
    entity = idps[0]
    idp = entity.find(f"{_MD}IDPSSODescriptor")
    if idp.find(f"{_MD}SingleSignOnService") is None:
        raise ValidationError(_("The metadata names no single sign-on address."))
    certificates = [
        key.find(f"{_DS}KeyInfo/{_DS}X509Data/{_DS}X509Certificate")
        for key in idp.findall(f"{_MD}KeyDescriptor")
        if key.get("use") in (None, "signing")
    ]
    certificates = [c.text for c in certificates if c is not None and (c.text or "").strip()]
    if not certificates:
        raise ValidationError(_("The metadata has no signing certificate."))
    now = timezone.now()
    expiries = []
    for text in certificates:
        try:
            certificate = x509.load_der_x509_certificate(base64.b64decode("".join(text.split())))
        except ValueError as error:
            raise ValidationError(
                _("The metadata's signing certificate cannot be read.")
            ) from error
        expiries.append(certificate.not_valid_after_utc)
    newest = max(expiries)
    if newest <= now:
        raise ValidationError(
            _("The metadata's signing certificate expired on %(date)s.")
            % {"date": formats.date_format(timezone.localtime(newest), "DATE_FORMAT")}
        )
    return IdpMetadata(
        xml=data.decode("utf-8") if isinstance(data, bytes) else data,
        entity_id=entity.get("entityID", ""),
        certificate_expires_at=newest,
    )


def fetch_idp_metadata(url: str) -> IdpMetadata:
    """Fetch metadata from the IdP's address (https; http only on a development machine)."""
    allowed = ("https://", "http://") if settings.SSO_ALLOW_HTTP else ("https://",)
    if not url.startswith(allowed):
        raise ValidationError(_("The metadata address must start with https://."))
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310  # nosec B310: scheme checked above
            data = response.read(MAX_METADATA_BYTES + 1)
    except (OSError, ValueError) as error:
        raise ValidationError(_("The metadata could not be fetched from that address.")) from error
    return read_idp_metadata(data)
