"""Nobody falls through (issue 13): a network meeting and a network council in a real browser,
with people reached by e-mail, by letter and by phone, on a landscape and a portrait screen.

The meeting goes from the worry to the feedback: Anna is invited by e-mail (a real SMTP server
on loopback) and answers through her link in her own browser; Lars gets a letter (its PDF read
back: his name, his address, the time and place) and Bo a phone call (the script names his
number); their answers are recorded by the worker. The meeting is held with the citizen present,
the memo is written and e-mailed, and the feedback asked for; Anna gives hers.

The council has three invitees (e-mail, letter, phone) and the coordinator, in a browser of
their own, records a visit to each of them — each invitee, not only the first in the list.
Then two tabs of the workspace press "Start step 1" one after the other: the second is told the
council has moved on (409) and nothing else changes.

Not walked yet (not built when this walk was written): the delivery list, print packs and short
links, the citizen as an invitee with their own channel and their own feedback.

axe-core runs on every page each browser shows. Every wait is for a page state, never for time;
under load, BROWSER_TIMEOUT_MS bounds how long a state may take to come.
"""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from icalendar import Calendar
from pypdf import PdfReader

from omkreds.councils.models import Council, CouncilStatus, Visit
from omkreds.lib.testing.a11y import assert_accessible
from omkreds.lib.testing.browser import new_context, sign_in, watch
from omkreds.lib.testing.smtp import smtp_server  # noqa: F401  (fixture)
from omkreds.meetings import guide
from omkreds.meetings.models import FeedbackResponse, Invitee, Meeting, MeetingStatus

pytestmark = pytest.mark.browser

SCREENS = {"landscape": {"width": 1280, "height": 800}, "portrait": {"width": 800, "height": 1280}}
LINK = re.compile(r"https?://\S+/meetings/\S+/(?:reply|feedback)/\S+/")

# One person per channel: (name, relation, the form's fields, the channel's label).
ANNA = ("Anna Mor", "mother", {"E-mail address": "anna@example.dk"}, "e-mail")
LARS = ("Lars Nabo", "neighbour", {"Postal address": "Storgade 1\n8000 Aarhus C"}, "letter")
BO = ("Bo Bror", "brother", {"Phone": "+45 20 30 40 50"}, "phone")
PEOPLE = [ANNA, LARS, BO]


@pytest.fixture(params=list(SCREENS))
def screen(request):
    return request.param


@pytest.fixture
def browsers(browser, live_server, browser_errors, screen):
    """Two people's browsers on the same screen size: the worker's and another person's."""
    contexts = [new_context(browser, live_server.url, viewport=SCREENS[screen]) for _ in range(2)]
    pages = [watch(c.new_page(), browser_errors) for c in contexts]
    yield pages
    for context in contexts:
        context.close()
    assert browser_errors == [], "the pages reported errors:\n" + "\n".join(browser_errors)


def submit(page, name: str, *, status: int | None = None) -> None:
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name=name, exact=True).click()
    if status is not None:
        assert navigation.value.status == status


def invite(page, name, relation, fields, channel) -> None:
    form = page.locator("form", has=page.get_by_role("button", name="Add to the invitees"))
    form.get_by_label("Name:", exact=True).fill(name)
    form.get_by_label("Takes part as").select_option(label="close one")
    form.get_by_label("Relation to the citizen").fill(relation)
    for label, value in fields.items():
        form.get_by_label(label).fill(value)
    form.get_by_label("Language:", exact=True).select_option("en")
    form.get_by_label("Invite by").select_option(label=channel)
    submit(page, "Add to the invitees")
    assert page.get_by_text("The person is on the list of invitees.").is_visible()
    assert_accessible(page)


def pdf_text(page, href: str) -> str:
    response = page.request.get(href)
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.body()))
    return " ".join(p.extract_text() for p in reader.pages)


def link_in(message) -> str:
    [url] = LINK.findall(message.get_body(preferencelist=("plain",)).get_content())
    return url


def test_a_meeting_with_an_email_a_letter_and_a_phone_invitee_and_the_citizen(
    browsers,
    live_server,
    cast,
    smtp_server,  # noqa: F811  (the fixture imported above)
    settings,
    today,
):
    page, anna_page = browsers
    settings.SITE_URL = live_server.url
    sign_in(page.context, cast.worker, url=live_server.url)
    meeting = decide_and_prepare(page, cast, today)
    invite_each_and_record_replies(page, anna_page, cast, smtp_server)
    hold_with_memo_and_feedback(page, anna_page, cast, meeting, smtp_server)


