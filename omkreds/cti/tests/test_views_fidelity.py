"""Fidelity reviews (Bilag 4) for the lead: form with suggestions, score, trend."""

import datetime as dt
import re

from omkreds.cti import checklists, fidelity, services
from omkreds.cti.models import FidelityAnswer, FidelityReview

KEYS = [i.key for i in checklists.FIDELITY.items]


def all_answers(answer="yes", **overrides) -> dict:
    data = dict.fromkeys(KEYS, answer)
    data.update(overrides)
    return data


def test_only_leads_review_fidelity(cast, login_as):
    for user in (cast.worker, cast.professional, cast.admin, cast.outsider):
        client = login_as(user)
        assert client.get("/cti/fidelity/").status_code == 404
        assert client.get("/cti/fidelity/new/").status_code == 404
        assert client.post("/cti/fidelity/new/", all_answers()).status_code == 404
    assert not FidelityReview.objects.exists()


def test_new_review_shows_every_item_and_the_data_suggestions(cast, login_as, today):
    services.course_start(
        citizen=cast.citizen,
        worker=cast.worker,
        started_on=today - dt.timedelta(days=10),
        by=cast.worker,
    )
    client = login_as(cast.lead)
    response = client.get("/cti/fidelity/new/")
    assert response.status_code == 200
    text = response.text
    assert text.count("<fieldset") == len(KEYS)
    assert "Suggested from the data: Yes. Every worker holds 10 courses or fewer" in text
    # The suggestion is chosen in advance; the lead may change it.
    assert re.search(r'name="fidelity\.10" value="yes" id="id_fidelity\.10_0"[^>]* checked', text)


def test_review_saves_scores_and_shows_the_trend(cast, login_as, today):
    client = login_as(cast.lead)
    first = all_answers("no", **{"fidelity.01": "yes"})
    first["reviewed_on"] = (today - dt.timedelta(days=90)).isoformat()
    response = client.post("/cti/fidelity/new/", first)
    assert response.status_code == 302
    review = FidelityReview.objects.get()
    assert review.team == cast.team
    assert review.lead == cast.lead
    assert FidelityAnswer.objects.filter(review=review).count() == len(KEYS)

    second = all_answers("yes", **{"fidelity.02": "dont_know"})
    second["reviewed_on"] = today.isoformat()
    client.post("/cti/fidelity/new/", second)
    response = client.get("/cti/fidelity/")
    assert response.status_code == 200
    low = round(100 / len(KEYS))
    high = round(100 * (len(KEYS) - 1) / len(KEYS))
    assert f"{low} %" in response.text and f"{high} %" in response.text
    assert f"+{high - low}" in response.text

    detail = client.get(f"/cti/fidelity/{review.pk}/")
    assert detail.status_code == 200
    assert f"(1 of {len(KEYS)} items answered “Yes”)" in detail.text


def test_missing_answers_and_future_date_change_nothing(cast, login_as, today):
    client = login_as(cast.lead)
    data = all_answers()
    del data["fidelity.05"]
    data["fidelity.06"] = "perhaps"
    data["reviewed_on"] = (today + dt.timedelta(days=1)).isoformat()
    response = client.post("/cti/fidelity/new/", data)
    assert response.status_code == 200
    assert "Choose Yes, No or Don&#x27;t know." in response.text
    assert "Select a valid choice" in response.text
    assert "A date that has happened cannot be in the future." in response.text
    assert not FidelityReview.objects.exists()


def test_review_of_another_team_is_404(cast, login_as, today):
    review = fidelity.fidelity_review_save(
        organisation=cast.org,
        team=cast.other_team,
        reviewed_on=today,
        lead=cast.other_lead,
        answers={"fidelity.01": "yes"},
    )
    client = login_as(cast.lead)
    assert client.get(f"/cti/fidelity/{review.pk}/").status_code == 404
    client = login_as(cast.other_lead)
    assert client.get(f"/cti/fidelity/{review.pk}/").status_code == 200
