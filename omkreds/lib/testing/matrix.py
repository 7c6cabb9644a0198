"""The authorization matrix: every URL pattern × method × role, declared per app.

Each app declares its routes in `omkreds/<app>/tests/matrix.py` as a list named `ROUTES`.
The matrix test (`omkreds/access/tests/test_matrix.py`) collects them, fails when a resolver
pattern has no entry, requests each route as each role, and asserts the status, that denied
responses contain none of the citizen's canary strings, and that allowed responses with
citizen data wrote an access-log row.

Roles (keys of `Route.allowed`): see ROLES below. A role not in `allowed` must be denied:
anonymous users are sent to the login page (302) or get 401 on the API; users who have not
passed the second factor are sent to it (302) or get 401 on the API; every other role gets 404
(pages and API alike), so that out-of-reach objects look absent.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

ROLES = (
    "anonymous",
    "unverified",  # the worker, signed in with password only
    "worker",  # primary worker of cast.citizen
    "colleague",  # worker in the same team, on another case
    "lead",  # lead of cast.citizen's team
    "other_lead",  # lead of another team in the same organisation
    "coordinator",  # coordinator, not assigned to anything about cast.citizen
    "professional",  # consent in force for every part of cast.citizen
    "professional_expired",
    "professional_withdrawn",
    "professional_without",
    "admin",
    "outsider",  # worker in another organisation
    "deactivated",  # deactivated worker who was on cast.citizen's case team
)

CASE = frozenset({"worker", "lead"})
CASE_AND_SHARED = frozenset({"worker", "lead", "professional"})
ANY_SIGNED_IN = frozenset(
    {"worker", "colleague", "lead", "other_lead", "coordinator", "professional",
     "professional_expired", "professional_withdrawn", "professional_without", "admin", "outsider"}
)
PUBLIC = frozenset(ROLES) - {"deactivated"}


@dataclass(frozen=True)
class Route:
    """One URL pattern and how each role may use it.

    name: the URL name ("citizens:detail"), or the API operation path for ninja routes.
    kwargs: builds the URL kwargs from the cast (and `extra`, the objects `setup` made).
    setup: optional; makes the objects the route needs (a map version, a meeting) and returns
      a dict passed to `kwargs` and `data` as `extra`.
    method: one HTTP method per Route; declare a second Route for POST.
    data: builds the POST body (form fields, or a dict sent as JSON when `json=True`).
    allowed: roles that succeed; everyone else is denied (see module docstring).
    ok_status: the status an allowed role gets (200, or 302 after a POST that redirects).
    citizen_data: the response shows, exports or changes citizen data, so an access-log row
      must have been written for allowed roles and no canary may appear for denied ones.
    """

    name: str
    kwargs: Callable[[Any, dict], dict] = lambda cast, extra: {}
    method: str = "GET"
    allowed: frozenset[str] = CASE
    ok_status: int | tuple[int, ...] = 200
    citizen_data: bool = True
    data: Callable[[Any, dict], dict] | None = None
    json: bool = False
    setup: Callable[[Any], dict] | None = None
    api: bool = False
    notes: str = field(default="", compare=False)
