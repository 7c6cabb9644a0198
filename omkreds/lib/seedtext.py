"""Texts from the seeds in the product's languages, chosen by the language active when shown.

The seeds' own wording lives in `Text` objects (Danish word for word where the seed is Danish);
the CTI checklists, the meeting guide and the council guide all use them. Finnish versions are
kept apart, keyed by the English text (`omkreds.lib.seedtext_fi`); where one is missing, Finnish
readers get the Swedish text (Finland's other official language).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from django.utils.functional import lazy

from omkreds.lib.seedtext_fi import FINNISH

LANGUAGES = ("da", "sv", "fi", "en")


def active_language() -> str:
    """The active language as one of ours: "da-dk" → "da"; anything unknown → English."""
    code = (translation.get_language() or settings.LANGUAGE_CODE).lower()
    code = code.split("-")[0].split("_")[0]
    return code if code in LANGUAGES else "en"


@dataclass(frozen=True)
class Text:
    da: str
    sv: str
    en: str

    @property
    def fi(self) -> str:
        """The Finnish version, or the Swedish text where there is none yet."""
        return FINNISH.get(self.en) or self.sv

    def get(self, language: str | None = None) -> str:
        return getattr(self, language if language in LANGUAGES else active_language())

    def __str__(self) -> str:
        return self.get()


def _text_str(text: Text) -> str:
    return text.get()


# A label that is resolved in the language active when it is shown, like gettext_lazy.
lazy_text = lazy(_text_str, str)
