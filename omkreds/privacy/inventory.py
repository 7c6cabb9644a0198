"""The data inventory: every stored field, classified.

Each workflow app lists its own models in `omkreds/<app>/inventory.py` and registers them
(`omkreds.access.registry.register_inventory`); the ground floor's (accounts, access, privacy,
Django) are in `inventory_ground.py`. It is the basis of the records of processing (GDPR art. 30): admins see it as a table, and
`omkreds/privacy/tests/test_inventory.py` fails when a model field is missing here or an entry
names a field that no longer exists.

How to classify a field
    personal   it identifies a person or says something about one: names, e-mail addresses,
               phone numbers, dates of birth, free text about a contact, the link (foreign key
               or plain id) from a row to a citizen or a user, times that record what a named
               person did.
    sensitive  personal data that needs the most care: what is known about a citizen's life,
               health, social situation, relations and conflicts (the network map document,
               the worry behind a meeting, memos, CTI plans and notes, anything free text a
               worker writes about the citizen), and secrets that let someone act as a user
               (password hashes, token digests, second-factor keys, session data).
    none       neither: technical ids of rows that say nothing about a person on their own,
               settings, choices, counters, times of system events.
When in doubt, choose the stricter class.

Every model also has a short purpose: why the data is kept. It is shown to admins.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.utils.functional import Promise

from omkreds.access.registry import Classification, ModelEntry, inventory_entries
from omkreds.privacy.inventory_ground import INVENTORY as GROUND

__all__ = ["Classification", "ModelEntry", "entries", "fields", "rows", "stale", "unclassified"]


def entries() -> dict[str, ModelEntry]:
    """Every model's entry ("app_label.Model"): the ground floor's (`inventory_ground.py`) and
    what each workflow app registered (`omkreds/<app>/inventory.py`)."""
    return {**GROUND, **inventory_entries()}


def fields() -> dict[str, Classification]:
    """The flat mapping {"app_label.Model.field": Classification}."""
    return {
        f"{model}.{name}": classification
        for model, entry in entries().items()
        for name, classification in entry.fields.items()
    }


def model_fields() -> dict[str, list]:
    """Every installed model ("app_label.Model") and its concrete fields, in order."""
    return {
        model._meta.label: list(model._meta.concrete_fields)
        for model in apps.get_models(include_auto_created=True)
        if not model._meta.auto_created  # many-to-many link tables: ids only
    }


def unclassified() -> dict[str, list]:
    """Fields that exist but are not in the inventory, by model."""
    missing: dict[str, list] = {}
    inventory = entries()
    for label, model_fields_ in model_fields().items():
        known = inventory.get(label)
        for field in model_fields_:
            if known is None or field.name not in known.fields:
                missing.setdefault(label, []).append(field)
    return missing


def stale() -> list[str]:
    """Inventory entries ("app_label.Model.field") that name no existing field."""
    existing = {f"{label}.{f.name}" for label, found in model_fields().items() for f in found}
    return sorted(set(fields()) - existing)


def describe_missing(missing: dict[str, list]) -> str:
    """A message that says exactly what to add to an app's INVENTORY, ready to paste."""
    lines = [
        "Fields not in the data inventory. Classify each one in the INVENTORY of the model's app",
        "(omkreds/<app>/inventory.py, or omkreds/privacy/inventory_ground.py for accounts, access,",
        "privacy and Django; the rules are in omkreds/privacy/inventory.py) as P (personal),",
        "S (sensitive) or N (none):",
    ]
    inventory = entries()
    for label, fields_ in sorted(missing.items()):
        if label in inventory:
            lines.append(f'  In INVENTORY["{label}"].fields add:')
            lines += [f'      "{f.name}": ?,  # {_field_hint(f)}' for f in fields_]
        else:
            lines.append(f"  New model {label}; add to INVENTORY:")
            lines.append(f'    "{label}": ModelEntry(')
            lines.append('        _("<why the data is kept, one sentence>"),')
            lines.append("        {")
            lines += [f'            "{f.name}": ?,  # {_field_hint(f)}' for f in fields_]
            lines.append("        },")
            lines.append("    ),")
    return "\n".join(lines)


def _field_hint(field) -> str:
    kind = type(field).__name__
    target = getattr(field, "related_model", None)
    if target is not None:
        kind += f" → {target._meta.label}"
    return f"{kind} {str(field.verbose_name)!r}"


@dataclass(frozen=True)
class Row:
    model: str
    model_name: str
    purpose: str | Promise
    field: str
    field_name: str
    classification: Classification


def rows() -> list[Row]:
    """The inventory as table rows, for the admin page: model, field, class, purpose."""
    found = []
    inventory = entries()
    for label, model_fields_ in model_fields().items():
        entry = inventory.get(label)
        if entry is None:
            continue
        model = apps.get_model(label)
        for field in model_fields_:
            classification = entry.fields.get(field.name)
            if classification is None:
                continue
            found.append(
                Row(
                    model=label,
                    model_name=str(model._meta.verbose_name),
                    purpose=entry.purpose,
                    field=field.name,
                    field_name=str(field.verbose_name),
                    classification=classification,
                )
            )
    return found
