"""`{% team_map_card meeting %}`: before a meeting with the team, when the network map
was last updated and the action to send it to the team (team_map.py)."""

from django import template

from omkreds.meetings import team_map
from omkreds.networks.services import map_latest

register = template.Library()


@register.inclusion_tag("meetings/staff/_team_map.html", takes_context=True)
def team_map_card(context, meeting):
    invitees = list(meeting.invitees.select_related("user").in_order())
    if not team_map.has_team(meeting, invitees):
        return {"show": False}
    return {
        "show": True,
        "meeting": meeting,
        "citizen": meeting.citizen,
        "version": map_latest(citizen=meeting.citizen),
        "members": team_map.team(meeting, invitees, sender=context["request"].user),
        "csrf_token": context.get("csrf_token"),
        "person_words": context.get("person_words"),
    }
