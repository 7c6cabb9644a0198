"""What the API tests of several apps share: a client that sends an API token, and a message
as a reader of one language gets it."""

from __future__ import annotations

from django.utils import translation

from omkreds.accounts.models import ApiToken

JSON = "application/json"


def token_client(client, user, organisation):
    _token, secret = ApiToken.issue(user=user, organisation=organisation, name="test")
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
    return client


def in_language(language: str, message: str) -> str:
    """A message as a reader of `language` gets it (the source text when not translated)."""
    with translation.override(language):
        return translation.gettext(message)
