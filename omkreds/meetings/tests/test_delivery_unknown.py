"""A delivery claimed for sending whose task stopped before it recorded the mail server's answer
(a crash, a killed worker): the delivery list says it is not known whether it went, and the
next "send" sends it again (at least once, docs/decisions.md); one claimed just now is left to
the task that has it."""

import datetime as dt

from django.utils import timezone

from omkreds.meetings import services_invitations
from omkreds.meetings.models import Delivery
from omkreds.meetings.models_delivery import SENDING_STALE_AFTER, DeliveryState

PEOPLE = (
    ("Britt Syster", "britt@example.se", 10),
    ("Carl Bror", "carl@example.se", 10),
    ("Dora Moster", "dora@example.se", 0),
)


def test_a_delivery_stuck_being_e_mailed_is_shown_as_unknown_and_sent_again_once(
    scheduled, cast, login_as, smtp_server
):
    for name, email, _minutes in PEOPLE:
        services_invitations.invitee_add(meeting=scheduled, by=cast.worker, name=name, email=email)
    services_invitations.invitations_send(meeting=scheduled, by=cast.worker)
    assert len(smtp_server.envelopes) == 3
    # As a task leaves them that claimed the rows and died before the mail server answered:
    # two claimed ten minutes ago, one claimed just now.
    for name, _email, minutes in PEOPLE:
        Delivery.objects.filter(meeting=scheduled, name=name).update(
            state=DeliveryState.SENDING, updated_at=timezone.now() - dt.timedelta(minutes=minutes)
        )
    scheduled.invitees.update(sent_sequence=None, sent_at=None)
    assert dt.timedelta(minutes=10) > SENDING_STALE_AFTER

    client = login_as(cast.worker)
    page = client.get(f"/citizens/{scheduled.citizen_id}/meetings/{scheduled.pk}/").content
    page = page.decode()
    for name, _email, minutes in PEOPLE:
        row = page.split(f'rowspan="1">{name}</th>')[1].split("</tr>")[0]
        shown = "not known whether sent" if minutes else "being e-mailed"
        assert f"<td>{shown}" in row, name

    smtp_server.clear()
    result = services_invitations.invitations_send(meeting=scheduled, by=cast.worker)
    assert sorted(i.name for i in result.emailed) == ["Britt Syster", "Carl Bror"]
    assert sorted(r for e in smtp_server.envelopes for r in e.recipients) == [
        "britt@example.se",
        "carl@example.se",
    ]
    states = dict(Delivery.objects.filter(meeting=scheduled).values_list("name", "state"))
    assert states == {"Britt Syster": "sent", "Carl Bror": "sent", "Dora Moster": "sending"}
    # A third press leaves Dora to the task that claimed her a moment ago.
    smtp_server.clear()
    services_invitations.invitations_send(meeting=scheduled, by=cast.worker)
    assert smtp_server.envelopes == []
