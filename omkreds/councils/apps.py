from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CouncilsConfig(AppConfig):
    name = "omkreds.councils"
    label = "councils"
    verbose_name = _("Network councils")

    def ready(self):
        from omkreds.citizens.extensions import register_link_provider
        from omkreds.councils.documents import council_wording
        from omkreds.councils.due import council_links
        from omkreds.invitations.documents import register_rewording

        register_link_provider(council_links)
        register_rewording(council_wording)

        from omkreds.councils import contributions

        contributions.register()

        from omkreds.councils.services_plan import plan_mail
        from omkreds.meetings.models_delivery import Document
        from omkreds.meetings.tasks import register_mail_builder

        register_mail_builder(Document.PLAN, plan_mail)
