"""For the tests that a page says the organisation's own word for the person in focus."""

import re

from omkreds.accounts.models import CitizenTerm

# Each term's Danish and Swedish words, as a word start (endings run on: "borgeren", "kundens").
WORDS = {
    CitizenTerm.CITIZEN: ("borger", "invånare"),
    CitizenTerm.PATIENT: ("patient",),
    CitizenTerm.MAIN_PERSON: ("hovedperson", "huvudperson"),
    CitizenTerm.CLIENT: ("klient",),
    CitizenTerm.CUSTOMER: ("kunde", "kund"),
}
# "Patientens team" is the name of seed 001's model, not a word for the person.
PROPER_NAMES = re.compile(r"Patientens team", re.IGNORECASE)


def other_person_words(text: str, term: str) -> list[str]:
    """The words of the other terms that `text` uses (visible text, not markup or URLs)."""
    visible = re.sub(r"<[^>]+>", " ", text)
    visible = PROPER_NAMES.sub(" ", visible)
    own = set(WORDS[CitizenTerm(term)])
    found = []
    for other, words in WORDS.items():
        for word in words:
            if other == term or word in own:
                continue
            found += re.findall(rf"(?<!\w){word}\w*", visible, flags=re.IGNORECASE)
    return found
