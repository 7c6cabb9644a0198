"""Load a small, realistic demo: two organisations, one user for every role, a dozen citizens.

Safe to run twice: it does nothing when the demo organisation already exists (use --reset to
delete the demo and load it afresh). Every demo account has is_demo=True and the shared demo
password, so the command refuses to run with DEBUG off unless told --force.
"""

import datetime as dt

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone

from omkreds.access import services
from omkreds.access.models import Consent, GivenHow, Part
from omkreds.accounts.models import CitizenTerm, Membership, Organisation, Role, Team, User
from omkreds.citizens.models import CaseRole, CaseTeamMember, Citizen, CitizenStatus
from omkreds.cti import checklists
from omkreds.cti.fidelity import fidelity_review_save
from omkreds.cti.models import ChecklistChoice, FidelityChoice, FidelityReview
from omkreds.cti.services import checklist_answer, course_start, phase_shift
from omkreds.meetings.services import meeting_decide, meeting_schedule
from omkreds.meetings.services_invitations import invitee_add
from omkreds.networks.samples import sample_document
from omkreds.networks.services import map_save

DEMO_ORG = "Demo Kommune"
OTHER_ORG = "Anden Kommune"

# e-mail, full name, organisation key, role, in the team
USERS = [
    ("worker@demo.omkreds.dk", "Mette Sørensen", "demo", Role.WORKER, True),
    ("worker2@demo.omkreds.dk", "Jonas Nielsen", "demo", Role.WORKER, True),
    ("lead@demo.omkreds.dk", "Hanne Kristensen", "demo", Role.LEAD, True),
    ("coordinator@demo.omkreds.dk", "Peter Holm", "demo", Role.COORDINATOR, False),
    ("professional@demo.omkreds.dk", "Sofie Lund", "demo", Role.PROFESSIONAL, False),
    ("admin@demo.omkreds.dk", "Lars Møller", "demo", Role.ADMIN, False),
    ("outsider@anden.omkreds.dk", "Karin Lindqvist", "other", Role.WORKER, True),
]

# name, date of birth, organisation key, primary worker, status
CITIZENS = [
    ("Anders Jensen", dt.date(1979, 4, 12), "demo", "worker@demo.omkreds.dk", CitizenStatus.ACTIVE),
    ("Camilla Hansen", dt.date(1992, 9, 3), "demo", "worker@demo.omkreds.dk", CitizenStatus.ACTIVE),
    ("Mads Pedersen", dt.date(1985, 1, 27), "demo", "worker@demo.omkreds.dk", CitizenStatus.ACTIVE),
    ("Ida Andersen", dt.date(2001, 6, 18), "demo", "worker@demo.omkreds.dk", CitizenStatus.ACTIVE),
    ("Søren Larsen", dt.date(1968, 11, 30), "demo", "worker@demo.omkreds.dk", CitizenStatus.CLOSED),
    (
        "Freja Rasmussen",
        dt.date(1997, 2, 9),
        "demo",
        "worker2@demo.omkreds.dk",
        CitizenStatus.ACTIVE,
    ),
    (
        "Jørgen Thomsen",
        dt.date(1959, 8, 14),
        "demo",
        "worker2@demo.omkreds.dk",
        CitizenStatus.ACTIVE,
    ),
    ("Emma Poulsen", dt.date(1988, 12, 1), "demo", "worker2@demo.omkreds.dk", CitizenStatus.ACTIVE),
    ("Lise Mortensen", dt.date(1974, 5, 22), "demo", "", CitizenStatus.ACTIVE),
    (
        "Erik Johansson",
        dt.date(1981, 3, 5),
        "other",
        "outsider@anden.omkreds.dk",
        CitizenStatus.ACTIVE,
    ),
    (
        "Maja Karlsson",
        dt.date(1995, 7, 16),
        "other",
        "outsider@anden.omkreds.dk",
        CitizenStatus.ACTIVE,
    ),
    (
        "Lars Nilsson",
        dt.date(1966, 10, 8),
        "other",
        "outsider@anden.omkreds.dk",
        CitizenStatus.ACTIVE,
    ),
]

