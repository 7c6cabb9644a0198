"""Error answers of the JSON API: JSON, in the caller's language, never a 500 for bad input.

Shapes (see `omkreds.lib.api.schemas`):
- 422 `{"detail": "...", "errors": {"field": ["message", ...]}}` when fields do not validate,
  or a service refused (a Django `ValidationError`, `omkreds.lib.errors.WorkflowError`
  included: operations do not catch them, see `Refusals`);
- 409 `{"detail": "message"}` when the refusal says the workflow's step does not allow it;
- every other error `{"detail": "message"}`: 400 malformed body, 401 not signed in, 403 CSRF,
  404 absent or out of reach, 413 body too large, 503 access log unavailable (no log, no
  data).

pydantic's own messages are English only, so the common error types are mapped to messages
of ours, which are translated. Validators of ours raise `ValueError(gettext(...))`; their
message is used as it is.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import wraps

from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from ninja import NinjaAPI, Router
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

logger = logging.getLogger(__name__)


class CsrfFailed(HttpError):
    def __init__(self) -> None:
        super().__init__(403, "CSRF check failed")


def _too_long(ctx: dict) -> str:
    count = int(ctx.get("max_length", 0))
    return ngettext(
        "Enter at most %(count)d character.", "Enter at most %(count)d characters.", count
    ) % {"count": count}


def _too_many(ctx: dict) -> str:
    count = int(ctx.get("max_length", 0))
    return ngettext("Send at most %(count)d item.", "Send at most %(count)d items.", count) % {
        "count": count
    }


def _too_few(ctx: dict) -> str:
    count = int(ctx.get("min_length", 0))
    return ngettext("Send at least %(count)d item.", "Send at least %(count)d items.", count) % {
        "count": count
    }


def _too_short(ctx: dict) -> str:
    count = int(ctx.get("min_length", 1))
    if count <= 1:
        return _("This field cannot be empty.")
    return ngettext(
        "Enter at least %(count)d character.", "Enter at least %(count)d characters.", count
    ) % {"count": count}


def _own_message(ctx: dict) -> str:
    # Raised by a validator of ours, already translated.
    return str(ctx.get("error", "")) or _("This value is not valid.")


def _valid_date(ctx: dict) -> str:
    return _("Enter a valid date (YYYY-MM-DD).")


def _json_object(ctx: dict) -> str:
    return _("Send a JSON object.")


# pydantic error type → our message. `gettext` is called when the error is answered, so the
# message is in the language of the request.
_MESSAGES: dict[str, Callable[[dict], str]] = {
    "missing": lambda ctx: _("This field is required."),
    "string_too_short": _too_short,
    "string_too_long": _too_long,
    "string_type": lambda ctx: _("Enter text."),
    "date_parsing": _valid_date,
    "date_type": _valid_date,
    "date_from_datetime_parsing": _valid_date,
    "date_from_datetime_inexact": _valid_date,
    "datetime_parsing": lambda ctx: _("Enter a valid date and time."),
    "datetime_type": lambda ctx: _("Enter a valid date and time."),
    "uuid_parsing": lambda ctx: _("Enter a valid id."),
    "uuid_type": lambda ctx: _("Enter a valid id."),
    "int_parsing": lambda ctx: _("Enter a whole number."),
    "int_type": lambda ctx: _("Enter a whole number."),
    "int_from_float": lambda ctx: _("Enter a whole number."),
    "float_parsing": lambda ctx: _("Enter a number."),
    "float_type": lambda ctx: _("Enter a number."),
    "bool_parsing": lambda ctx: _("Enter true or false."),
    "bool_type": lambda ctx: _("Enter true or false."),
    "greater_than_equal": lambda ctx: (
        _("Enter a number of at least %(limit)s.") % {"limit": ctx.get("ge")}
    ),
    "greater_than": lambda ctx: (
        _("Enter a number greater than %(limit)s.") % {"limit": ctx.get("gt")}
    ),
    "less_than_equal": lambda ctx: (
        _("Enter a number of at most %(limit)s.") % {"limit": ctx.get("le")}
    ),
    "less_than": lambda ctx: _("Enter a number less than %(limit)s.") % {"limit": ctx.get("lt")},
    "enum": lambda ctx: _("Choose one of: %(choices)s.") % {"choices": ctx.get("expected", "")},
    "literal_error": lambda ctx: (
        _("Choose one of: %(choices)s.") % {"choices": ctx.get("expected", "")}
    ),
    "list_type": lambda ctx: _("Send a list."),
    "too_long": _too_many,
    "too_short": _too_few,
    "extra_forbidden": lambda ctx: _("This field is not allowed."),
    "model_type": _json_object,
    "model_attributes_type": _json_object,
    "dict_type": _json_object,
    "value_error": _own_message,
    "assertion_error": _own_message,
}


def error_message(error: dict) -> str:
    """Our translated message for one pydantic error (a dict from `errors()`)."""
    builder = _MESSAGES.get(error.get("type", ""))
    if builder is None:
        return _("This value is not valid.")
    return builder(error.get("ctx") or {})


def error_field(loc: tuple | list) -> str:
    """The field an error is about: `("body", "payload", "name")` → `"name"`.

    The first item is where the value came from (body, query, path); for the body the second
    is the name of the view's parameter. What is left names the field; nothing left means the
    error is about the request as a whole (`"__all__"`).
    """
    parts = list(loc)
    source = parts.pop(0) if parts else ""
    if source == "body" and parts:
        parts.pop(0)
    return ".".join(str(p) for p in parts) or "__all__"


def field_errors(errors: list[dict]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for error in errors:
        field = error_field(error.get("loc", ()))
        messages = found.setdefault(field, [])
        if field == "__all__" and error.get("type") == "missing":
            message = _("Send a JSON object.")  # no body at all
        else:
            message = error_message(error)
        if message not in messages:
            messages.append(message)
    return found


def _validation_error(request: HttpRequest, exc: ValidationError, api: NinjaAPI) -> HttpResponse:
    return api.create_response(
        request,
        {"detail": _("Some fields are not valid."), "errors": field_errors(exc.errors)},
        status=422,
    )


@dataclass(frozen=True)
class Refusals:
    """How one router's operations answer a service's refusal (a Django `ValidationError`).

    - 422 `{"detail": "The change could not be made.", "errors": field → messages}`, each
      service argument named by its API field (`fields`: `{"user": "user_id"}`);
    - 409 `{"detail": message}` for the errors that say the workflow's step does not allow it
      now (`conflicts`);
    - 409 `{"detail": message, "errors": {"__all__": [message]}}` for the errors that say
      someone else changed the data first (`stale`).

    A router declares its own with `declare(router)`; without one, every refusal is a 422.
    """

    fields: Mapping[str, str] = field(default_factory=dict)
    conflicts: tuple[type[DjangoValidationError], ...] = ()
    stale: tuple[type[DjangoValidationError], ...] = ()

    def declare(self, router: Router) -> None:
        """Answer the refusals of `router`'s operations this way."""

        def decorator(view):
            @wraps(view)
            def wrapper(request, *args, **kwargs):
                request.omkreds_refusals = self
                return view(request, *args, **kwargs)

            return wrapper

        router.add_decorator(decorator, mode="view")

    def answer(self, exc: DjangoValidationError) -> tuple[dict, int]:
        """The body and status answering `exc`, in the language active now."""
        message = " ".join(exc.messages)
        if isinstance(exc, self.conflicts):
            return {"detail": message}, 409
        if isinstance(exc, self.stale):
            return {"detail": message, "errors": {"__all__": list(exc.messages)}}, 409
        if hasattr(exc, "error_dict"):
            errors = {self.fields.get(f, f): list(m) for f, m in exc.message_dict.items()}
        else:
            errors = {"__all__": list(exc.messages)}
        return {"detail": _("The change could not be made."), "errors": errors}, 422


