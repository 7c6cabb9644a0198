"""A real OpenID provider for tests: pyop's Provider (IdentityPython) served on 127.0.0.1.

pyop checks the authentication request against the registered client (client ID, redirect
URI, response type, scopes), keeps the PKCE code challenge with the code and checks the code
verifier at the token endpoint, authenticates the client by its secret, and signs the ID token
(RS256) with the key its JWKS publishes. It signs in `op.person` at once (no login form of
its own). Tests make it misbehave the way a broken or hostile provider would:

  op.mode = "wrong_signature"   sign the ID token with a key its JWKS does not publish
  op.mode = "wrong_audience"    address the ID token to another client
  op.mode = "expired"           an ID token whose lifetime ended 20 minutes ago

Its discovery document is at the issuer's /.well-known/openid-configuration; under
`{issuer}/not-json` it answers with an HTML page, and under any other path below the issuer with
the document of the issuer itself (so it names another issuer than the one asked).

`op.authentication_requests` keeps every authentication request it accepted (with the PKCE
code challenge), `op.token_requests` every token request (with the code verifier), and
`op.redirects` every address it sent the browser back to (for replay tests).

    op = OidcOp()                                 # starts serving
    op.register_client(client_id, secret, redirect_uri)
    op.issuer                                     # what the organisation's admin enters
    op.stop()
"""

from __future__ import annotations

import json
import threading
from socketserver import ThreadingMixIn
from urllib.parse import parse_qsl, urlencode
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import jwt
from Cryptodome.PublicKey import RSA
from jwkest.jwk import RSAKey
from pyop.authz_state import AuthorizationState
from pyop.exceptions import InvalidAuthenticationRequest, OAuthError
from pyop.provider import Provider
from pyop.subject_identifier import HashBasedSubjectIdentifierFactory
from pyop.userinfo import Userinfo

ELSEWHERE_CLIENT = "another-service"
# What an IdP sends for a sign-in with a second factor (RFC 8176 amr values).
MFA_AMR = ["pwd", "mfa"]
PASSWORD_AMR = ["pwd"]
USER_ID = "user-1"


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _Quiet(WSGIRequestHandler):
    def log_message(self, format, *args):  # noqa: A002
        pass


def _rsa_key(kid: str) -> RSAKey:
    return RSAKey(key=RSA.generate(2048), kid=kid, alg="RS256", use="sig")


