"""The network council's follow-up meeting (seed 003, step 6): each proposal's status, and the
plan's network resources written back onto the map in one new version — people picked from the
map become active, people typed in by hand become new people on it, new ties are drawn.

Part of the council's workflow next to `services.py`; the same rules: keyword-only, all or
nothing, a `MeetingError` with a message when refused.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from omkreds.access.history import record_change
from omkreds.councils.errors import InvalidChoice, NotOnTheMap, PlanNotPresented
from omkreds.councils.models import (
    Council,
    CouncilStatus,
    Proposal,
    ProposalKind,
    ProposalStatus,
)
from omkreds.councils.rules import org_text, require_status
from omkreds.meetings import services
from omkreds.meetings.errors import MeetingError, NotAnInvitee
from omkreds.meetings.models import Invitee

# Where the follow-up puts a new person on the map: the middle distance, as the map editor does.
NEW_CONTACT_CLOSENESS = 0.5


def _map_contacts(document) -> dict:
    return {c.id: c for c in document.contacts if not c.safety_marker}


@transaction.atomic
def council_followup(
    *, council: Council, by, statuses: dict | None = None, activate=(), ties=(), new_contacts=None
):
    """The follow-up meeting: each proposal's status; people the plan names as resources become
    active on the map, and new ties are drawn. Returns the new map version, or None when the
    map was not changed.

    `statuses` maps proposal id → (status, note); `activate` are proposal ids whose person (an
    invitee picked from the map) becomes active; `ties` are pairs of invitee ids who now know
    each other.
    """
    require_status(council, CouncilStatus.ACKNOWLEDGEMENT, CouncilStatus.CLOSED)
    if not council.plan_presented:
        raise PlanNotPresented()
    proposals = {p.pk: p for p in council.proposals.select_related("who_invitee")}
    _statuses_write(council, by, proposals, statuses)
    activate, pairs, additions = _map_changes(council, proposals, activate, ties, new_contacts)
    version = (
        _map_write(council, by, activate, pairs, additions)
        if (activate or pairs or additions)
        else None
    )
    council.followup_done_at = timezone.now()
    council.save(update_fields=["followup_done_at", "updated_at"])
    return version


def _proposal(proposals: dict, key):
    return proposals.get(int(key)) if str(key).isdigit() else None


def _statuses_write(council: Council, by, proposals: dict, statuses) -> None:
    """Each proposal's status and note, each change in the change history."""
    rows = []
    for key, value in (statuses or {}).items():
        status, note = value if isinstance(value, (tuple, list)) else (value, "")
        proposal = _proposal(proposals, key)
        if proposal is None:
            raise InvalidChoice(field="statuses")
        if status not in ("", *ProposalStatus.values):
            raise InvalidChoice(field="statuses")
        note = services.clean_text(note, "status_note", limit=500)
        if (proposal.status, proposal.status_note) != (status, note):
            proposal.status = status
            proposal.status_note = note
            rows.append(proposal)
    Proposal.objects.bulk_update(rows, ["status", "status_note"])
    record_change(
        citizen=council.citizen_id,
        by=by,
        kind="council_followup",
        obj=council,
        summary=str(len(rows)),
    )
    for proposal in rows:
        # Each status in the change history: which proposal, how far it came, the note.
        label = org_text(
            council, lambda p=proposal: str(dict(ProposalStatus.choices).get(p.status, "—"))
        )
        summary = f"{proposal.what[:200]}: {label}"
        if proposal.status_note:
            summary += f" ({proposal.status_note})"
        record_change(
            citizen=council.citizen_id,
            by=by,
            kind="council_followup",
            obj=proposal,
            summary=summary[:500],
        )


def _map_changes(council: Council, proposals: dict, activate, ties, new_contacts):
    """The checked changes to the map: proposals whose person becomes active, pairs of
    invitees who now know each other, and (proposal, sector) for people to add."""
    activate = [_proposal(proposals, k) for k in activate or ()]
    if None in activate:
        raise InvalidChoice(field="activate")
    invitees = {i.pk: i for i in council.meeting.invitees.all()}
    pairs = []
    for pair in ties or ():
        try:
            a, b = (invitees[int(x)] for x in pair)
        except (KeyError, TypeError, ValueError):
            raise NotAnInvitee(field="ties") from None
        if a.pk != b.pk:
            pairs.append((a, b))
    additions = []
    for key, sector in (new_contacts or {}).items():
        proposal = _proposal(proposals, key)
        if proposal is None or not followup_may_add_to_map(proposal):
            raise InvalidChoice(field="new_contacts")
        additions.append((proposal, sector))
    return activate, pairs, additions


