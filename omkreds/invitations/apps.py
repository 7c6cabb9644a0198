from django.apps import AppConfig


class InvitationsConfig(AppConfig):
    """What network meetings and network councils share: invitees' ways of being invited, the
    invitation in every form (e-mail, letter, Word, phone script, calendar file), reply and
    feedback links and the e-mails. No models: the invitees are rows of a meeting."""

    name = "omkreds.invitations"
    label = "invitations"
