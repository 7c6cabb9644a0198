"""Middleware that is not about any one app: request ids and cache headers."""

import contextvars
import logging
import uuid

from django.utils.cache import add_never_cache_headers

_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")


def current_request_id() -> str:
    return _request_id.get()


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id()
        return True


class RequestIdMiddleware:
    """Give every request an id that the access log and the server log both carry."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = uuid.uuid4().hex
        token = _request_id.set(request.request_id)
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
        response["X-Request-ID"] = request.request_id
        return response


class NoStoreMiddleware:
    """No cache may keep a page Django renders: signed-in pages hold personal data, and the public
    pages reached by a link or a code (a reply, a feedback form, the council room) show names,
    time, place and every invitee to whoever holds the link (issue 15, point 5).

    Static files never get here (WhiteNoise answers them first, cacheable for a year); a view
    that means to be cached says so with `Cache-Control: public` and is left alone.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "public" not in response.get("Cache-Control", ""):
            add_never_cache_headers(response)
            response["Cache-Control"] = "no-store, no-cache, must-revalidate, private, max-age=0"
        return response
