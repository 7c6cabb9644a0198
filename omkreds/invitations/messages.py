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


def _names(rows) -> str:
    return ", ".join(row.name for row in rows)


def tell_outcome(request, outcome, *, what: str) -> None:
    """What one press of a send button did, channel by channel (`what`: the document, e.g.
    "The memo"): only what the mail server took is called e-mailed; letters and calls are
    named as still to do by hand (a meeting's or a council's)."""
    if outcome.emailed:
        messages.success(
            request,
            _("%(what)s is e-mailed to %(names)s.")
            % {"what": what, "names": _names(outcome.emailed)},
        )
    if outcome.failed:
        messages.error(
            request,
            _("%(what)s could not be e-mailed to %(names)s; see the delivery list.")
            % {"what": what, "names": _names(outcome.failed)},
        )
    if outcome.to_print:
        messages.warning(
            request,
            _(
                "Still to do by hand: print the letters for %(names)s (the print pack is in the delivery list)."
            )
            % {"names": _names(outcome.to_print)},
        )
    if outcome.to_call:
        messages.warning(
            request,
            _("Still to do by hand: call %(names)s (the call scripts are in the delivery list).")
            % {"names": _names(outcome.to_call)},
        )
    if outcome.to_hand:
        messages.warning(
            request,
            _("Still to do by hand: hand it over to %(names)s in the meeting.")
            % {"names": _names(outcome.to_hand)},
        )
    if not outcome.planned:
        messages.info(
            request,
            _("Nothing new to send: everyone has it already, or it is on the delivery list."),
        )


def tell_feedback_sent(request, outcome) -> None:
    """The messages after a feedback request went out (a meeting's or a council's)."""
    tell_outcome(request, outcome, what=_("The feedback request"))