EMAILS = [email for email, *_ in USERS]


class Command(BaseCommand):
    help = "Load the demo organisations, users and citizens (does nothing if they exist)."

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="Delete the demo data first.")
        parser.add_argument("--force", action="store_true", help="Run even with DEBUG off.")

    def handle(self, *args, reset: bool, force: bool, **options):
        if not (settings.DEBUG or force):
            raise CommandError(
                "The demo creates accounts with a published password; run it with DEBUG=1 "
                "(or --force if you really mean to)."
            )
        if reset:
            self._reset()
        if Organisation.objects.filter(name=DEMO_ORG).exists():
            self.stdout.write(
                "The demo is already loaded; nothing changed (use --reset to reload)."
            )
            return
        if User.objects.filter(email__in=EMAILS).exists():
            raise CommandError("Some demo e-mail addresses are already in use; use --reset.")
        with transaction.atomic():
            self._load()
        self._print_logins()

    def _reset(self) -> None:
        organisations = Organisation.objects.filter(name__in=[DEMO_ORG, OTHER_ORG])
        users = User.objects.filter(email__in=EMAILS, is_demo=True)
        try:
            with transaction.atomic():
                citizens = Citizen.objects.filter(organisation__in=organisations)
                Consent.objects.filter(citizen__in=citizens).delete()
                citizens.delete()
                # The lead's fidelity reviews keep their lead (PROTECT): they go first.
                FidelityReview.objects.filter(organisation__in=organisations).delete()
                users.delete()
                organisations.delete()
        except ProtectedError as exc:
            raise CommandError(
                f"The demo data is referenced elsewhere and cannot be reset: {exc}"
            ) from exc
        self.stdout.write("Demo data deleted.")

    def _load(self) -> None:
        today = timezone.localdate()
        demo = Organisation.objects.create(
            name=DEMO_ORG, default_language="da", citizen_term=CitizenTerm.CITIZEN
        )
        other = Organisation.objects.create(
            name=OTHER_ORG, default_language="sv", citizen_term=CitizenTerm.CLIENT
        )
        organisations = {"demo": demo, "other": other}
        teams = {
            "demo": Team.objects.create(organisation=demo, name="CTI-teamet"),
            "other": Team.objects.create(organisation=other, name="Nätverksteamet"),
        }
        users: dict[str, User] = {}
        for email, name, org_key, role, in_team in USERS:
            user = User.objects.create_user(
                email,
                settings.DEMO_MODE_PASSWORD,
                full_name=name,
                is_demo=True,
                language=organisations[org_key].default_language,
            )
            Membership.objects.create(
                user=user,
                organisation=organisations[org_key],
                role=role,
                team=teams[org_key] if in_team else None,
            )
            users[email] = user

        citizens: dict[str, Citizen] = {}
        for name, born, org_key, worker_email, status in CITIZENS:
            citizens[name] = Citizen.objects.create(
                organisation=organisations[org_key],
                team=teams[org_key],
                name=name,
                date_of_birth=born,
                primary_worker=users.get(worker_email),
                status=status,
                closed_on=today - dt.timedelta(days=40) if status == CitizenStatus.CLOSED else None,
            )

        worker, worker2 = users["worker@demo.omkreds.dk"], users["worker2@demo.omkreds.dk"]
        lead = users["lead@demo.omkreds.dk"]
        team_rows = [
            (citizens["Anders Jensen"], worker2, CaseRole.CTI_WORKER, 120, None),
            (citizens["Anders Jensen"], lead, CaseRole.LEAD, 120, None),
            (citizens["Camilla Hansen"], worker2, CaseRole.WORKER, 60, None),
            (citizens["Mads Pedersen"], worker2, CaseRole.CTI_WORKER, 200, 30),
            (citizens["Freja Rasmussen"], worker, CaseRole.CTI_WORKER, 90, None),
            (citizens["Lise Mortensen"], worker, CaseRole.WORKER, 10, None),
            (
                citizens["Erik Johansson"],
                users["outsider@anden.omkreds.dk"],
                CaseRole.WORKER,
                30,
                None,
            ),
        ]
        for citizen, user, role, started_days_ago, ended_days_ago in team_rows:
            CaseTeamMember.objects.create(
                citizen=citizen,
                user=user,
                role=role,
                starts_on=today - dt.timedelta(days=started_days_ago),
                ends_on=today - dt.timedelta(days=ended_days_ago) if ended_days_ago else None,
            )

        _consents(citizens, users, other, today)
        _maps(citizens, worker)
        _planned_meeting(citizens["Anders Jensen"], worker)
        _cti_courses(citizens, worker, worker2, today)
        _fidelity_review(demo, teams["demo"], lead, today)

    def _print_logins(self) -> None:
        self.stdout.write(self.style.SUCCESS("Demo loaded. Log in with any of these:"))
        for email, name, _org, role, _team in USERS:
            self.stdout.write(f"  {email:<32} {Role(role).label!s:<15} {name}")
        self.stdout.write(f"Password for all: {settings.DEMO_MODE_PASSWORD}")


