"""Why a workflow was refused: the one family of errors the services raise.

Each error carries a translated message and, where one field is at fault, that field's name, so
a form can show it next to the field and the API can name it. They are Django
`ValidationError`s, so `form.add_error(None, error)` places them, and the API's one exception
handler (`omkreds.lib.api.errors`) answers them as 422 (or 409, see `Refusals`), in the
caller's language, with nothing changed.

Each app names its own family (`CtiError`, `MeetingError`, …) as a subclass, and its errors
as subclasses of that, with a `default_message` and, if it is about one field, a `field`.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class WorkflowError(ValidationError):
    default_message = _("The change could not be made.")
    field: str | None = None

    def __init__(self, message=None, *, field: str | None = None, params: dict | None = None):
        self.field = field or self.field
        message = message or self.default_message
        code = type(self).__name__
        if self.field:
            super().__init__({self.field: [ValidationError(message, code=code, params=params)]})
        else:
            super().__init__(message, code=code, params=params)
        self._message = message
        self._params = params

    def __str__(self) -> str:
        """The message in the language active now."""
        return str(self._message) % self._params if self._params else str(self._message)
