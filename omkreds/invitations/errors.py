"""Why an invitation link was refused."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from omkreds.lib.errors import WorkflowError


class InvitationError(WorkflowError):
    """A refused invitation link: a `WorkflowError` like a meeting's or a council's."""


class TokenInvalid(Exception):
    """A forged link, or one for another meeting or invitee: answer 404."""


class TokenExpired(InvitationError):
    default_message = _("This link has expired. Please contact the person who invited you.")