def _consents(citizens, users, other, today) -> None:
    """Consents in force for a professional and for another organisation, one withdrawn."""
    worker, worker2 = users["worker@demo.omkreds.dk"], users["worker2@demo.omkreds.dk"]
    professional = users["professional@demo.omkreds.dk"]
    services.consent_record(
        citizen=citizens["Anders Jensen"],
        recorded_by=worker,
        to_user=professional,
        parts=[Part.MAP, Part.OVERVIEW, Part.MEETINGS],
        purpose="Samarbejde i Patientens team om udskrivning og netværksmøder",
        given_how=GivenHow.WRITTEN,
        valid_from=today - dt.timedelta(days=30),
        valid_until=today + dt.timedelta(days=335),
    )
    services.consent_record(
        citizen=citizens["Camilla Hansen"],
        recorded_by=worker,
        to_user=professional,
        parts=[Part.MAP],
        purpose="Forberedelse af netværksmøde",
        given_how=GivenHow.VERBAL,
        valid_from=today - dt.timedelta(days=60),
        valid_until=today + dt.timedelta(days=20),
    )
    services.consent_record(
        citizen=citizens["Freja Rasmussen"],
        recorded_by=worker2,
        to_organisation=other,
        parts=[Part.OVERVIEW],
        purpose="Flytning til Anden Kommune",
        given_how=GivenHow.WRITTEN,
    )
    withdrawn = services.consent_record(
        citizen=citizens["Mads Pedersen"],
        recorded_by=worker,
        to_user=professional,
        parts=[Part.MAP, Part.CTI],
        purpose="Samarbejde med psykiatrien",
        given_how=GivenHow.WRITTEN,
        valid_from=today - dt.timedelta(days=90),
    )
    services.consent_withdraw(consent=withdrawn, by=worker)


# A year of a map's life: (days ago, what changed, note). Each step moves one person.
MAP_HISTORY = [
    (330, None, "Tegnet sammen med borgeren"),
    (240, ("away", 0.35), "Kontakten til familien er gledet ud"),
    (150, ("closer", -0.4), "Opdateret efter netværksmødet"),
    (45, ("closer", -0.2), "Aftalt med borgeren: flere fra netværket på banen"),
]


def _with_contact_details(document: dict) -> dict:
    """Every person on the demo maps can be called, written to and invited."""
    for number, contact in enumerate(document["contacts"]):
        slug = "".join(ch for ch in contact["name"].lower() if ch.isascii() and ch.isalnum())
        slug = f"{slug or 'person'}{number}"
        contact["phone_direct"] = (
            contact.get("phone_direct") or f"+45 20 {number:02d} 41 {70 + number % 30:02d}"
        )
        contact["email"] = contact.get("email") or f"{slug}@example.dk"
        contact["address"] = contact.get("address") or f"Demovej {number + 1}, 8000 Aarhus C"
    return document


