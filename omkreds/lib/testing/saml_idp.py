"""A real SAML 2.0 identity provider for tests: pysaml2's own IdP server on 127.0.0.1.

The IdP verifies the service provider's signed AuthnRequest against the SP's metadata, and
answers through the browser (HTTP-POST binding, the page submits itself) with a signed response
whose assertion is signed and encrypted to the SP's certificate, as a municipal IdP does. It
signs in `idp.person` at once (no login form of its own). Tests make it misbehave the way a
broken or hostile IdP would:

  idp.mode = "wrong_signature"   sign with a key its metadata does not publish
  idp.mode = "wrong_audience"    address the assertion to another service provider
  idp.mode = "expired"           an assertion whose lifetime ended 20 minutes ago

Every SAMLResponse it sends is kept in `idp.responses` (for replay tests); every logout request
it receives in `idp.logouts`.

    idp = SamlIdp(tmp_path)             # starts serving
    idp.trust_sp(sp_metadata_xml)       # the SP's metadata, as its administrator would load it
    idp.metadata()                      # the IdP's metadata, for the SP
    idp.stop()
"""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path
from socketserver import ThreadingMixIn
from urllib.parse import parse_qs, urlparse
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import saml2
from saml2 import xmldsig
from saml2.config import IdPConfig, SPConfig
from saml2.metadata import entity_descriptor
from saml2.saml import NAMEID_FORMAT_PERSISTENT, NameID
from saml2.server import Server

from omkreds.lib.certificates import make_key_pair

PASSWORD = "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"
# What OIOSAML and many IdPs send for a sign-in with a second factor.
ELSEWHERE = "https://elsewhere.example/saml/metadata/"
MFA = "https://data.gov.dk/concept/core/nsis/loa/Substantial"


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    # Chromium opens spare connections; one idle socket must not stall the next request.
    daemon_threads = True


class _Quiet(WSGIRequestHandler):
    def log_message(self, format, *args):  # noqa: A002
        pass


