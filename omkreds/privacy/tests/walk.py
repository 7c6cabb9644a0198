"""The history walk's machinery: the write services it must reach, and `Walk`, which performs
one write and checks that the citizen's history gained an entry for it (see
test_history_walk.py)."""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import json
from pathlib import Path

from django.utils import timezone

from omkreds.lib.testing.smtp import smtp_server  # noqa: F401  (fixture)
from omkreds.privacy.history import citizen_history

SERVICE_MODULES = (
    "omkreds.access.services",
    "omkreds.privacy.informed",
    "omkreds.cti.services",
    "omkreds.meetings.services",
    "omkreds.meetings.services_invitations",
    "omkreds.meetings.services_memo",
    "omkreds.meetings.services_feedback",
    "omkreds.meetings.network_coordinator",
    "omkreds.meetings.team_map",
    "omkreds.councils.services",
    "omkreds.councils.services_room",
    "omkreds.councils.services_plan",
    "omkreds.councils.services_followup",
    "omkreds.councils.planning",
    "omkreds.networks.services",
    "omkreds.networks.overview.services",
    "omkreds.networks.overview.photos",
)
ACTOR_PARAMETERS = {"by", "author", "recorded_by", "user"}

# Write services that change no citizen's data, and why.
NOT_CITIZEN_DATA = {
    "omkreds.cti.services.fidelity_review_save": "the organisation's fidelity review",
    "omkreds.cti.services.caseload": "reads only",
    "omkreds.meetings.services_memo.actions_for_owner": "reads only",
    "omkreds.meetings.services.in_organisation": "reads only (a check the services share)",
}


def _qualified(function) -> str:
    return f"{function.__module__}.{function.__name__}"


def write_services() -> set[str]:
    found = set()
    for name in SERVICE_MODULES:
        module = importlib.import_module(name)
        for attr, function in vars(module).items():
            if attr.startswith("_") or not inspect.isfunction(function):
                continue
            if function.__module__ != name:
                continue
            parameters = inspect.signature(function).parameters
            if ACTOR_PARAMETERS & set(parameters):
                found.add(f"{name}.{attr}")
    return found


def at(days: int, hour: int = 10) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


class Walk:
    """Performs writes one after another and checks the history after each."""

    def __init__(self, cast):
        self.cast = cast
        self.problems: list[str] = []
        self.count = 0
        self.walked: set[str] = set()

    def __call__(self, function, kind: str, actor, /, *, by_label: str = "", **kwargs):
        self.walked.add(_qualified(function))
        before = {(e.at, e.kind, e.object_id) for e in citizen_history(citizen=self.cast.citizen)}
        started = timezone.now()
        result = function(**kwargs)
        ended = timezone.now()
        self.check(kind, actor, started, ended, before, who=by_label, label=_qualified(function))
        return result

    def check(self, kind, actor, started, ended, before, *, who="", label=""):
        self.count += 1
        new = [
            e
            for e in citizen_history(citizen=self.cast.citizen)
            if (e.at, e.kind, e.object_id) not in before
        ]
        matching = [e for e in new if e.kind == kind]
        if not matching:
            self.problems.append(f"{label}: no {kind!r} entry (new: {[e.kind for e in new]})")
            return
        entry = matching[0]
        if actor is not None and entry.user_id != actor.pk:
            self.problems.append(f"{label}: entry names user {entry.user_id}, not {actor.pk}")
        if actor is None and not (entry.user_label and (not who or who in entry.user_label)):
            self.problems.append(f"{label}: entry does not say who ({entry.user_label!r})")
        if not started - dt.timedelta(seconds=1) <= entry.at <= ended + dt.timedelta(seconds=1):
            self.problems.append(f"{label}: entry time {entry.at} is not the time of the change")
        if not (entry.kind_label and (entry.object_id or entry.summary)):
            self.problems.append(f"{label}: entry does not say what changed")


def write_report(walk: Walk, *, expected: set[str], missing: list[str]) -> None:
    """Figure 3 for the trust report (scripts/trust_report.py): every write attributable.
    `services_walked` must equal `services_walked_expected` there."""
    out = Path("test-report")
    out.mkdir(exist_ok=True)
    (out / "trust-change-history.json").write_text(
        json.dumps(
            {
                "writes_performed": walk.count,
                "services_walked": len(walk.walked & expected),
                "services_walked_expected": len(expected),
                "unattributed": len(walk.problems),
                "problems": walk.problems,
                "services_not_walked": missing,
            },
            indent=2,
        )
    )
