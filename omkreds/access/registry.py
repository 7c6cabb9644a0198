"""What each workflow app contributes to the privacy duties, registered from below.

The privacy app (`omkreds/privacy/`) stands on top of every workflow: the citizen's change
history, the insight export (GDPR art. 15), retention and the data inventory cover the data of
all of them. It does not import them to find that data; each app registers here, in its
`AppConfig.ready()` (or a module it imports there), what it holds:

- *history*: the labels of the `ChangeRecord` kinds its services write (`record_change`), and
  a source of entries read from rows that keep their own author and time (map versions, CTI
  course events);
- *insight*: a part of the export, a function of the citizen returning `{key: JSON-ready data}`;
- *retention*: rows that must go before a closed case's citizen row is deleted (a council
  protects its meeting), and a sweep that prunes what no longer belongs to any case;
- *inventory*: the classification of every field of its models (`ModelEntry`).

This module imports no app: the apps import it. The privacy app reads it; so do tests.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# --- History ------------------------------------------------------------------------------------

_kind_labels: dict[str, str | Promise] = {}
_history_sources: list[Callable[[Any], Iterable[Entry]]] = []


@dataclass(frozen=True)
class Entry:
    """One change in a citizen's history."""

    at: dt.datetime
    user_id: int | None
    user_label: str
    kind: str
    object_type: str
    object_id: str
    summary: str

    @property
    def kind_label(self) -> str:
        return str(_kind_labels.get(self.kind, self.kind))


def register_history_kinds(labels: dict[str, str | Promise]) -> None:
    """Name the kinds of change an app's services record (`access.history.record_change`)."""
    _kind_labels.update(labels)


def register_history_source(source: Callable[[Any], Iterable[Entry]]) -> None:
    """A function of the citizen returning entries read from rows of the app's own. It must
    answer in a fixed number of queries."""
    if source not in _history_sources:
        _history_sources.append(source)


def history_kinds() -> dict[str, str | Promise]:
    return dict(_kind_labels)


def history_sources() -> list[Callable[[Any], Iterable[Entry]]]:
    return list(_history_sources)


def user_label(user) -> str:
    """How a history entry names the person who made a change."""
    if user is None:
        return _("(deleted user)")
    return getattr(user, "full_name", "") or getattr(user, "email", "") or str(user)


# --- Insight ------------------------------------------------------------------------------------

_insight_parts: list[Callable[[Any], dict[str, Any]]] = []

# Fields never exported: secrets that let someone act, not data about the citizen.
SECRET_FIELDS = {"token_nonce", "room_code_hash", "room_device_hash"}


def register_insight_part(part: Callable[[Any], dict[str, Any]]) -> None:
    """A function of the citizen returning `{key: data}` for the insight export; the data
    JSON-ready (see `export_row`) and without secrets or safety-marked people."""
    if part not in _insight_parts:
        _insight_parts.append(part)


def insight_parts() -> list[Callable[[Any], dict[str, Any]]]:
    return list(_insight_parts)


_insight_files: list[Callable[[Any], Iterable[tuple[str, Callable[[], bytes]]]]] = []


def register_insight_files(source: Callable[[Any], Iterable[tuple[str, Callable[[], bytes]]]]):
    """A function of the citizen giving the files the insight export holds beside its JSON (the
    scans of paper maps): (name in the archive, a function reading the file's bytes), one file
    read at a time."""
    if source not in _insight_files:
        _insight_files.append(source)


def insight_files() -> list[Callable[[Any], Iterable[tuple[str, Callable[[], bytes]]]]]:
    return list(_insight_files)


def _value(value):
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, (uuid.UUID, Decimal)):
        return str(value)
    return value


def export_row(obj: models.Model) -> dict:
    """All concrete fields of a row, JSON-ready; a foreign key as the id it holds; secrets left
    out."""
    return {
        f.name: _value(getattr(obj, f.attname))
        for f in obj._meta.concrete_fields
        if f.name not in SECRET_FIELDS
    }


# --- Retention ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RetentionRule:
    """What an app adds to the retention job.

    `before_cases(citizen_ids)` returns a queryset of rows to delete before the citizens of
    those (closed, due) cases, for rows that protect something hanging on the citizen;
    `sweep()` runs after the deletions and returns the rows it deleted, by model label.
    """

    before_cases: Callable[[list], models.QuerySet] | None = None
    sweep: Callable[[], dict[str, int]] | None = None


_retention_rules: list[RetentionRule] = []


def register_retention(rule: RetentionRule) -> None:
    if rule not in _retention_rules:
        _retention_rules.append(rule)


def retention_rules() -> list[RetentionRule]:
    return list(_retention_rules)


# --- Inventory ----------------------------------------------------------------------------------


class Classification(models.TextChoices):
    PERSONAL = "personal", gettext_lazy("personal")
    SENSITIVE = "sensitive", gettext_lazy("sensitive")
    NONE = "none", gettext_lazy("not personal")


@dataclass(frozen=True)
class ModelEntry:
    purpose: str | Promise
    fields: dict[str, Classification]


_inventory: dict[str, ModelEntry] = {}


def register_inventory(entries: dict[str, ModelEntry]) -> None:
    """The app's models, by label ("networks.MapVersion"), each with its purpose and the class
    of every field (how to classify: `omkreds/privacy/inventory.py`)."""
    _inventory.update(entries)


def inventory_entries() -> dict[str, ModelEntry]:
    return dict(_inventory)
