"""The JSON API under /api/v1/. Each app adds its router here.

Every operation needs a personal token or a browser session past the second factor
(`omkreds.accounts.api_auth`), and answers errors as JSON (`omkreds.lib.api.errors`). The schema is
served at /api/v1/openapi.json and the interactive docs (Swagger UI) at /api/v1/docs, from
the vendored copy in static/vendor/ (`ApiDocs`), so the content security policy holds: no CDN,
no inline script.

Give every operation a `url_name` prefixed with its app (`citizens_detail`): the names share
the `api` namespace, and the authorization matrix refers to operations by them.
"""

import json

from django.shortcuts import render
from django.utils.translation import get_language
from ninja import NinjaAPI
from ninja.openapi.docs import Swagger

from omkreds.access.log import AccessLogUnavailable
from omkreds.accounts.api_auth import DEFAULT_AUTH
from omkreds.citizens.api import router as citizens_router
from omkreds.lib.api import errors
from omkreds.lib.api.parser import RefusingNulParser


class ApiDocs(Swagger):
    """Swagger UI rendered from our template and vendored files. (ninja itself would take its
    own static folder, all 8 MB with source maps and ReDoc, only as an installed app, and a
    CDN otherwise.)"""

    def render_page(self, request, api, **kwargs):
        settings = self.settings | {"url": self.get_openapi_url(api, kwargs)}
        context = {"swagger_settings": json.dumps(settings, indent=1), "api": api}
        return render(request, "api_docs.html", context)


class OmkredsApi(NinjaAPI):
    """Builds the OpenAPI schema once per address prefix and language (about a second of CPU
    each time on a small server), not on every request for /api/v1/openapi.json. Callers read
    the schema; none changes it."""

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        key = (path_prefix, tuple(sorted((path_params or {}).items())), get_language())
        cache = self.__dict__.setdefault("_schemas", {})
        if key not in cache:
            cache[key] = super().get_openapi_schema(
                path_prefix=path_prefix, path_params=path_params
            )
        return cache[key]


api = OmkredsApi(
    title="Omkreds API",
    version="1",
    urls_namespace="api",
    description=(
        "Send a personal token (made on your profile page) as `Authorization: Bearer omk_...`; "
        "the browser's session works too, after the second factor, with a CSRF token on "
        "changes. You reach the same citizens as in the web pages, and every read is logged."
    ),
    auth=DEFAULT_AUTH,
    docs=ApiDocs(),
    docs_url="/docs",
    parser=RefusingNulParser(),
)
errors.install(api, unavailable=(AccessLogUnavailable,))

api.add_router("/citizens/", citizens_router)
api.add_router("/citizens/", "omkreds.networks.api.router")
api.add_router("/cti/", "omkreds.cti.api.router")
api.add_router("/citizens/", "omkreds.networks.overview.api.router")
api.add_router("/directory/", "omkreds.networks.overview.api.directory_router")
api.add_router("/citizens/", "omkreds.meetings.api.router")
api.add_router("/", "omkreds.councils.api.router")
