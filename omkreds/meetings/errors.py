"""Why a meeting workflow was refused. Each error carries a translated message and, where one
field is at fault, that field's name, so a form can show it next to the field.

They are `WorkflowError`s (`omkreds.lib.errors`): forms place them, the API answers them. A
link's own refusals (`TokenInvalid`, `TokenExpired`) are the invitations app's.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from omkreds.lib.errors import WorkflowError


class MeetingError(WorkflowError):
    """A meeting's or a council's workflow refusal."""


class Required(MeetingError):
    default_message = _("This field is required.")


class BadTime(MeetingError):
    default_message = _("Enter a valid date and time.")


class TooLong(MeetingError):
    default_message = _("Keep this to at most %(limit)d characters (it has %(length)d).")


class NoQuestions(MeetingError):
    default_message = _("Write at least one question to discuss at the meeting.")
    field = "questions"


class TooManyQuestions(MeetingError):
    default_message = _("A meeting can discuss at most %(limit)d questions.")
    field = "questions"


class EndBeforeStart(MeetingError):
    default_message = _("The meeting must end after it starts.")
    field = "ends_at"


class TooLongMeeting(MeetingError):
    default_message = _("A network meeting cannot last more than %(hours)d hours.")
    field = "ends_at"


class PlaceRequired(MeetingError):
    default_message = _("Say where the meeting is held, or that it is at the citizen's home.")
    field = "place"


class WrongState(MeetingError):
    default_message = _("This cannot be done while the meeting is %(status)s.")


class NotScheduled(MeetingError):
    default_message = _("Set the time and place of the meeting first.")
    field = "starts_at"


class NoInvitees(MeetingError):
    default_message = _("Invite at least one person first.")


class UnknownItem(MeetingError):
    default_message = _("There is no such point in the guide.")
    field = "item_key"


class Unreachable(MeetingError):
    default_message = _(
        "Give a way to reach %(name)s: an e-mail address, a postal address or a phone number."
    )


class ChannelNeedsDetail(MeetingError):
    """The chosen way of inviting has no detail to use (a letter with no postal address…)."""


class DuplicateInvitee(MeetingError):
    default_message = _("%(name)s is already invited to this meeting.")
    field = "name"


class UnknownContact(MeetingError):
    default_message = _("This person is not on the citizen's network map.")
    field = "contact_id"


class UserNotInOrganisation(MeetingError):
    default_message = _("This user does not work in the citizen's organisation.")
    field = "user"


class InvalidReply(MeetingError):
    default_message = _("Choose yes, no or maybe.")
    field = "reply"


class TokenUsed(MeetingError):
    default_message = _(
        "This link has already been used. If you want to change your answer, please contact "
        "the person who invited you."
    )


class FeedbackUsed(MeetingError):
    default_message = _("Thank you, your feedback has already been received.")


class FeedbackFull(MeetingError):
    """Every participant has answered: one more answer would count someone twice."""

    default_message = _(
        "All %(participants)d participants have answered already, so this answer was not "
        "saved. An answer beyond the number of participants would count someone twice."
    )


class FeedbackStale(MeetingError):
    """The worker's paper entry was based on an older count of answers (typed in twice?)."""

    default_message = _(
        "Answers have been recorded since this page was loaded (now %(responses)d). Check that "
        "this paper form has not been typed in already; nothing was saved."
    )


class InvalidAnswer(MeetingError):
    default_message = _("Choose one of the answers offered.")
    field = "answers"


class EmptyFeedback(MeetingError):
    default_message = _("Answer at least one question or write a comment.")
    field = "answers"


class NotAnInvitee(MeetingError):
    default_message = _("Choose people invited to this meeting.")


class OwnerRequired(MeetingError):
    default_message = _("Say who will do this.")
    field = "owner"


class FollowupNotSet(MeetingError):
    default_message = _("Set the date of the follow-up meeting in the memo first.")
    field = "followup_at"


class FollowupExists(MeetingError):
    default_message = _("The follow-up meeting has already been created.")


class NoMemo(MeetingError):
    default_message = _("Write the memo first.")


class MemoChanged(MeetingError):
    default_message = _(
        "Someone else saved the memo while you were writing. Reload the page to see their "
        "changes, then make yours again."
    )


class MeetingChanged(MeetingError):
    default_message = _(
        "Someone else changed this meeting since you read it. Nothing was saved: read it again, "
        "then make your change."
    )


class NoMemoRecipients(MeetingError):
    default_message = _("Nobody with an e-mail address has been chosen to receive the memo.")
    field = "recipients"


class DeliveryStale(MeetingError):
    """Someone else marked it first, or a newer version replaced it: the page is out of date."""

    default_message = _(
        "Someone has changed the delivery list since this page was loaded. Here is the list "
        "as it is now; nothing was changed."
    )


class ShortCodeUnknown(MeetingError):
    default_message = _(
        "No invitation has this code. Check the code on your letter (letters and digits, "
        "like 7K4M-Q2PX) and try again."
    )
    field = "code"


class ShortCodeThrottled(MeetingError):
    default_message = _(
        "Too many wrong codes have been tried from this connection. Wait an hour and try "
        "again, or call the person who invited you."
    )
    field = "code"


class MemoTooEarly(MeetingError):
    default_message = _(
        "The memo can be written once the meeting has started (%(when)s). Until then, "
        "prepare the meeting and its invitations."
    )


class FeedbackTooEarly(MeetingError):
    default_message = _("Feedback can be asked for once the meeting has started (%(when)s).")
