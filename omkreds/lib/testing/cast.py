"""The cast every test can use: one of each role, own and other organisation.

`Cast.create()` builds them; `login(client, user)` signs a user in with a verified second
factor, as a real login would leave them. Canary strings are planted in every personal field so
that tests can prove denied responses hold none of a citizen's data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from omkreds.access.models import Consent, GivenHow, Part
from omkreds.accounts.models import Membership, Organisation, Role, Team, User
from omkreds.citizens.models import CaseRole, CaseTeamMember, Citizen

PASSWORD = "correct horse battery staple"
CANARY = "CANARY-7f3a"


def canary(label: str) -> str:
    return f"{CANARY}-{label}"


def make_user(
    email: str, name: str, organisation: Organisation | None, role: str | None, team=None, **extra
) -> User:
    # Tests read English unless they choose a language: the organisations default to da/sv.
    extra.setdefault("language", "en")
    user = User.objects.create_user(email, PASSWORD, full_name=name, **extra)
    if organisation is not None and role is not None:
        Membership.objects.create(user=user, organisation=organisation, role=role, team=team)
    return user


@dataclass
class Cast:
    org: Organisation
    other_org: Organisation
    team: Team
    other_team: Team
    worker: User
    colleague: User
    lead: User
    other_lead: User
    professional: User
    professional_expired: User
    professional_withdrawn: User
    professional_without: User
    coordinator: User
    admin: User
    outsider: User
    deactivated: User
    citizen: Citizen
    colleague_citizen: Citizen
    other_team_citizen: Citizen
    outsider_citizen: Citizen
    consent: Consent

    @classmethod
    def create(cls) -> Cast:
        org = Organisation.objects.create(name="Demo Kommune", default_language="da")
        other_org = Organisation.objects.create(name="Anden Kommune", default_language="sv")
        team = Team.objects.create(organisation=org, name="Team Nord")
        other_team = Team.objects.create(organisation=org, name="Team Syd")
        people = _people(org, other_org, team, other_team)
        citizens = _citizens(org, other_org, team, other_team, people)
        consent = _consents(citizens["citizen"], people)
        return cls(
            org=org,
            other_org=other_org,
            team=team,
            other_team=other_team,
            **people,
            **citizens,
            consent=consent,
        )


def _people(org, other_org, team, other_team) -> dict[str, User]:
    """Everyone in the cast, one of each kind."""
    return {
        "worker": make_user("worker@example.org", "Wanda Worker", org, Role.WORKER, team),
        "colleague": make_user("colleague@example.org", "Carl Colleague", org, Role.WORKER, team),
        "lead": make_user("lead@example.org", "Lena Lead", org, Role.LEAD, team),
        "other_lead": make_user("otherlead@example.org", "Otto Lead", org, Role.LEAD, other_team),
        "professional": make_user("pro@example.org", "Petra Professional", org, Role.PROFESSIONAL),
        "professional_expired": make_user(
            "pro-expired@example.org", "Erik Expired", org, Role.PROFESSIONAL
        ),
        "professional_withdrawn": make_user(
            "pro-withdrawn@example.org", "Wilma Withdrawn", org, Role.PROFESSIONAL
        ),
        "professional_without": make_user(
            "pro-none@example.org", "Nils Noconsent", org, Role.PROFESSIONAL
        ),
        "coordinator": make_user(
            "coordinator@example.org", "Cora Coordinator", org, Role.COORDINATOR
        ),
        "admin": make_user("admin@example.org", "Ada Admin", org, Role.ADMIN),
        "outsider": make_user("outsider@example.net", "Olle Outsider", other_org, Role.WORKER),
        "deactivated": make_user(
            "gone@example.org", "Dag Deactivated", org, Role.WORKER, team, is_active=False
        ),
    }


def _citizens(org, other_org, team, other_team, people) -> dict[str, Citizen]:
    """The worker's citizen, a colleague's, another team's and another organisation's."""
    citizen = Citizen.objects.create(
        organisation=org,
        team=team,
        name=canary("citizen-name"),
        date_of_birth=dt.date(1987, 3, 14),
        primary_worker=people["worker"],
    )
    CaseTeamMember.objects.create(citizen=citizen, user=people["deactivated"], role=CaseRole.WORKER)
    return {
        "citizen": citizen,
        "colleague_citizen": Citizen.objects.create(
            organisation=org,
            team=team,
            name=canary("colleague-citizen"),
            primary_worker=people["colleague"],
        ),
        "other_team_citizen": Citizen.objects.create(
            organisation=org, team=other_team, name=canary("other-team-citizen")
        ),
        "outsider_citizen": Citizen.objects.create(
            organisation=other_org,
            name=canary("outsider-citizen"),
            primary_worker=people["outsider"],
        ),
    }


def _consents(citizen, people) -> Consent:
    """A consent in force for the professional (returned), one expired, one withdrawn."""
    worker = people["worker"]
    today = timezone.localdate()
    all_parts = [p.value for p in Part]
    consent = Consent.objects.create(
        citizen=citizen,
        to_user=people["professional"],
        parts=all_parts,
        purpose="Patientens team",
        given_how=GivenHow.WRITTEN,
        recorded_by=worker,
    )
    Consent.objects.create(
        citizen=citizen,
        to_user=people["professional_expired"],
        parts=all_parts,
        purpose="Expired",
        valid_from=today - dt.timedelta(days=60),
        valid_until=today - dt.timedelta(days=1),
        given_how=GivenHow.VERBAL,
        recorded_by=worker,
    )
    Consent.objects.create(
        citizen=citizen,
        to_user=people["professional_withdrawn"],
        parts=all_parts,
        purpose="Withdrawn",
        given_how=GivenHow.WRITTEN,
        recorded_by=worker,
        withdrawn_at=timezone.now(),
        withdrawn_by=worker,
    )
    return consent


def login(client, user: User, *, verified: bool = True) -> None:
    """Sign in as `user`; with `verified`, as after entering a valid second factor."""
    client.force_login(user)
    if verified:
        device, _ = TOTPDevice.objects.get_or_create(
            user=user, name="test", defaults={"confirmed": True}
        )
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session.save()
