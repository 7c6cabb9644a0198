"""The organisation's word for the person in focus, in the forms a sentence needs.

A sentence gets the whole form it needs — "the customer", "the customer's" — never a word glued
to an ending, so each language writes its own: Danish "kunden", "kundens"; Swedish "kunden",
"kundens". Templates read them from the context processor as `person_words.the`,
`person_words.the_s`, `person_words.a` and `person_words.many`; each form is translated once per
term under its own context.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

from omkreds.accounts.models import CITIZEN_TERM_PLURAL, CitizenTerm

THE = {
    CitizenTerm.CITIZEN: pgettext_lazy("person in focus, definite", "the citizen"),
    CitizenTerm.PATIENT: pgettext_lazy("person in focus, definite", "the patient"),
    CitizenTerm.MAIN_PERSON: pgettext_lazy("person in focus, definite", "the main person"),
    CitizenTerm.CLIENT: pgettext_lazy("person in focus, definite", "the client"),
    CitizenTerm.CUSTOMER: pgettext_lazy("person in focus, definite", "the customer"),
}
THE_S = {
    CitizenTerm.CITIZEN: pgettext_lazy("person in focus, definite genitive", "the citizen's"),
    CitizenTerm.PATIENT: pgettext_lazy("person in focus, definite genitive", "the patient's"),
    CitizenTerm.MAIN_PERSON: pgettext_lazy(
        "person in focus, definite genitive", "the main person's"
    ),
    CitizenTerm.CLIENT: pgettext_lazy("person in focus, definite genitive", "the client's"),
    CitizenTerm.CUSTOMER: pgettext_lazy("person in focus, definite genitive", "the customer's"),
}


@dataclass(frozen=True)
class PersonWords:
    a: str | Promise  # citizen, kunde
    many: str | Promise  # citizens, kunder
    the: str | Promise  # the citizen, kunden
    the_s: str | Promise  # the citizen's, kundens


def person_words(term: str | None) -> PersonWords:
    term = CitizenTerm(term or CitizenTerm.CITIZEN)
    return PersonWords(
        a=term.label, many=CITIZEN_TERM_PLURAL[term], the=THE[term], the_s=THE_S[term]
    )
