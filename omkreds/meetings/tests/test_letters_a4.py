"""Word letters and memos are A4 with the organisation's margins; invitee and "who" lists name
each person once (the organiser used to appear twice, an invited colleague twice in "who")."""

import io

import pytest
from docx import Document
from docx.shared import Mm

from omkreds.invitations import documents as invitation_documents
from omkreds.meetings import documents, services_invitations, services_memo
from omkreds.meetings.forms import ActionForm


def _url(meeting, rest: str = "") -> str:
    return f"/citizens/{meeting.citizen_id}/meetings/{meeting.pk}/{rest}"


def _page(content: bytes):
    section = Document(io.BytesIO(content)).sections[0]
    return section


def _mm(length) -> int:
    return round(length / Mm(1))


def test_word_letters_are_a4_with_the_organisations_margins(cast, login_as, invited):
    cast.org.letter_margin_top_mm, cast.org.letter_margin_right_mm = 30, 15
    cast.org.letter_margin_bottom_mm, cast.org.letter_margin_left_mm = 25, 35
    cast.org.save()
    client = login_as(cast.worker)
    invitees = list(invited.invitees.all())
    assert len(invitees) >= 3
    for invitee in invitees:
        response = client.get(_url(invited, f"invitees/{invitee.pk}/letter.docx"))
        assert response.status_code == 200
        section = _page(response.content)
        assert (_mm(section.page_width), _mm(section.page_height)) == (210, 297)
        margins = (
            section.top_margin,
            section.right_margin,
            section.bottom_margin,
            section.left_margin,
        )
        assert tuple(_mm(m) for m in margins) == (30, 15, 25, 35)


def test_the_memo_in_word_is_a4_too(cast, held):
    memo = services_memo.memo_save(meeting=held, by=cast.worker, summary="Summary")
    section = _page(documents.memo_docx(memo, language="da"))
    assert (_mm(section.page_width), _mm(section.page_height)) == (210, 297)
    assert _mm(section.top_margin) == cast.org.letter_margin_top_mm == 20


def test_the_organiser_is_named_once_when_also_invited(cast, invited):
    services_invitations.invitee_add(
        meeting=invited, by=cast.worker, user=cast.worker, kind="employee"
    )
    others = list(invited.invitees.in_order())
    for invitee in others:
        names = invitation_documents.invitation_context(invited, invitee)["invitees"]
        assert sum(cast.worker.full_name in n for n in names) == 1, invitee.name
        assert len(names) == len(set(names))
        assert names[0] == cast.citizen.name


def test_the_organiser_not_invited_is_still_named_last(cast, invited):
    invitee = invited.invitees.first()
    names = invitation_documents.invitation_context(invited, invitee)["invitees"]
    assert names[-1] == cast.worker.full_name
    assert len(names) == invited.invitees.count() + 2


def test_who_for_an_action_lists_each_person_once(cast, login_as, invited):
    services_invitations.invitee_add(
        meeting=invited, by=cast.worker, user=cast.colleague, kind="employee"
    )
    invitees = list(invited.invitees.in_order())
    form = ActionForm(meeting=invited, invitees=invitees)
    labels = [label for value, label in form.fields["owner"].choices if value]
    assert len(labels) == len(set(labels)), labels
    for person in (cast.colleague, cast.worker, cast.lead):
        assert labels.count(person.full_name) == 1, person.full_name
    page = login_as(cast.worker).get(_url(invited, "actions/new/")).content.decode()
    assert page.count(f">{cast.colleague.full_name}</option>") == 1


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("letter_margin_top_mm", "2"),
        ("letter_margin_left_mm", "90"),
        ("letter_margin_bottom_mm", "wide"),
        ("network_meeting_offer_months", "0"),
        ("network_meeting_offer_months", "100"),
    ],
)
def test_organisation_settings_refuse_bad_margins_and_months(cast, login_as, field, value):
    client = login_as(cast.admin)
    valid = {
        "name": "Demo Kommune",
        "default_language": "da",
        "citizen_term": "citizen",
        "cti_caseload_cap": "10",
        "network_meeting_offer_months": "4",
        "letter_margin_top_mm": "25",
    }
    response = client.post("/accounts/organisation/settings/", {**valid, field: value})
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    cast.org.refresh_from_db()
    assert (cast.org.network_meeting_offer_months, cast.org.letter_margin_top_mm) == (6, 20)


def test_organisation_settings_save_margins_and_months(cast, login_as):
    response = login_as(cast.admin).post(
        "/accounts/organisation/settings/",
        {
            "name": "Demo Kommune",
            "default_language": "da",
            "citizen_term": "citizen",
            "cti_caseload_cap": "10",
            "network_meeting_offer_months": "4",
            "letter_margin_top_mm": "25",
            "letter_margin_right_mm": "15",
            "letter_margin_bottom_mm": "20",
            "letter_margin_left_mm": "30",
        },
    )
    assert response.status_code == 302
    cast.org.refresh_from_db()
    assert cast.org.network_meeting_offer_months == 4
    assert cast.org.letter_margins_mm == (25, 15, 20, 30)
