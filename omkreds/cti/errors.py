"""Why a CTI workflow was refused. Each error carries a translated message and, where one
field is at fault, that field's name, so a form can show it next to the field.

They are `WorkflowError`s (`omkreds.lib.errors`): forms place them, the API answers them.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from omkreds.lib.errors import WorkflowError


class CtiError(WorkflowError):
    """A CTI workflow's refusal."""


class CourseAlreadyOpen(CtiError):
    default_message = _("This person already has a CTI course that has not ended.")
    field = "citizen"


class WorkerNotInOrganisation(CtiError):
    default_message = _("The CTI worker must be a worker or lead in the same organisation.")
    field = "worker"


class CaseloadCapExceeded(CtiError):
    """The worker's caseload is at the organisation's cap; a recorded reason is needed."""

    default_message = _(
        "%(worker)s already has %(count)s open CTI courses (the cap is %(cap)s). "
        "Give a reason to assign one more."
    )
    field = "cap_override_reason"

    def __init__(self, *, worker, count: int, cap: int):
        self.count = count
        self.cap = cap
        super().__init__(params={"worker": str(worker), "count": count, "cap": cap})


class DatesOutOfOrder(CtiError):
    default_message = _("The dates must follow each other in order.")


class DateInFuture(CtiError):
    default_message = _("A date that has happened cannot be in the future.")
    field = "on"


class PhaseOutOfOrder(CtiError):
    default_message = _("The course can only move on to the next phase.")
    field = "to_phase"


class ShiftBeforePrevious(CtiError):
    default_message = _(
        "The phase cannot start before %(previous)s, when the phase before it started."
    )
    field = "on"


class CourseEnded(CtiError):
    default_message = _("This CTI course has ended and cannot be changed.")


class EndReasonRequired(CtiError):
    default_message = _("Choose why the course ended.")
    field = "reason"


class EndReasonTextRequired(CtiError):
    default_message = _("Describe the reason when it is “other”.")
    field = "reason_text"


class CompletedTooEarly(CtiError):
    default_message = _(
        "A course can only be completed as planned once phase 3 has started; "
        "choose why it ended early."
    )
    field = "reason"


class UnknownItem(CtiError):
    default_message = _("There is no such checklist item.")
    field = "item_key"


class AnswerChanged(CtiError):
    default_message = _(
        "Someone else answered this item while you were working. Look at their answer and "
        "answer again if it should change."
    )


class PlanChanged(CtiError):
    default_message = _(
        "Someone else changed this CTI plan since you read it. Nothing was saved: read it "
        "again, then make your change."
    )


class InvalidAnswer(CtiError):
    default_message = _("Choose one of the answers offered.")
    field = "answer"


class UnknownDimension(CtiError):
    default_message = _("There is no such dimension in the CTI plan.")
    field = "dimension"


class InvalidPhase(CtiError):
    default_message = _("There is no such phase.")
    field = "phase"


class EndBeforeLastPhase(CtiError):
    default_message = _("The course cannot end before %(previous)s, when its last phase started.")
    field = "on"


class InvalidContacts(CtiError):
    default_message = _("The contacts must be people on the network map.")
    field = "contact_ids"


class WrongOrganisation(CtiError):
    default_message = _("This belongs to another organisation.")
