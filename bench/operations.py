"""What the benchmark times: a registry of operations, one row of the table each.

An operation is a name, an optional `setup` that makes the data it needs (run in-process with
the Django ORM, once, before the server starts), and a function that says which request to
send. Add a row by adding a function:

    @operation("network map page", setup=make_a_map)
    def network_map(world: World) -> Call:
        return Call(f"/citizens/{world.citizen.pk}/map/")

`setup(world)` may keep what it made in `world.extra`; the call function is asked again for
every request, so it may change what it sends (a save names the version the last one made). `as_` says who sends the request:
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


# --- The network map, at 15, 150 and 500 people ---------------------------------------------

MAP_SIZES = (15, 150, 500)


def make_maps(world: World) -> None:
    """One citizen per size, each with two versions of a made-up map (for the compare row)."""
    from omkreds.networks.samples import sample_document
    from omkreds.networks.services import map_save

    if "maps" in world.extra:
        return
    world.extra["maps"] = {}
    for citizen, size in zip(world.citizens, MAP_SIZES, strict=False):
        first = map_save(
            citizen=citizen,
            author=world.worker,
            document=sample_document(size, seed=1),
            based_on=None,
        )
        second = map_save(
            citizen=citizen,
            author=world.worker,
            document=sample_document(size, seed=2),
            based_on=first.number,
        )
        world.extra["maps"][size] = {
            "citizen": citizen,
            "latest": second.number,
            "document": sample_document(size, seed=3).model_dump(mode="json"),
        }


def _map(world: World, size: int) -> dict:
    return world.extra["maps"][size]


def _map_rows(size: int) -> None:
    @operation(f"map editor page, {size} people", setup=make_maps)
    def editor_page(world: World) -> Call:
        return Call(f"/citizens/{_map(world, size)['citizen'].pk}/map/")

    @operation(f"map save, {size} people", setup=make_maps)
    def save(world: World) -> Call:
        # Each save names the version the previous one made, as the editor does.
        chosen = _map(world, size)
        based_on = chosen["latest"]
        chosen["latest"] += 1
        return Call(
            f"/api/v1/citizens/{chosen['citizen'].pk}/map/versions",
            method="POST",
            json={"document": chosen["document"], "based_on": based_on, "note": "bench"},
            expect=201,
        )

    @operation(f"map SVG, {size} people", setup=make_maps)
    def svg(world: World) -> Call:
        return Call(f"/citizens/{_map(world, size)['citizen'].pk}/map/export/svg/")

    @operation(f"map PDF A3, {size} people", setup=make_maps)
    def pdf(world: World) -> Call:
        return Call(f"/citizens/{_map(world, size)['citizen'].pk}/map/export/pdf-a3/")

    @operation(f"map compare, {size} people", setup=make_maps)
    def compare(world: World) -> Call:
        return Call(f"/citizens/{_map(world, size)['citizen'].pk}/map/compare/?a=1&b=2")


for _size in MAP_SIZES:
    _map_rows(_size)
