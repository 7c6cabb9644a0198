"""What the benchmark times: a registry of operations, one row of the table each.

An operation is a name, an optional `setup` that makes the data it needs (run in-process with
the Django ORM, once, before the server starts), and a function that says which request to
send. Add a row by adding a function:

    @operation("network map page", setup=make_a_map)
    def network_map(world: World) -> Call:
        return Call(f"/citizens/{world.citizen.pk}/map/")

`setup(world)` may keep what it made in `world.extra`. `as_` says who sends the request:
"anonymous" (no cookies), "session" (the worker, logged in through the login form and the
second factor) or "token" (the worker's API token).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

Who = Literal["anonymous", "session", "token"]


@dataclass
class World:
    """The data every operation may use, made by `build_world` in a fresh database."""

    organisation: Any
    team: Any
    worker: Any
    password: str
    totp_device: Any
    citizens: list[Any]
    api_token: str
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def citizen(self):
        return self.citizens[0]


@dataclass(frozen=True)
class Call:
    path: str
    method: str = "GET"
    data: dict[str, str] | None = None  # form fields, sent with the session's CSRF token
    json: Any = None
    expect: int = 200


@dataclass(frozen=True)
class Operation:
    name: str
    call: Callable[[World], Call]
    setup: Callable[[World], None] | None = None
    as_: Who = "session"


OPERATIONS: list[Operation] = []

# The trivial view every other row is compared with.
BASELINE = "healthz"


def operation(name: str, *, setup: Callable[[World], None] | None = None, as_: Who = "session"):
    def register(call: Callable[[World], Call]) -> Callable[[World], Call]:
        if any(op.name == name for op in OPERATIONS):
            raise ValueError(f"two benchmark operations are called {name!r}")
        OPERATIONS.append(Operation(name=name, call=call, setup=setup, as_=as_))
        return call

    return register


# --- The data -------------------------------------------------------------------------------

FIRST = ["Anders", "Camilla", "Mads", "Ida", "Søren", "Freja", "Jørgen", "Emma", "Lise", "Erik"]
LAST = ["Jensen", "Hansen", "Pedersen", "Andersen", "Larsen", "Rasmussen", "Thomsen", "Poulsen"]


def build_world(*, citizens: int) -> World:
    """One organisation, one team, a worker with a caseload of `citizens`, made-up names."""
    import secrets

    from django_otp.plugins.otp_totp.models import TOTPDevice

    from omkreds.accounts.models import ApiToken, Membership, Organisation, Role, Team, User
    from omkreds.citizens.models import Citizen

    organisation = Organisation.objects.create(name="Bench Kommune", default_language="da")
    team = Team.objects.create(organisation=organisation, name="Team Bench")
    password = secrets.token_urlsafe(16)
    worker = User.objects.create_user("worker@bench.invalid", password, full_name="Bea Bench")
    Membership.objects.create(user=worker, organisation=organisation, role=Role.WORKER, team=team)
    device = TOTPDevice.objects.create(user=worker, name="bench", confirmed=True)
    people = Citizen.objects.bulk_create(
        Citizen(
            organisation=organisation,
            team=team,
            name=f"{FIRST[n % len(FIRST)]} {LAST[n // len(FIRST) % len(LAST)]} {n}",
            date_of_birth=dt.date(1950 + n % 50, 1 + n % 12, 1 + n % 28),
            primary_worker=worker,
        )
        for n in range(citizens)
    )
    _, secret = ApiToken.issue(user=worker, organisation=organisation, name="bench")
    return World(
        organisation=organisation,
        team=team,
        worker=worker,
        password=password,
        totp_device=device,
        citizens=sorted(people, key=lambda c: c.name),
        api_token=secret,
    )


# --- The rows -------------------------------------------------------------------------------


@operation(BASELINE, as_="anonymous")
def healthz(world: World) -> Call:
    return Call("/healthz")


@operation("login page", as_="anonymous")
def login_page(world: World) -> Call:
    return Call("/accounts/login/")


@operation("home page")
def home_page(world: World) -> Call:
    return Call("/")


@operation("citizen page")
def citizen_page(world: World) -> Call:
    return Call(f"/citizens/{world.citizen.pk}/")


@operation("citizens API list", as_="token")
def citizens_api_list(world: World) -> Call:
    return Call("/api/v1/citizens/")
