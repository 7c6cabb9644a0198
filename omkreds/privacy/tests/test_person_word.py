"""The log review pages say the organisation's own word for the person in focus and no other,
in Danish and in Swedish."""

import pytest

from omkreds.accounts.models import CitizenTerm
from omkreds.lib.testing.person_words import WORDS, other_person_words
from omkreds.privacy.tests.test_review_views import look_up, made_review

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["da", "sv"])
def test_the_log_review_pages_use_only_the_organisations_word(cast, login_as, language):
    for citizen in (cast.citizen, cast.colleague_citizen, cast.other_team_citizen):
        look_up(cast, cast.worker, citizen)
    review = made_review(cast)
    client = login_as(cast.lead)
    client.cookies["django_language"] = language
    for term in CitizenTerm:
        cast.org.citizen_term = term
        cast.org.save(update_fields=["citizen_term"])
        for url in ("/log-reviews/", f"/log-reviews/{review.pk}/"):
            page = client.get(url, headers={"accept-language": language}).text
            assert other_person_words(page, term) == [], (term, url)
            assert any(word in page.lower() for word in WORDS[term]), (term, url)
