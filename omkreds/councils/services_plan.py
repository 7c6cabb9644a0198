"""The council's step 3 and its close: the plan presented and answered, the council closed with
a follow-up meeting set up for the main person's employee, and the plan shared by e-mail."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from omkreds.access.history import record_change
from omkreds.councils import documents as documents_council
from omkreds.councils.errors import (
    FollowupBeforeCouncil,
    InvalidChoice,
    NoProposals,
    PlanNotPresented,
    PrivateNotEnded,
    ReasonRequired,
    UnansweredProposals,
)
from omkreds.councils.models import (
    Council,
    CouncilStatus,
    Proposal,
    ProposalAnswer,
)
from omkreds.councils.rules import lock_step, org_text, require_status
from omkreds.meetings import delivery, services
from omkreds.meetings.errors import MeetingError, NotAnInvitee, Required
from omkreds.meetings.models import LONG_TEXT, Invitee, Meeting, MeetingStatus
from omkreds.meetings.models_delivery import Document


@transaction.atomic
def plan_present(*, council: Council, by, presented_by: str = "") -> Council:
    """Step 3: a representative of the network presents the plan. Only after step 2 ended."""
    lock_step(council)
    if council.status in (CouncilStatus.PREPARING, CouncilStatus.INFORMATION) or (
        council.status == CouncilStatus.PRIVATE
    ):
        raise PrivateNotEnded()
    require_status(council, CouncilStatus.ACKNOWLEDGEMENT)
    if council.plan_presented:
        return council
    if not council.proposals.exists():
        raise NoProposals()
    council.presented_by = services.clean_text(presented_by, "presented_by", limit=200)
    council.presented_at = timezone.now()
    council.save()
    record_change(
        citizen=council.citizen_id,
        by=by,
        kind="plan_present",
        obj=council,
        summary=council.presented_by,
    )
    return council


@transaction.atomic
def proposal_answer(
    *, proposal: Proposal, by, answer: str, reason: str = "", responsible: str = ""
) -> Proposal:
    """The responsible party's answer: accepted, needs clarification, or not possible (why)."""
    council = proposal.council
    if not council.plan_presented:
        raise PlanNotPresented()
    require_status(council, CouncilStatus.ACKNOWLEDGEMENT)
    if answer not in ProposalAnswer.values:
        raise InvalidChoice(field="answer")
    reason = services.clean_text(reason, "answer_reason", limit=500)
    if answer == ProposalAnswer.NOT_POSSIBLE and not reason:
        raise ReasonRequired()
    proposal.answer = answer
    proposal.answer_reason = reason
    proposal.responsible = (
        services.clean_text(responsible, "responsible", limit=200) or proposal.responsible
    )
    proposal.answered_at = timezone.now()
    proposal.save()
    record_change(
        citizen=council.citizen_id, by=by, kind="proposal_answer", obj=proposal, summary=answer
    )
    return proposal


@transaction.atomic
def council_close(*, council: Council, by, next_steps: str = "", followup_at=None) -> Council:
    """The participants agree what happens from here and set a follow-up meeting. The
    coordinator's reach ends here. A second press waits for the first and is refused."""
    lock_step(council)
    require_status(council, CouncilStatus.ACKNOWLEDGEMENT)
    if not council.plan_presented:
        raise PlanNotPresented()
    unanswered = council.proposals.filter(answer="").count()
    if unanswered:
        raise UnansweredProposals(params={"count": unanswered})
    if followup_at is None:
        raise Required(field="followup_at")
    followup_at = services.aware_time(followup_at, "followup_at")
    if council.meeting.starts_at and followup_at <= council.meeting.starts_at:
        raise FollowupBeforeCouncil()
    council.next_steps = services.clean_text(next_steps, "next_steps", limit=LONG_TEXT)
    council.followup_at = followup_at
    council.status = CouncilStatus.CLOSED
    council.closed_at = timezone.now()
    council.save()
    Meeting.objects.filter(pk=council.meeting_id).exclude(status=MeetingStatus.CANCELLED).update(
        status=MeetingStatus.CLOSED, updated_at=timezone.now()
    )
    record_change(citizen=council.citizen_id, by=by, kind="council_close", obj=council)
    _followup_meeting(council)
    return council