class OidcOp:
    def __init__(self):
        self.signing_key = _rsa_key("op-key-1")
        self.rogue_key = _rsa_key("op-key-1")  # same key ID, another key
        self.person = {"email": "oidc.person@example.org", "name": "Olga Connect"}
        self.role: str | None = None
        self.acr: str | None = None
        self.amr = list(PASSWORD_AMR)
        self.mode: str | None = None
        self.clients: dict[str, dict] = {}
        self.authentication_requests: list[dict] = []
        self.token_requests: list[dict] = []
        self.redirects: list[str] = []
        self._authz_state = AuthorizationState(HashBasedSubjectIdentifierFactory("test-salt"))
        self._httpd = make_server(
            "127.0.0.1", 0, self._app, server_class=_ThreadingServer, handler_class=_Quiet
        )
        self.issuer = f"http://127.0.0.1:{self._httpd.server_port}"
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def register_client(self, client_id: str, secret: str, redirect_uri: str) -> None:
        """What the provider's administrator does for a new relying party."""
        self.clients[client_id] = {
            "client_secret": secret,
            "redirect_uris": [redirect_uri],
            "response_types": ["code"],
            "token_endpoint_auth_method": "client_secret_post",
            "subject_type": "public",
        }

    def _provider(self) -> Provider:
        configuration = {
            # oic accepts only https issuers; the real one (plain http on loopback) is set below.
            "issuer": "https://op.invalid",
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "userinfo_endpoint": f"{self.issuer}/userinfo",
            "jwks_uri": f"{self.issuer}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "scopes_supported": ["openid", "email", "profile"],
            "token_endpoint_auth_methods_supported": ["client_secret_post"],
            "code_challenge_methods_supported": ["S256"],
            "claims_supported": ["sub", "email", "name", "role", "acr", "amr"],
        }
        key = self.rogue_key if self.mode == "wrong_signature" else self.signing_key
        lifetime = -20 * 60 if self.mode == "expired" else 600
        provider = Provider(
            key,
            configuration,
            self._authz_state,
            self.clients,
            Userinfo({USER_ID: dict(self.person)}),
            id_token_lifetime=lifetime,
        )
        provider.configuration_information["issuer"] = self.issuer
        return provider

    def _extra_claims(self, user_id, client_id) -> dict:
        claims = {"amr": list(self.amr)}
        if self.acr:
            claims["acr"] = self.acr
        if self.role:
            claims["role"] = self.role
        return claims

    # --- HTTP -------------------------------------------------------------------------------

    def _app(self, environ, start_response):
        path = environ["PATH_INFO"]
        provider = self._provider()
        if path == "/not-json/.well-known/openid-configuration":
            start_response("200 OK", [("Content-Type", "text/html")])
            return [b"<html><body>Sign in</body></html>"]
        if path.endswith("/.well-known/openid-configuration"):
            # Under any other prefix: a document that names the issuer without that prefix.
            return _json(start_response, "200 OK", provider.provider_configuration.to_dict())
        if path == "/jwks":
            return _json(start_response, "200 OK", {"keys": [self.signing_key.serialize()]})
        if path == "/authorize":
            return self._authorize(provider, environ, start_response)
        if path == "/token":
            return self._token(provider, environ, start_response)
        if path == "/userinfo":
            try:
                claims = provider.handle_userinfo_request(
                    environ.get("QUERY_STRING", ""),
                    {"Authorization": environ.get("HTTP_AUTHORIZATION", "")},
                )
            except OAuthError as error:
                return _json(start_response, "401 Unauthorized", {"error": str(error)})
            return _json(start_response, "200 OK", claims.to_dict())
        return _json(start_response, "404 Not Found", {"error": "not found"})

    def _authorize(self, provider, environ, start_response):
        query = environ.get("QUERY_STRING", "")
        try:
            request = provider.parse_authentication_request(query)
        except InvalidAuthenticationRequest as error:
            return _json(start_response, "400 Bad Request", {"error": str(error)})
        self.authentication_requests.append(request.to_dict())
        response = provider.authorize(request, USER_ID)
        location = f"{request['redirect_uri']}?{urlencode(response.to_dict())}"
        self.redirects.append(location)
        start_response("302 Found", [("Location", location), ("Content-Length", "0")])
        return [b""]

    def _token(self, provider, environ, start_response):
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length).decode()
        self.token_requests.append(dict(parse_qsl(body)))
        try:
            response = provider.handle_token_request(
                body,
                {"Authorization": environ.get("HTTP_AUTHORIZATION", "")},
                extra_id_token_claims=self._extra_claims,
            ).to_dict()
        except OAuthError as error:
            return _json(start_response, "400 Bad Request", {"error": error.oauth_error})
        if self.mode == "wrong_audience":
            response["id_token"] = self._readdress(response["id_token"])
        return _json(start_response, "200 OK", response)

    def _readdress(self, id_token: str) -> str:
        """The same ID token, signed by this provider, but for another client."""
        claims = jwt.decode(id_token, options={"verify_signature": False})
        claims["aud"] = ELSEWHERE_CLIENT
        pem = self.signing_key.key.export_key("PEM")
        return jwt.encode(claims, pem, algorithm="RS256", headers={"kid": self.signing_key.kid})


def _json(start_response, status: str, data: dict):
    body = json.dumps(data).encode()
    start_response(
        status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]
    )
    return [body]
