"""The field types of the map document (`schema.py`): one-line and multi-line text that XML can
carry, phone numbers, e-mail addresses, ids, fractions and angles, each with its translated
message."""

import re
from typing import Annotated, Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext
from pydantic import AfterValidator, BeforeValidator, Field, StringConstraints
from pydantic_core import PydanticCustomError

# XML 1.0 cannot carry these; one-line fields also refuse tab and line breaks.
_TEXT_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_LINE_FORBIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_PHONE = re.compile(r"^\+?[0-9 ()./-]{3,40}$")
ID_PATTERN = r"^[A-Za-z0-9_-]{1,64}$"


def _one_line(value: str) -> str:
    if value and _LINE_FORBIDDEN.search(value):
        raise PydanticCustomError(
            "control_characters",
            gettext("Use one line of ordinary text; control characters are not allowed."),
        )
    return value


def _multi_line(value: str) -> str:
    if not value:
        return value
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    if _TEXT_FORBIDDEN.search(value):
        raise PydanticCustomError(
            "control_characters", gettext("Control characters are not allowed in text.")
        )
    return value


def _none_to_empty(value: Any) -> Any:
    return "" if value is None else value


def _email(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    try:
        validate_email(value)
    except DjangoValidationError:
        raise PydanticCustomError("email", gettext("Enter a valid e-mail address.")) from None
    return value


def check_phone(value: str) -> str:
    value = value.strip()
    if value and (not _PHONE.match(value) or sum(ch.isdigit() for ch in value) < 3):
        raise PydanticCustomError(
            "phone",
            gettext("Enter a phone number with digits, spaces and + ( ) - . / only."),
        )
    return value


def _angle(value: float) -> float:
    # 360° is the same spot as 0°; keep one spelling so that diffs and exports agree.
    return value % 360.0


Name = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=200),
    AfterValidator(_one_line),
]
# The constraints come before the validators so that pydantic-core checks them itself; a
# constraint placed after a Python validator is checked in Python, one call per field.
# (A BeforeValidator still runs first: it wraps everything to its left.)
Line = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=200),
    BeforeValidator(_none_to_empty),
    AfterValidator(_one_line),
]
Text = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=4000),
    BeforeValidator(_none_to_empty),
    AfterValidator(_multi_line),
]
Phone = Annotated[str, BeforeValidator(_none_to_empty), AfterValidator(check_phone)]
Email = Annotated[str | None, AfterValidator(_email)]
Id = Annotated[str, StringConstraints(strip_whitespace=True, pattern=ID_PATTERN)]
Fraction = Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False)]
Angle = Annotated[float, Field(ge=0.0, le=360.0, allow_inf_nan=False), AfterValidator(_angle)]
