"""`{% since_last_meeting meeting %}`: the first point of a follow-up meeting — the actions agreed
at the meeting it follows up, as they stand now — on the meeting page and the run sheet alike."""

from django import template

from omkreds.meetings import services_memo

register = template.Library()


@register.inclusion_tag("meetings/staff/_since_last.html")
def since_last_meeting(meeting):
    return {
        "previous": meeting.follows if meeting.follows_id else None,
        "rows": services_memo.actions_for_followup(meeting=meeting),
    }