def decide_and_prepare(page, cast, today) -> Meeting:
    """The worry, the preparation, the time and place."""
    page.goto(f"/citizens/{cast.citizen.pk}/meetings/")
    page.get_by_role("link", name="Call a network meeting").click()
    page.get_by_label("The worry").wait_for()
    assert_accessible(page)
    page.get_by_label("The worry").fill("Rent arrears are growing; letters stay unopened.")
    page.get_by_label("Goal of the meeting").fill("A plan for the flat that everyone knows.")
    page.get_by_label("Questions to discuss").fill("How can the rent be paid?")
    submit(page, "Decide on the meeting")
    assert page.get_by_text("The meeting is decided.").is_visible()
    meeting = Meeting.objects.get(citizen=cast.citizen)
    assert_accessible(page)

    preparation = page.locator("#preparation")
    for item in guide.PREPARATION.items:
        with page.expect_navigation():
            preparation.get_by_role("button", name=item.get_text("en"), pressed=False).click()
    assert preparation.get_by_role("button", pressed=False).count() == 0
    assert_accessible(page)

    when = page.locator("#invitation form")
    when.get_by_label("Date:", exact=True).fill((today + dt.timedelta(days=7)).isoformat())
    when.get_by_label("Time:", exact=True).fill("10:00")
    when.get_by_label("Place:", exact=True).fill("Borgerservice, room 2")
    submit(page, "Save time and place")
    assert page.get_by_text("The time and place are saved.").is_visible()
    assert_accessible(page)
    return meeting


def invite_each_and_record_replies(page, anna_page, cast, mail) -> None:
    """One person per channel; each reply recorded; the run sheet's introductions."""
    for person in PEOPLE:
        invite(page, *person)
    rows = page.locator("#invitees tbody tr")
    for name, _relation, _fields, channel in PEOPLE:
        assert rows.filter(has_text=name).locator("td").nth(1).inner_text().startswith(channel)

    submit(page, "Send the invitations")
    assert page.get_by_text("Invitations e-mailed: 1.").is_visible()
    assert page.get_by_text("Print the letters and make the phone calls").is_visible()
    assert_accessible(page)
    [invitation] = mail.messages
    assert invitation["To"] == "anna@example.dk"

    # Lars's letter: his name and address, the time and place, to print.
    lars_row = rows.filter(has_text="Lars Nabo")
    letter = pdf_text(page, lars_row.get_by_role("link", name="Letter (PDF)").get_attribute("href"))
    for text in ("Lars Nabo", "Storgade 1", "8000 Aarhus C", "Borgerservice, room 2"):
        assert text in letter, text
    # Bo's phone script: what to say when calling him.
    bo_row = rows.filter(has_text="Bo Bror")
    script = page.request.get(bo_row.get_by_role("link", name="Phone script").get_attribute("href"))
    assert script.status == 200
    assert "invite you to a network meeting" in script.text()
    assert "Can you come?" in script.text()

    # Anna answers through her link; Lars (by letter) and Bo (on the phone) are recorded.
    anna_page.goto(link_in(invitation))
    assert anna_page.get_by_text("Borgerservice, room 2").is_visible()
    # Her reply page offers the meeting for her calendar.
    ics = anna_page.request.get(
        anna_page.get_by_role("link", name="Add to calendar").get_attribute("href")
    )
    [event] = Calendar.from_ical(ics.body()).walk("VEVENT")
    assert str(event["LOCATION"]) == "Borgerservice, room 2"

    assert_accessible(anna_page)
    anna_page.get_by_role("radio").first.check()  # the first choice: yes
    with anna_page.expect_navigation():
        anna_page.locator("main form button[type=submit]").click()
    assert anna_page.get_by_role("status").inner_text().startswith("Thank you.")
    assert_accessible(anna_page)
    for name in ("Lars Nabo", "Bo Bror"):
        row = rows.filter(has_text=name)
        row.get_by_label(f"Reply from {name}").select_option(label="yes")
        with page.expect_navigation():
            row.get_by_role("button", name="Record").click()
        assert page.get_by_text("The reply is recorded.").is_visible()
    for name, *_rest in PEOPLE:
        assert rows.filter(has_text=name).locator("td").nth(3).inner_text() == "yes", name
    assert_accessible(page)

    # The run sheet: the citizen introduces themselves first, then each invitee.
    page.get_by_role("link", name="Room checklist and run sheet").click()
    page.get_by_role("heading", name="Room checklist and run sheet").wait_for()
    introductions = page.locator("#introductions li").all_inner_texts()
    assert introductions[0].startswith(cast.citizen.name)
    assert sorted(line.split(" (")[0] for line in introductions[1:]) == sorted(p[0] for p in PEOPLE)
    assert all(line.endswith("— yes") for line in introductions[1:])
    assert_accessible(page)


