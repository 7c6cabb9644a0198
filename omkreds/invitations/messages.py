"""What the pages tell the user after an invitee is removed or a feedback request went out,
the same for a network meeting and a network council."""

from __future__ import annotations

from django.contrib import messages
from django.utils.translation import gettext as _

from omkreds.invitations.choices import Channel


def names(invitees) -> str:
    return ", ".join(i.name for i in invitees)


def tell_removed(request, invitee, *, name: str, was_sent: bool, result) -> None:
    """The messages after an invitee is removed (a meeting's or a council's)."""
    messages.success(request, _("%(name)s is no longer invited.") % {"name": name})
    if result.emailed:
        messages.info(request, _("%(name)s is e-mailed a cancellation.") % {"name": name})
    if result.failed:
        messages.error(
            request,
            _("The cancellation could not be e-mailed to %(name)s; tell them yourself.")
            % {"name": name},
        )
    if was_sent and invitee.channel != Channel.EMAIL:
        messages.warning(
            request,
            _("%(name)s was invited by %(channel)s: tell them by hand.")
            % {"name": name, "channel": invitee.get_channel_display()},
        )


def tell_feedback_sent(request, sent) -> None:
    """The message after a feedback request went out (a meeting's or a council's)."""
    if sent:
        messages.success(
            request,
            _("The feedback request is e-mailed to %(names)s.") % {"names": names(sent)},
        )
    else:
        messages.info(
            request,
            _(
                "Nobody was e-mailed: everyone present with an e-mail address has answered "
                "already, or nobody present has an e-mail address."
            ),
        )