def _followup_meeting(council: Council) -> Meeting:
    """The follow-up meeting agreed, set up as a network meeting of the main person's employee:
    the same people and place, a question per proposal still to be done. It is invited from
    the meetings' pages like any other."""
    meeting = council.meeting
    proposals = list(council.proposals.in_order().exclude(answer=ProposalAnswer.NOT_POSSIBLE))

    def texts():
        questions = [gettext("What has happened since the network council?")]
        questions += [
            gettext("How is it going: %(what)s (%(who)s)?")
            % {"what": p.what, "who": p.who_label or p.responsible or "—"}
            for p in proposals
        ]
        return (
            gettext("Follow-up on the network council"),
            gettext("Go through the personal plan: how far has each proposal come?"),
            [q[:500] for q in questions[: services.MAX_QUESTIONS]],
        )

    concern, goal, questions = org_text(council, texts)
    followup = services.meeting_decide(
        citizen=council.citizen,
        by=council.employee,
        concern=concern,
        goal=goal,
        questions=questions,
        follows=meeting,
    )
    length = (meeting.ends_at - meeting.starts_at) if meeting.starts_at else dt.timedelta(hours=2)
    Meeting.objects.filter(pk=followup.pk).update(
        starts_at=council.followup_at,
        ends_at=council.followup_at + min(length, dt.timedelta(hours=2)),
        place=meeting.place,
    )
    fields = (
        "name",
        "kind",
        "relation",
        "contact_id",
        "user",
        "email",
        "phone",
        "postal_address",
        "language",
        "channel",
        "receives_memo",
    )
    Invitee.objects.bulk_create(
        Invitee(meeting=followup, **{name: getattr(i, name) for name in fields})
        for i in meeting.invitees.all()
    )
    return followup


# --- The plan shared, and the follow-up --------------------------------------------------------


def plan_share(*, council: Council, by, invitee_ids) -> delivery.Outcome:
    """Send the plan (PDF in the main person's language) to the participants the main person
    agrees may have it, each by their channel: e-mailed, a letter for the print pack, or a
    call. Marks them, so a later sharing goes to the same people; nobody gets the same plan
    twice."""
    if not council.plan_presented:
        raise PlanNotPresented()
    try:
        wanted = {int(i) for i in invitee_ids or []}
    except (TypeError, ValueError):
        raise NotAnInvitee(field="recipients") from None
    invitees = list(council.meeting.invitees.filter(pk__in=wanted).in_order())
    if len(invitees) != len(wanted):
        raise NotAnInvitee(field="recipients")
    if not invitees:
        raise MeetingError(gettext("Choose at least one participant."), field="recipients")
    council.meeting.invitees.update(receives_memo=False)
    Invitee.objects.filter(pk__in=[i.pk for i in invitees]).update(receives_memo=True)
    outcome = delivery.deliveries_send(
        meeting=council.meeting,
        invitees=invitees,
        document=Document.PLAN,
        version=council.presented_at.isoformat(),
    )
    record_change(
        citizen=council.citizen_id,
        by=by,
        kind="plan_share",
        obj=council,
        summary=str(len(outcome.planned)),
    )
    return outcome


def plan_mail(row) -> object:
    """The plan's e-mail for one delivery (registered with the meetings' mail task)."""
    council = Council.objects.select_related("meeting__citizen__organisation").get(
        meeting_id=row.meeting_id
    )
    invitee = council.meeting.invitees.get(pk=row.invitee_id)
    return documents_council.plan_message(council, invitee, pdf=documents_council.plan_pdf(council))
