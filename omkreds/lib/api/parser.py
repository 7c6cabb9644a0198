"""The API's parser: ninja's JSON and query parsing, refusing NUL characters in any value.

A NUL character can be sent in JSON (`"\\u0000"`) or a query string (`%00`) but cannot be
stored: PostgreSQL refuses it in text, which would surface as a 500. Django's form fields
refuse it for the pages (`ProhibitNullCharactersValidator`); this does the same for every API
operation at once, as a 422 naming the field, with Django's (translated) message.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from ninja.errors import ValidationError
from ninja.parser import Parser

from omkreds.lib import fastjson


def _nul_at(value, loc: tuple) -> tuple | None:
    """Where in `value` (nested dicts and lists) a string holds a NUL character, if anywhere."""
    if isinstance(value, str):
        return loc if "\x00" in value else None
    if isinstance(value, dict):
        for key, item in value.items():
            if "\x00" in str(key):
                return loc
            found = _nul_at(item, (*loc, key))
            if found:
                return found
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found = _nul_at(item, (*loc, index))
            if found:
                return found
    return None


def _refuse_nul(value, loc: tuple) -> None:
    found = _nul_at(value, loc)
    if found is not None:
        message = _("Null characters are not allowed.")
        raise ValidationError([{"type": "value_error", "loc": found, "ctx": {"error": message}}])


class RefusingNulParser(Parser):
    def parse_body(self, request):
        # pydantic-core reads JSON about three times as fast as the json module (a 500-person
        # map is ~300 KB); anything that is not JSON still ends as ninja's 400.
        data = fastjson.loads(request.body)
        # JSON can carry a NUL only as the escape \u0000 (or a raw byte, which is invalid):
        # without either in the raw body there is nothing to look for, and a large map is
        # spared the walk.
        body = request.body
        if b"\\u0000" in body or b"\x00" in body:
            # ("body", <the view's parameter>, field...): see errors.error_field.
            _refuse_nul(data, ("body", "payload"))
        return data

    def parse_querydict(self, data, list_fields, request):
        result = super().parse_querydict(data, list_fields, request)
        _refuse_nul(result, ("query" if data is request.GET else "form",))
        return result
