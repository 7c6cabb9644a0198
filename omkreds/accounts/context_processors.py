from django.utils.translation import pgettext

from omkreds.accounts.memberships import memberships
from omkreds.accounts.person_words import person_words


def organisation(request):
    organisation = getattr(request, "organisation", None)
    user = getattr(request, "user", None)
    return {
        "organisation": organisation,
        "membership": getattr(request, "membership", None),
        "all_memberships": memberships(user) if user is not None else [],
        "citizen_word": organisation.citizen_word
        if organisation
        else pgettext("person in focus", "citizen"),
        "citizens_word": organisation.citizens_word
        if organisation
        else pgettext("persons in focus", "citizens"),
        "person_words": person_words(organisation.citizen_term if organisation else None),
    }