def hold_with_memo_and_feedback(page, anna_page, cast, meeting, mail) -> None:
    """Held, with the citizen: the memo and the feedback."""
    # A week later the meeting has been held (the clock cannot wait a week).
    meeting.refresh_from_db()
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=meeting.starts_at - dt.timedelta(days=8),
        ends_at=meeting.ends_at - dt.timedelta(days=8),
    )
    page.goto(f"/citizens/{cast.citizen.pk}/meetings/{meeting.pk}/")
    page.get_by_role("link", name="Write the memo").click()
    page.get_by_label("The citizen was present").wait_for()
    assert_accessible(page)
    page.get_by_label("The citizen was present").check()
    for name, *_rest in PEOPLE:
        page.get_by_label(f"{name} was present").check()
    page.get_by_label("Anna Mor receives the memo").check()
    page.get_by_label("Agreed: How can the rent be paid?").fill("Anna calls the landlord.")
    submit(page, "Save the memo")
    assert page.get_by_text("The memo is saved.").is_visible()
    assert_accessible(page)
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.HELD

    page.goto(f"/citizens/{cast.citizen.pk}/meetings/{meeting.pk}/")
    mail.clear()
    submit(page, "Send the memo")
    assert page.get_by_text("The memo is e-mailed to Anna Mor.").is_visible()
    assert [m["To"] for m in mail.messages] == ["anna@example.dk"]
    assert_accessible(page)

    page.get_by_role("link", name="The participants' feedback").click()
    page.get_by_text("0 of 3 invited have answered.").wait_for()
    assert_accessible(page)
    mail.clear()
    submit(page, "Send the feedback form to the participants")
    assert page.get_by_text("The feedback request is e-mailed to").is_visible()
    assert_accessible(page)
    [request] = mail.messages
    anna_page.goto(link_in(request))
    anna_page.get_by_role("heading", name="Feedback on the network meeting").wait_for()
    assert_accessible(anna_page)
    for question in guide.FEEDBACK.items:
        anna_page.get_by_role("group", name=question.get_text("en")).get_by_label("Yes").check()
    submit(anna_page, "Send feedback")
    assert anna_page.get_by_role("status").is_visible()
    assert_accessible(anna_page)
    assert FeedbackResponse.objects.filter(meeting=meeting).count() == 1
    page.reload()
    page.get_by_text("1 of 3 invited has answered.").wait_for()
    assert_accessible(page)


def test_a_council_with_three_invitees_each_visited(
    browsers,
    browser_errors,
    live_server,
    cast,
    smtp_server,  # noqa: F811  (the fixture imported above)
    settings,
    today,
):
    page, coordinator = browsers
    settings.SITE_URL = live_server.url
    sign_in(page.context, cast.worker, url=live_server.url)
    sign_in(coordinator.context, cast.coordinator, url=live_server.url)

    # --- The worker prepares the council: questions, three invitees, the coordinator ------------
    page.goto(f"/citizens/{cast.citizen.pk}/councils/")
    page.get_by_role("link", name="Prepare a network council").click()
    questions = page.get_by_label("The questions the main person wants the network to discuss")
    questions.wait_for()
    assert_accessible(page)
    questions.fill("How can Ida find a flat of her own?")
    submit(page, "Create the network council")
    assert page.get_by_text("The network council is created.").is_visible()
    council = Council.objects.get(citizen=cast.citizen)
    workspace = f"/councils/{council.pk}/"
    assert_accessible(page)
    for person in PEOPLE:
        invite(page, *person)
    assign = page.locator("#coordinator form")
    assign.get_by_label("Coordinator").select_option(label="Cora Coordinator")
    submit(page, "Assign the coordinator")
    assert page.get_by_text("The coordinator is assigned.").is_visible()
    assert_accessible(page)

    # --- The coordinator visits each of the three ----------------------------------------------
    coordinator.goto(workspace)
    rows = coordinator.locator("#invitees tbody tr")
    assert rows.count() == 3
    assert_accessible(coordinator)
    for n, (name, *_rest) in enumerate(PEOPLE):
        visit = coordinator.locator(
            "form", has=coordinator.get_by_role("button", name="Record the visit")
        )
        visit.get_by_label("Who was visited").select_option(label=name)
        visit.get_by_label("Date of the visit").fill((today - dt.timedelta(days=n)).isoformat())
        visit.get_by_label("Told about the model").check()
        visit.get_by_label("Presented the questions").check()
        visit.get_by_label("Will attend").select_option(label="yes")
        submit(coordinator, "Record the visit", status=200)
        assert coordinator.get_by_text("The visit is recorded.").is_visible()
        assert (
            "told about the model" in rows.filter(has_text=name).locator("td").nth(4).inner_text()
        )
        assert_accessible(coordinator)
    visited = Visit.objects.filter(council=council).select_related("invitee")
    assert sorted(v.invitee.name for v in visited) == sorted(p[0] for p in PEOPLE)
    assert all(v.told_about_model and v.will_attend for v in visited)
    assert Invitee.objects.filter(meeting=council.meeting).count() == 3

    # --- Two tabs press "Start step 1": the second is told, nothing more moves -------------------
    page.goto(workspace)
    page.get_by_role("button", name="Start step 1 – information").wait_for()
    coordinator.goto(workspace)
    submit(coordinator, "Start step 1 – information", status=200)
    coordinator.wait_for_url(f"**{workspace}steps/information/")
    assert_accessible(coordinator)
    submit(page, "Start step 1 – information", status=409)
    # The 409 is the answer asked for here, not a page error.
    [refused] = [e for e in browser_errors if "409" in e and "/advance/" in e]
    browser_errors.remove(refused)
    assert page.get_by_text(
        "The network council has moved on since this page was opened"
    ).is_visible()
    assert page.get_by_role("button", name="Start step 2 – the private meeting").is_visible()
    assert_accessible(page)
    council.refresh_from_db()
    assert council.status == CouncilStatus.INFORMATION
