from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "omkreds.meetings"
    label = "meetings"
    verbose_name = _("Meetings")

    def ready(self):
        from omkreds.citizens.extensions import register_due_item_provider, register_link_provider
        from omkreds.meetings.due import meeting_due_items, meeting_links, offer_meeting_items

        register_due_item_provider(meeting_due_items)
        register_due_item_provider(offer_meeting_items)
        register_link_provider(meeting_links)

        from omkreds.meetings import contributions

        contributions.register()

        from omkreds.invitations.links import register_short_link_maker
        from omkreds.meetings.shortlinks import short_code, short_url

        register_short_link_maker(
            lambda invitee, purpose: (short_code(invitee, purpose), short_url(invitee, purpose))
        )
