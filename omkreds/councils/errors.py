"""Why a council workflow was refused: `MeetingError`s, so forms and views treat them alike."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from omkreds.meetings.errors import MeetingError


class CouncilWrongState(MeetingError):
    default_message = _("This cannot be done while the network council is %(status)s.")


class StepChanged(MeetingError):
    """The council is no longer at the step the caller saw: someone moved it on first."""

    default_message = _(
        "The network council has moved on since this page was opened: it is now %(status)s. "
        "Nothing was changed. Check where it is and go on from there."
    )


class QuestionsChanged(MeetingError):
    default_message = _(
        "Someone else changed the questions since you read them. Nothing was saved: read them "
        "again, then make your change."
    )


class NotACoordinator(MeetingError):
    default_message = _(
        "Choose a user with the coordinator role in the organisation of the main person."
    )
    field = "coordinator"


class NotAnEmployee(MeetingError):
    default_message = _("Choose an employee of the organisation of the main person.")
    field = "employee"


class NoCoordinator(MeetingError):
    default_message = _("Assign a coordinator before the network council starts.")
    field = "coordinator"


class PrivateNotEnded(MeetingError):
    default_message = _(
        "The plan can be presented only after the private meeting has ended (step 2)."
    )


class PlanNotPresented(MeetingError):
    default_message = _("The network has not presented the plan yet.")


class NoProposals(MeetingError):
    default_message = _("The network wrote no proposals. Add them before presenting the plan.")


class UnansweredProposals(MeetingError):
    default_message = _("Answer every proposal first: %(count)d without an answer.")


class ReasonRequired(MeetingError):
    default_message = _("Give the reason why this is not possible.")
    field = "answer_reason"


class InvalidChoice(MeetingError):
    default_message = _("Choose one of the options offered.")


class RoomCodeInvalid(MeetingError):
    # One message for a wrong, an expired and a taken code, so that the answer never tells a
    # guesser that a code is live (issue 15, point 7).
    default_message = _(
        "This code cannot be used: it is wrong, has expired or is in use on another device. "
        "Check it, or ask the coordinator for a new code."
    )
    field = "code"
    # The citizen whose council a refused code belongs to (a taken code), for the access log.
    citizen_id = None


class RoomTaken(RoomCodeInvalid):
    """The right code, but another device holds the page: said as a wrong code."""


class RoomThrottled(MeetingError):
    default_message = _(
        "Too many wrong codes have been tried. Wait a quarter of an hour and try again, or ask "
        "the coordinator."
    )
    field = "code"


class RoomClosed(MeetingError):
    default_message = _(
        "The private meeting has ended or its page has closed. Thank you for your proposals."
    )


class NotOnTheMap(MeetingError):
    default_message = _("%(name)s is not on the main person's network map.")


class FollowupBeforeCouncil(MeetingError):
    default_message = _("The follow-up meeting must be after the network council.")
    field = "followup_at"


class NotInReach(MeetingError):
    default_message = _(
        "Only the council's coordinator or the main person's worker or lead can do this."
    )
