from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "omkreds.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from django.db.models.signals import pre_save

        from omkreds.accounts import signals  # noqa: F401
        from omkreds.lib import text

        # Single-line fields refuse control characters (lib/text.py): accounts is the lowest app,
        # and every model is loaded before any app is ready.
        text.guard_models()
        pre_save.connect(text.refuse_on_save, dispatch_uid="omkreds-one-line")