def _map_write(council: Council, by, activate, pairs, additions):
    """The changes written onto the map as one new version."""
    from omkreds.networks.schema import DocumentInvalid, Tie
    from omkreds.networks.services import MapConflict, map_document, map_latest, map_save

    document = map_document(citizen=council.citizen)
    latest = map_latest(citizen=council.citizen)
    contacts = _map_contacts(document)

    def contact_of(invitee):
        if invitee is None or invitee.contact_id not in contacts:
            raise NotOnTheMap(params={"name": invitee.name if invitee else "?"})
        return contacts[invitee.contact_id]

    for proposal in activate:
        contact = contact_of(proposal.who_invitee)
        contact.already_active = True
        if proposal.what not in contact.help_text:
            contact.help_text = "\n".join(t for t in (contact.help_text, proposal.what) if t)[:4000]
    known = {t.pair for t in document.ties}
    for a, b in pairs:
        tie = Tie(a=contact_of(a).id, b=contact_of(b).id)
        if tie.pair not in known:
            document.ties.append(tie)
            known.add(tie.pair)
    added = _add_contacts(council, document, additions)
    note = org_text(council, lambda: gettext("After the network council's follow-up meeting"))
    try:
        version = map_save(
            citizen=council.citizen,
            author=by,
            document=document,
            based_on=latest.number if latest else None,
            note=note,
        )
    except (DocumentInvalid, MapConflict):
        raise MeetingError(
            gettext("The map could not be updated. Reload the page and try again.")
        ) from None
    for invitee, contact_id in added:
        # The invitee typed in by hand is now the person on the map.
        Invitee.objects.filter(pk=invitee.pk).update(contact_id=contact_id)
    return version


def followup_sectors(*, council: Council) -> list[tuple[str, str]]:
    """The sectors of the main person's map, to choose where a new person goes."""
    from omkreds.networks import sectors
    from omkreds.networks.services import map_document

    document = map_document(citizen=council.citizen)
    sector_set = sectors.get_sector_set(
        document.sector_set, organisation=council.citizen.organisation
    )
    if sector_set is None:
        return []
    language = translation.get_language()
    return [(s.key, s.label(language)) for s in sector_set.sectors]


def followup_may_add_to_map(proposal: Proposal) -> bool:
    """A resource the plan names, typed in by hand (not picked from the map)."""
    invitee = proposal.who_invitee
    return (
        proposal.kind == ProposalKind.RESOURCES
        and bool(proposal.who_label.strip())
        and not (invitee is not None and invitee.contact_id)
    )


def _add_contacts(council: Council, document, additions) -> list[tuple[Invitee, str]]:
    """New people on the map, each in the sector the worker chose, at the middle distance, in
    the middle of their sector, marked active, with what they will do as their help."""
    from pydantic import ValidationError as PydanticError

    from omkreds.networks import geometry, sectors
    from omkreds.networks.schema import Contact

    if not additions:
        return []
    sector_set = sectors.get_sector_set(
        document.sector_set, organisation=council.citizen.organisation
    )
    if sector_set is None:
        raise InvalidChoice(field="new_contacts")
    names = {c.name.casefold() for c in document.contacts}
    linked = []
    for proposal, sector in additions:
        index = sector_set.index(sector) if isinstance(sector, str) else -1
        if index < 0:
            raise InvalidChoice(field="new_contacts")
        name = proposal.who_label.strip()[:200]
        if name.casefold() in names:
            continue  # already drawn (by hand since the council, or twice in the plan)
        names.add(name.casefold())
        start, end = geometry.sector_span(index, len(sector_set.sectors))
        invitee = proposal.who_invitee
        try:
            contact = Contact(
                name=name,
                sector=sector,
                closeness=NEW_CONTACT_CLOSENESS,
                angle=round((start + end) / 2, 2) % 360,
                relation=(invitee.relation if invitee else "")[:200],
                help_text=proposal.what,
                already_active=True,
            )
        except PydanticError:
            raise MeetingError(
                gettext("%(name)s cannot be drawn on the map as written.") % {"name": name},
                field="new_contacts",
            ) from None
        document.contacts.append(contact)
        if invitee is not None:
            linked.append((invitee, contact.id))
    return linked
