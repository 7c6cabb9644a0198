from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessConfig(AppConfig):
    name = "omkreds.access"
    label = "access"
    verbose_name = _("Access")

    def ready(self):
        from omkreds.access.due import consents_expiring
        from omkreds.citizens.extensions import register_due_item_provider

        register_due_item_provider(consents_expiring)
