"""Schemas every router uses: error answers and pages of a list."""

from __future__ import annotations

from ninja import Field, Schema

# The most items one page of a list holds, whatever the caller asks for.
MAX_PAGE_SIZE = 200
DEFAULT_PAGE_SIZE = 50


class ErrorOut(Schema):
    detail: str


class ValidationErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] = Field(
        description="Field name → messages, in the caller's language."
    )


class PageParams(Schema):
    """`?limit=&offset=` for a list."""

    limit: int = Field(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)
    offset: int = Field(0, ge=0, le=1_000_000)


class PageMeta(Schema):
    count: int
    limit: int
    offset: int


# The answers every authenticated operation may give besides its own.
COMMON_ERRORS = {401: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut, 503: ErrorOut}
