"""The meeting page says the organisation's own word for the person in focus (borger, patient,
hovedperson, klient, kunde …) and no other, in Danish and in Swedish."""

import pytest

from omkreds.accounts.models import CitizenTerm
from omkreds.lib.testing.person_words import WORDS, other_person_words


@pytest.mark.parametrize("language", ["da", "sv"])
def test_the_meeting_page_uses_only_the_organisations_word(cast, login_as, meeting, language):
    client = login_as(cast.worker)
    client.cookies["django_language"] = language
    for term in CitizenTerm:
        cast.org.citizen_term = term
        cast.org.save(update_fields=["citizen_term"])
        page = client.get(
            f"/citizens/{cast.citizen.pk}/meetings/{meeting.pk}/",
            headers={"accept-language": language},
        ).text
        assert other_person_words(page, term) == [], term
        own = WORDS[term]
        assert any(word in page.lower() for word in own), term
