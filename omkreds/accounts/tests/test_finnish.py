"""Finnish (issue 18): a language the switcher offers and people can choose."""

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def test_the_language_switcher_offers_finnish_in_finnish(login_as, cast):
    client = login_as(cast.worker)
    page = client.get("/accounts/profile/").content.decode()
    assert '<option value="fi" lang="fi"' in page
    assert ">Suomi</option>" in page


def test_switching_to_finnish_answers_in_finnish(login_as, cast):
    client = login_as(cast.worker)
    response = client.post("/i18n/setlang/", {"language": "fi", "next": "/accounts/profile/"})
    assert response.status_code == 302
    page = client.get("/accounts/profile/").content.decode()
    assert '<html lang="fi">' in page
    assert "Kirjaudu ulos" in page and "Nimi ja kieli" in page
    assert "Log out" not in page


def test_a_user_can_choose_finnish_on_the_profile(login_as, cast):
    client = login_as(cast.worker)
    response = client.post("/accounts/profile/", {"full_name": "Wanda Worker", "language": "fi"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fi"
    cast.worker.refresh_from_db()
    assert cast.worker.language == "fi"
    page = client.get("/accounts/profile/").content.decode()
    assert '<html lang="fi">' in page and "Profiilisi on tallennettu." in page
