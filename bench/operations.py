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
    # Files sent as multipart/form-data, with `data` as the other fields: name → (file, bytes).
    files: dict[str, tuple[str, bytes]] | None = None
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
        # Each save names the version the previous one made and moves one person, as the
        # editor does when someone is dragged (the one moved before goes back to their place).
        chosen = _map(world, size)
        based_on = chosen["latest"]
        chosen["latest"] += 1
        people = list(chosen["document"]["contacts"])
        index = based_on % len(people)
        people[index] = {**people[index], "closeness": 1 - people[index]["closeness"]}
        return Call(
            f"/api/v1/citizens/{chosen['citizen'].pk}/map/versions",
            method="POST",
            json={
                "document": {**chosen["document"], "contacts": people},
                "based_on": based_on,
                "note": "bench",
            },
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


# --- Importing a map made elsewhere --------------------------------------------------------

IMPORT_SIZE = 500


def make_import_file(world: World) -> None:
    """A 500-person GraphML as another tool writes it (networkx): names, a group, a ring."""
    import networkx as nx

    graph = nx.gnm_random_graph(IMPORT_SIZE, 800, seed=3)
    groups = ["Familie", "Slægt", "Venner", "Arbejde/skole", "Fagpersoner"]
    for node in graph.nodes:
        graph.nodes[node].update(
            name=f"{FIRST[node % len(FIRST)]} {LAST[node // len(FIRST) % len(LAST)]}",
            group=groups[node % len(groups)],
            ring=1 + node % 3,
            phone=f"+45 {10_000_000 + node}",
        )
    for a, b in graph.edges:
        graph.edges[a, b]["weight"] = 1 + (a + b) % 5
    world.extra["import_file"] = "\n".join(nx.generate_graphml(graph)).encode()
    # Its own citizen, with no map yet.
    world.extra["import_citizen"] = world.citizens[-1]


@operation(f"map import preview, {IMPORT_SIZE}-person GraphML", setup=make_import_file)
def import_preview(world: World) -> Call:
    # The upload answers with the mapping step and the preview drawn; it keeps a draft only.
    return Call(
        f"/citizens/{world.extra['import_citizen'].pk}/map/import/",
        method="POST",
        data={},
        files={"file": ("network.graphml", world.extra["import_file"])},
    )


@operation(f"map import, mapping changed, {IMPORT_SIZE} people", setup=make_import_file)
def import_remap(world: World) -> Call:
    from omkreds.networks.imports.models import ImportDraft

    citizen = world.extra["import_citizen"]
    draft = ImportDraft.objects.filter(citizen=citizen).order_by("-created_at").first()
    if draft is None:
        raise SystemExit("map import, mapping changed: no draft (run the preview row first).")
    fields = {
        "name": "name",
        "sector": "group",
        "sector_default": "others",
        "closeness": "rings",
        "closeness_attr": "ring",
        "closer_when": "lower",
        "valence": "",
        "valence_default": "neutral",
        "relation": "",
        "phone": "phone",
        "email": "",
        "rest_in_note": "on",
    }
    return Call(f"/citizens/{citizen.pk}/map/import/{draft.pk}/", method="POST", data=fields)


# --- The network overview, at 15, 150 and 500 contacts --------------------------------------

OVERVIEW_SIZES = (15, 150, 500)


def _overview_document(size: int):
    """A made-up map whose contacts have the overview's columns filled in, as in use."""
    from omkreds.networks.samples import sample_document
    from omkreds.networks.schema import Role

    document = sample_document(size, seed=4)
    roles = list(Role)
    contacts = [
        contact.model_copy(
            update={
                "role": roles[n % len(roles)],
                "organisation": "Bench Kommune" if n % 2 else "",
                "phone_direct": f"+45 20 {n % 100:02d} {n % 97:02d} {n % 89:02d}",
                "phone_main": "+45 70 10 20 30" if n % 3 == 0 else "",
                "email": f"contact{n}@bench.invalid" if n % 2 == 0 else None,
                "address": f"Benchvej {n + 1}\n8000 Aarhus C" if n % 4 == 0 else "",
                "help_text": "Can drive to appointments and help with letters." if n % 3 else "",
                "already_active": n % 3 == 0,
                "team_member": n % 5 == 0,
            }
        )
        for n, contact in enumerate(document.contacts)
    ]
    return document.model_copy(update={"contacts": contacts})


def make_overviews(world: World) -> None:
    """One citizen per size (after the map rows' citizens), each with a filled-in overview."""
    from omkreds.networks.services import map_save

    if "overviews" in world.extra:
        return
    world.extra["overviews"] = {}
    chosen = world.citizens[len(MAP_SIZES) :]
    for citizen, size in zip(chosen, OVERVIEW_SIZES, strict=False):
        map_save(
            citizen=citizen,
            author=world.worker,
            document=_overview_document(size),
            based_on=None,
        )
        world.extra["overviews"][size] = citizen


def _overview_rows(size: int) -> None:
    @operation(f"overview page, {size} contacts", setup=make_overviews)
    def page(world: World) -> Call:
        return Call(f"/citizens/{world.extra['overviews'][size].pk}/overview/")

    @operation(f"overview PDF, {size} contacts", setup=make_overviews)
    def pdf(world: World) -> Call:
        return Call(f"/citizens/{world.extra['overviews'][size].pk}/overview/export/pdf/")


for _size in OVERVIEW_SIZES:
    _overview_rows(_size)


# --- CTI: the phase plan with 1,000 courses, a checklist page, a CTI plan PDF ----------------

PHASE_PLAN_COURSES = 1_000


def make_phase_plan(world: World) -> None:
    """1,000 more citizens, each with a CTI course held by the worker, in every phase.

    They join the worker's caseload, so a run that includes this row also has them on the
    pages that list the caseload (the home page); compare those rows with `--only`.
    """
    from omkreds.citizens.models import Citizen
    from omkreds.cti.models import CtiCourse, EndReason
    from omkreds.cti.services import planned_dates

    if "phase_plan" in world.extra:
        return
    today = dt.date.today()
    people = Citizen.objects.bulk_create(
        Citizen(
            organisation=world.organisation,
            team=world.team,
            name=f"{FIRST[n % len(FIRST)]} {LAST[n // len(FIRST) % len(LAST)]} CTI {n}",
            date_of_birth=dt.date(1960 + n % 40, 1 + n % 12, 1 + n % 28),
            primary_worker=world.worker,
        )
        for n in range(PHASE_PLAN_COURSES)
    )
    courses = []
    for n, citizen in enumerate(people):
        started = today - dt.timedelta(days=n % 400)
        plan = planned_dates(started)
        realised = {}
        for phase in (1, 2, 3):
            planned = getattr(plan, f"phase{phase}_planned_on")
            if planned <= today:
                realised[f"phase{phase}_started_on"] = planned + dt.timedelta(days=n % 9)
        realised = {k: v for k, v in realised.items() if v <= today}
        ended = {}
        if n % 10 == 0:
            ended = {"ended_on": today, "end_reason": EndReason.values[n % len(EndReason.values)]}
        courses.append(
            CtiCourse(
                citizen=citizen,
                worker=world.worker,
                started_on=started,
                created_by=world.worker,
                **plan.__dict__,
                **realised,
                **ended,
            )
        )
    CtiCourse.objects.bulk_create(courses)
    world.extra["phase_plan"] = len(courses)


@operation(f"CTI phase plan, {PHASE_PLAN_COURSES:,} courses", setup=make_phase_plan)
def cti_phase_plan(world: World) -> Call:
    return Call("/cti/phase-plan/")


def make_cti_course(world: World) -> None:
    """A course in phase 1 with every phase-1 item answered (some twice), and a CTI plan of
    three dimensions with sub-goals and contacts from a 15-person map."""
    from omkreds.cti import checklists, services
    from omkreds.cti.models import ChecklistChoice, PlanDimension
    from omkreds.networks.samples import sample_document
    from omkreds.networks.services import map_save

    if "cti_course" in world.extra:
        return
    citizen = world.citizens[len(MAP_SIZES) + len(OVERVIEW_SIZES)]
    document = sample_document(15, seed=5)
    map_save(citizen=citizen, author=world.worker, document=document, based_on=None)
    today = dt.date.today()
    course = services.course_start(
        citizen=citizen,
        worker=world.worker,
        started_on=today - dt.timedelta(days=60),
        by=world.worker,
        cap_override_reason="bench",
    )
    services.phase_shift(
        course=course, to_phase=1, on=today - dt.timedelta(days=20), by=world.worker
    )
    choices = list(ChecklistChoice.values)
    for n, item in enumerate(checklists.PHASE_CHECKLISTS[1].items):
        services.checklist_answer(
            course=course, item_key=item.key, answer=choices[n % len(choices)], by=world.worker
        )
        if n % 3 == 0:
            services.checklist_answer(
                course=course,
                item_key=item.key,
                answer=ChecklistChoice.values[0],
                note="Later",
                by=world.worker,
            )
    plan = services.plan_save(
        course=course, phase=1, by=world.worker, action_plan_reference="§ 141 plan 2026-01"
    )
    ids = [contact.id for contact in document.contacts]
    for n, dimension in enumerate(PlanDimension.values[:3]):
        row, _ = services.plan_dimension_save(
            plan=plan,
            dimension=dimension,
            by=world.worker,
            reason="The citizen has asked for help with this.",
            goal="A stable everyday life with support from the network.",
            responsibility="The CTI worker with the citizen.",
            contact_ids=ids[n * 3 : n * 3 + 3],
        )
        for step in range(3):
            subgoal = services.subgoal_add(
                dimension=row, text=f"Sub-goal {step + 1}", by=world.worker
            )
            if step == 0:
                services.subgoal_reached(subgoal=subgoal, on=today, by=world.worker)
    world.extra["cti_course"] = (citizen, course)


@operation("CTI checklist page, phase 1", setup=make_cti_course)
def cti_checklist(world: World) -> Call:
    citizen, course = world.extra["cti_course"]
    return Call(f"/citizens/{citizen.pk}/cti/{course.pk}/checklist/1/")


@operation("CTI plan PDF, 3 dimensions", setup=make_cti_course)
def cti_plan_pdf(world: World) -> Call:
    citizen, course = world.extra["cti_course"]
    return Call(f"/citizens/{citizen.pk}/cti/{course.pk}/plan/1/pdf/")


# --- Network meetings: bench/meetings.py registers its rows on import -------------------------

from bench import meetings  # noqa: E402, F401