_ANY_ROUTER = Refusals()


def _refused(request: HttpRequest, exc: DjangoValidationError, api: NinjaAPI) -> HttpResponse:
    refusals = getattr(request, "omkreds_refusals", _ANY_ROUTER)
    body, status = refusals.answer(exc)
    return api.create_response(request, body, status=status)


def _not_found(request: HttpRequest, exc: Exception, api: NinjaAPI) -> HttpResponse:
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


def _unauthenticated(request: HttpRequest, exc: Exception, api: NinjaAPI) -> HttpResponse:
    response = api.create_response(
        request,
        {"detail": _("Sign in with a verified second factor, or send a valid API token.")},
        status=401,
    )
    response["WWW-Authenticate"] = 'Bearer realm="omkreds"'
    return response


def _http_error(request: HttpRequest, exc: HttpError, api: NinjaAPI) -> HttpResponse:
    if isinstance(exc, CsrfFailed):
        message = _("The security check (CSRF) failed. Reload the page and try again.")
    elif isinstance(exc, Throttled):
        message = _("Too many requests. Try again later.")
    elif exc.status_code == 400 and isinstance(exc.__cause__, ValidationError):
        # The parser read the body but refused a value in it (a NUL character, see parser.py).
        return _validation_error(request, exc.__cause__, api)
    elif exc.status_code == 400 and isinstance(exc.__cause__, ValueError):
        # ninja's parser could not read the body: not JSON, or not UTF-8.
        message = _("The request body is not valid JSON.")
    else:
        message = str(exc)
    return api.create_response(request, {"detail": message}, status=exc.status_code)


def _log_unavailable(request: HttpRequest, exc: Exception, api: NinjaAPI) -> HttpResponse:
    # No log, no data: the answer holds nothing from the request but this message.
    return api.create_response(
        request,
        {"detail": _("The service is unavailable right now. Try again in a few minutes.")},
        status=503,
    )


def _too_big(request: HttpRequest, exc: Exception, api: NinjaAPI) -> HttpResponse:
    return api.create_response(request, {"detail": _("The request body is too large.")}, status=413)


def install(api: NinjaAPI, *, unavailable: tuple[type[Exception], ...] = ()) -> None:
    """Replace ninja's default error answers on `api` with ours.

    `unavailable`: exceptions that mean "no answer right now" (503), such as the access log's
    `AccessLogUnavailable`; named by the caller, since lib knows no app.
    """

    def bind(handler):
        return lambda request, exc: handler(request, exc, api)

    api.add_exception_handler(ValidationError, bind(_validation_error))
    api.add_exception_handler(DjangoValidationError, bind(_refused))
    api.add_exception_handler(Http404, bind(_not_found))
    api.add_exception_handler(AuthenticationError, bind(_unauthenticated))
    api.add_exception_handler(HttpError, bind(_http_error))
    for exception in unavailable:
        api.add_exception_handler(exception, bind(_log_unavailable))
    api.add_exception_handler(RequestDataTooBig, bind(_too_big))