class SamlIdp:
    def __init__(
        self,
        folder: Path,
        *,
        name: str = "idp",
        certificate_days: int = 365,
        certificate_start: dt.datetime | None = None,
    ):
        folder.mkdir(parents=True, exist_ok=True)
        self.key_file, self.cert_file = self._key_pair(
            folder, name, days=certificate_days, not_before=certificate_start
        )
        self.rogue_key_file, self.rogue_cert_file = self._key_pair(folder, f"{name}-rogue")
        self.sp_metadata: list[str] = []
        self.person = {"mail": "sso.person@example.org", "displayName": "Sara Single"}
        self.subject = "subject-1"
        self.authn_context = PASSWORD
        self.mode: str | None = None
        self.sign_response = False
        self.responses: list[str] = []
        self.logouts: list[str] = []
        self._httpd = make_server(
            "127.0.0.1", 0, self._app, server_class=_ThreadingServer, handler_class=_Quiet
        )
        self.url = f"http://127.0.0.1:{self._httpd.server_port}"
        self.entity_id = f"{self.url}/metadata"
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()

    @staticmethod
    def _key_pair(folder: Path, name: str, **certificate) -> tuple[str, str]:
        key_pem, cert_pem = make_key_pair(name, key_size=2048, **certificate)
        key_path, cert_path = folder / f"{name}.key", folder / f"{name}.crt"
        key_path.write_bytes(key_pem)
        cert_path.write_bytes(cert_pem)
        return str(key_path), str(cert_path)

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def trust_sp(self, metadata_xml: str) -> None:
        self.sp_metadata.append(metadata_xml)

    def _config(self, *, rogue: bool = False, lifetime_minutes: int = 15) -> IdPConfig:
        key_file = self.rogue_key_file if rogue else self.key_file
        cert_file = self.rogue_cert_file if rogue else self.cert_file
        config = {
            "entityid": self.entity_id,
            "xmlsec_binary": "/usr/bin/xmlsec1",
            "service": {
                "idp": {
                    "endpoints": {
                        "single_sign_on_service": [
                            (f"{self.url}/sso/redirect", saml2.BINDING_HTTP_REDIRECT)
                        ],
                        "single_logout_service": [
                            (f"{self.url}/slo/redirect", saml2.BINDING_HTTP_REDIRECT)
                        ],
                    },
                    "policy": {
                        "default": {
                            "lifetime": {"minutes": lifetime_minutes},
                            "attribute_restrictions": None,
                            "name_form": saml2.saml.NAME_FORMAT_URI,
                        }
                    },
                    "name_id_format": [NAMEID_FORMAT_PERSISTENT],
                    "want_authn_requests_signed": True,
                }
            },
            "key_file": key_file,
            "cert_file": cert_file,
            "metadata": {"inline": [*self.sp_metadata, self._elsewhere_metadata()]},
            "allow_unknown_attributes": True,
        }
        conf = IdPConfig()
        conf.load(config)
        return conf

    def _elsewhere_metadata(self) -> str:
        """Another service provider this IdP knows: the audience of a misaddressed assertion."""
        conf = SPConfig()
        conf.load(
            {
                "entityid": ELSEWHERE,
                "service": {
                    "sp": {
                        "endpoints": {
                            "assertion_consumer_service": [
                                ("https://elsewhere.example/acs", saml2.BINDING_HTTP_POST)
                            ]
                        }
                    }
                },
                "cert_file": self.rogue_cert_file,
                "key_file": self.rogue_key_file,
            }
        )
        return str(entity_descriptor(conf))

    def metadata(self) -> str:
        return str(entity_descriptor(self._config()))

    # --- HTTP -------------------------------------------------------------------------------

    def _app(self, environ, start_response):
        path = environ["PATH_INFO"]
        query = {k: v[0] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
        if path == "/metadata":
            return self._reply(start_response, "200 OK", self.metadata(), "text/xml")
        if path == "/sso/redirect":
            return self._single_sign_on(start_response, query)
        if path == "/slo/redirect":
            return self._single_logout(start_response, query)
        return self._reply(start_response, "404 Not Found", "not found", "text/plain")

    @staticmethod
    def _reply(start_response, status: str, body: str, content_type: str, headers=()):
        start_response(status, [("Content-Type", f"{content_type}; charset=utf-8"), *headers])
        return [body.encode("utf-8")]

    def _single_sign_on(self, start_response, query):
        server = Server(config=self._config())
        request = server.parse_authn_request(
            query["SAMLRequest"],
            saml2.BINDING_HTTP_REDIRECT,
            relay_state=query.get("RelayState"),
            sigalg=query.get("SigAlg"),
            signature=query.get("Signature"),
        ).message
        sp_entity_id = request.issuer.text
        destination = request.assertion_consumer_service_url
        encrypt_cert = server.metadata.certs(sp_entity_id, "spsso", "encryption")[0][1]
        if self.mode == "wrong_signature":
            server = Server(config=self._config(rogue=True))
        elif self.mode == "expired":
            server = Server(config=self._config(lifetime_minutes=-20))
        audience = ELSEWHERE if self.mode == "wrong_audience" else sp_entity_id
        response = server.create_authn_response(
            identity={key: [value] for key, value in self.person.items()},
            in_response_to=request.id,
            destination=destination,
            sp_entity_id=audience,
            name_id=NameID(format=NAMEID_FORMAT_PERSISTENT, text=self.subject),
            authn={"class_ref": self.authn_context, "authn_auth": self.entity_id},
            sign_response=self.sign_response,
            sign_assertion=True,
            encrypt_assertion=True,
            encrypt_cert_assertion=encrypt_cert,
            sign_alg=xmldsig.SIG_RSA_SHA256,
            digest_alg=xmldsig.DIGEST_SHA256,
        )
        http = server.apply_binding(
            saml2.BINDING_HTTP_POST,
            str(response),
            destination=destination,
            relay_state=query.get("RelayState", ""),
            response=True,
        )
        self.responses.append(_form_value(http["data"], "SAMLResponse"))
        return self._reply(start_response, "200 OK", http["data"], "text/html")

    def _single_logout(self, start_response, query):
        server = Server(config=self._config())
        request = server.parse_logout_request(
            query["SAMLRequest"],
            saml2.BINDING_HTTP_REDIRECT,
            relay_state=query.get("RelayState"),
            sigalg=query.get("SigAlg"),
            signature=query.get("Signature"),
        )
        message = request.message
        self.logouts.append(message.name_id.text)
        response = server.create_logout_response(message, [saml2.BINDING_HTTP_REDIRECT])
        destination = server.metadata.single_logout_service(
            message.issuer.text, saml2.BINDING_HTTP_REDIRECT, "spsso"
        )[0]["location"]
        http = server.apply_binding(
            saml2.BINDING_HTTP_REDIRECT,
            str(response),
            destination=destination,
            relay_state=query.get("RelayState", ""),
            response=True,
            sign=True,
            sigalg=xmldsig.SIG_RSA_SHA256,
        )
        location = dict(http["headers"])["Location"]
        assert urlparse(location).hostname == "127.0.0.1"
        return self._reply(start_response, "302 Found", "", "text/plain", [("Location", location)])


def _form_value(html: str, name: str) -> str:
    marker = f'name="{name}" value="'
    start = html.index(marker) + len(marker)
    return html[start : html.index('"', start)]
