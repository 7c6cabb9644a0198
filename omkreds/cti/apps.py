from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CtiConfig(AppConfig):
    name = "omkreds.cti"
    label = "cti"
    verbose_name = _("CTI")

    def ready(self):
        from omkreds.citizens.extensions import register_due_item_provider, register_link_provider
        from omkreds.cti.due import cti_due_items, cti_links

        register_due_item_provider(cti_due_items)
        register_link_provider(cti_links)

        from omkreds.cti import contributions

        contributions.register()
