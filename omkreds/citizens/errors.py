"""Why a case refused a workflow: the citizens app's own errors (see `omkreds.lib.errors`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from omkreds.lib.errors import WorkflowError


class CaseError(WorkflowError):
    """A refusal because of the state of the citizen's case."""


class CaseClosed(CaseError):
    default_message = _(
        "The case was closed on %(date)s, so nothing new can be planned for it. To plan a "
        'meeting, a council or a CTI course, reopen the case first: "Reopen the case" on the '
        "case page."
    )


class CaseOpen(CaseError):
    default_message = _("The case is open.")
