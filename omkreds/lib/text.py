"""One line of text: single-line fields refuse control characters (issue 15, point 9).

A line break typed into a name or a place ends up in a mail body or a header of its own (a fake
"Bcc:" line), in a CSV row or a calendar file. Every single-line field refuses control
characters (line breaks, tabs, NUL, the C1 range) and the code points XML cannot carry, with one
translated message, at three layers, so that none is missed:

- the models: every `CharField` of the project's models gets `validate_one_line` among its
  validators (`guard_models`), which model forms and `full_clean` run; and a save of a project
  model with such a value is refused (`refuse_on_save`, a `pre_save` receiver), which the
  API's one exception handler answers as 422 naming the field;
- the forms: every single-line `forms.CharField` of the project's forms (not a textarea, not a
  password) gets it too (`guard_forms`, once every form is imported: omkreds/urls.py);
- the map document's own schema does the same for its one-line fields (networks/schema.py).

The validators are added to the field objects at start-up, not written into the fields'
definitions, so no migration changes.
"""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from omkreds.lib.errors import WorkflowError

LINE_FORBIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
MESSAGE = _("Use one line of ordinary text; control characters are not allowed.")
CODE = "control_characters"
# Records the code writes about a request (the access log, the change record) are never typed
# into a field, and must never fail on what a request carried (no log, no data: a 503).
UNGUARDED_APPS = {"access"}


def validate_one_line(value) -> None:
    if isinstance(value, str) and LINE_FORBIDDEN.search(value):
        raise ValidationError(MESSAGE, code=CODE)


class ControlCharacters(WorkflowError):
    """For services that write lines without a save (`bulk_create`): name the field."""

    default_message = MESSAGE


def refuse_lines(values, *, field: str) -> None:
    if any(isinstance(v, str) and LINE_FORBIDDEN.search(v) for v in values):
        raise ControlCharacters(field=field)


def _add(field, validator=validate_one_line) -> None:
    if validator not in field.validators:
        # Model fields cache `validators`; form fields keep a list of their own.
        field.validators.append(validator)


def project_models():
    from django.apps import apps

    return [m for m in apps.get_models() if m.__module__.startswith("omkreds.")]


def one_line_fields(model) -> list[models.CharField]:
    """The single-line text fields of a model: its CharFields (TextFields may hold lines)."""
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField) and not f.primary_key
    ]


def guard_models() -> None:
    for model in project_models():
        for field in one_line_fields(model):
            _add(field)


def refuse_on_save(sender, instance, raw=False, **kwargs) -> None:
    """A save with a control character in a single-line field changes nothing (the API
    answers it 422, naming the field). Fixtures (`raw`) load as they are."""
    if raw or not sender.__module__.startswith("omkreds."):
        return
    if sender._meta.app_label in UNGUARDED_APPS:
        return
    for field in one_line_fields(sender):
        value = getattr(instance, field.attname, None)
        if isinstance(value, str) and LINE_FORBIDDEN.search(value):
            raise ValidationError({field.name: [ValidationError(MESSAGE, code=CODE)]})


def is_one_line(field: forms.Field) -> bool:
    return isinstance(field, forms.CharField) and not isinstance(
        field.widget, (forms.Textarea, forms.PasswordInput, forms.HiddenInput)
    )


def project_forms() -> list[type[forms.BaseForm]]:
    found, todo = [], [forms.BaseForm]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("omkreds.") and ".tests" not in sub.__module__:
                found.append(sub)
    return found


def guard_forms() -> None:
    for form in project_forms():
        for field in getattr(form, "base_fields", {}).values():
            if is_one_line(field):
                _add(field)