def _maps(citizens, worker) -> None:
    # Network maps with a year of history (dated versions in which people move closer and
    # away), so the map, overview, compare and figures-over-time pages have something to show.
    # Made-up people from the benchmark samples, with contact details.
    now = timezone.now()
    for number, name in enumerate(["Anders Jensen", "Camilla Hansen", "Freja Rasmussen"]):
        citizen = citizens[name]
        document = _with_contact_details(
            sample_document(9 + 3 * number, seed=number).model_dump(mode="json")
        )
        based_on = None
        for step, (days_ago, move, note) in enumerate(MAP_HISTORY):
            if move is not None:
                trend, change = move
                moved = document["contacts"][step % len(document["contacts"])]
                moved["closeness"] = round(min(1.0, max(0.0, moved["closeness"] + change)), 3)
                moved["trend"] = trend
            version = map_save(
                citizen=citizen, author=worker, document=document, based_on=based_on, note=note
            )
            # Versions are never rewritten; only the demo dates them back, in one update.
            type(version).objects.filter(pk=version.pk).update(
                created_at=now - dt.timedelta(days=days_ago)
            )
            based_on = version.number


def _planned_meeting(citizen, worker) -> None:
    """A network meeting decided and scheduled for next month, with three people from the map
    invited (the invitations are not sent: the worker sends them in the demo)."""
    meeting = meeting_decide(
        citizen=citizen,
        by=worker,
        concern="Anders er bange for at stå alene, når han flytter i egen bolig.",
        goal="En aftale om, hvem der hjælper med hvad de første tre måneder.",
        questions=["Hvem kan være der om aftenen?", "Hvem hjælper med økonomien?"],
        why_not_own_tools="Opgaverne går på tværs af familie, venner og kommunen.",
    )
    starts = (timezone.now() + dt.timedelta(days=24)).replace(
        hour=10, minute=0, second=0, microsecond=0
    )
    meeting_schedule(
        meeting=meeting,
        by=worker,
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2),
        place="Borgerservice, mødelokale 2",
    )
    latest = citizen.network_map.versions.order_by("-number").first().parsed()
    for contact in latest.contacts[:3]:
        invitee_add(meeting=meeting, by=worker, contact_id=contact.id)


# CTI courses, one in each phase: citizen, worker key, days since the start, then the days
# since each phase shift (phase 1, 2, 3) that has happened.
CTI_COURSES = [
    ("Ida Andersen", "worker", 12, ()),
    ("Mads Pedersen", "worker", 80, (50,)),
    ("Freja Rasmussen", "worker2", 200, (170, 90)),
    ("Anders Jensen", "worker2", 300, (270, 180, 60)),
]


def _cti_courses(citizens, worker, worker2, today) -> None:
    """A course in the contact period and one in each phase, with the current phase's
    checklist partly answered (two items yes, one no)."""
    workers = {"worker": worker, "worker2": worker2}
    for name, worker_key, started, shifts in CTI_COURSES:
        by = workers[worker_key]
        course = course_start(
            citizen=citizens[name],
            worker=by,
            started_on=today - dt.timedelta(days=started),
            by=by,
        )
        for phase, days_ago in enumerate(shifts, start=1):
            phase_shift(
                course=course, to_phase=phase, on=today - dt.timedelta(days=days_ago), by=by
            )
        checklist = checklists.PHASE_CHECKLISTS.get(len(shifts))
        if checklist is None:
            continue
        answers = [ChecklistChoice.YES, ChecklistChoice.YES, ChecklistChoice.NO]
        for item, answer in zip(checklist.items, answers, strict=False):
            checklist_answer(course=course, item_key=item.key, answer=answer, by=by)


def _fidelity_review(organisation, team, lead, today) -> None:
    """The lead's fidelity review of the team a month ago: mostly yes, one no, one not known."""
    choices = [FidelityChoice.YES] * 3 + [FidelityChoice.NO, FidelityChoice.DONT_KNOW]
    answers = {
        item.key: choices[number % len(choices)]
        for number, item in enumerate(checklists.FIDELITY.items)
    }
    fidelity_review_save(
        organisation=organisation,
        team=team,
        reviewed_on=today - dt.timedelta(days=30),
        lead=lead,
        answers=answers,
        note="Gennemgået på teammødet.",
    )
