"""A council's feedback on paper (issue 13, point 4), as the meetings' own: the A4 form to
print, its answers typed in by the coordinator, refused beyond the number of participants and
when typed in twice; nothing before the council."""

import io

from pypdf import PdfReader

from omkreds.councils import services as sc
from omkreds.councils import services_room
from omkreds.councils.tests.setup_councils import prepared
from omkreds.meetings.models import FeedbackResponse
from omkreds.meetings.tests.conftest import begun


def _url(council, rest: str = "") -> str:
    return f"/councils/{council.pk}/{rest}"


def test_the_coordinator_prints_the_form_and_types_in_the_answers(cast, login_as):
    council = prepared(cast)  # Anna by e-mail, Bo by phone
    sc.council_invitee_add(
        council=council, by=cast.worker, name="Cai Brev", postal_address="Vej 1", channel="letter"
    )
    client = login_as(cast.coordinator)
    assert client.post(_url(council, "feedback/paper/"), {"based_on": 0}).status_code == 400
    for step in ("information", "private", "acknowledgement"):
        if step == "acknowledgement":
            services_room.proposal_add(council=council, kind="resources", what="Kaffe")
        sc.step_advance(council=council, by=cast.coordinator)
        council.refresh_from_db()
    begun(council.meeting)
    pdf = client.get(_url(council, "feedback/form.pdf?language=sv"))
    [page] = PdfReader(io.BytesIO(pdf.content)).pages
    assert "Respons från nätverksmötet" in page.extract_text()
    workspace = client.get(_url(council)).content.decode()
    assert 'id="feedback-paper-form"' in workspace
    for based_on, tick in enumerate(["yes", "partly", "no"]):  # Anna, Bo and Cai
        response = client.post(
            _url(council, "feedback/paper/"), {"based_on": based_on, "fb.heard": tick}
        )
        assert response.status_code == 302
    assert [r.answers["fb.heard"] for r in FeedbackResponse.objects.order_by("pk")] == [
        "yes",
        "partly",
        "no",
    ]
    beyond = client.post(_url(council, "feedback/paper/"), {"based_on": 3, "fb.heard": "yes"})
    assert beyond.status_code == 409
    assert "All 3 participants have answered already" in beyond.content.decode()
    twice = client.post(_url(council, "feedback/paper/"), {"based_on": 2, "fb.heard": "yes"})
    assert twice.status_code == 409
    assert FeedbackResponse.objects.count() == 3
    assert "3 answers typed in from paper so far." in client.get(_url(council)).content.decode()
