"""A network meeting in a real browser, as a worker walks it (seed 002, "ABC för ett lyckat
nätverksmöte"): decide, prepare with the citizen, set time and place, invite from the map and by
typing, send the invitations (to a real SMTP server on loopback), an invitee replies through the
link in the e-mail, the run sheet, the memo with attendance, an action with owner and due date,
the follow-up meeting the memo sets up, the feedback request, feedback through the personal
links, and the results. axe-core runs on every page the walk visits.

The invitees' pages are opened in a second browser context: another person's browser, with no
login and no cookies of the worker's.
"""

import datetime as dt
import re
from dataclasses import dataclass

import pytest
from django.utils import timezone

from omkreds.citizens.models import CaseRole, CaseTeamMember
from omkreds.lib.testing.a11y import assert_accessible
from omkreds.lib.testing.browser import TIMEOUT_MS, sign_in
from omkreds.lib.testing.smtp import smtp_server  # noqa: F401  (fixture)
from omkreds.meetings import guide
from omkreds.meetings.models import Action, FeedbackResponse, Meeting, MeetingStatus
from omkreds.networks.schema import Contact, MapDocument
from omkreds.networks.services import map_save

pytestmark = pytest.mark.browser

LINK = re.compile(r"https?://\S+/meetings/\S+/(?:reply|feedback)/\S+/")


def submit(page, name: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=name, exact=True).click()


def link_in(message) -> str:
    body = message.get_body(preferencelist=("plain",)).get_content()
    [url] = LINK.findall(body)
    return url


def by_recipient(server) -> dict:
    return {envelope.recipients[0]: envelope.message for envelope in server.envelopes}


@pytest.fixture
def network(cast):
    """The citizen's network map and case team, as the earlier issues leave them."""
    document = MapDocument(
        contacts=[
            Contact(
                id="c-anna",
                name="Anna Mor",
                sector="family",
                closeness=0.2,
                relation="mother",
                email="anna@example.dk",
            ),
            Contact(id="c-bo", name="Bo Bror", sector="family", closeness=0.4, phone_main="+45 2"),
        ]
    )
    map_save(citizen=cast.citizen, author=cast.worker, document=document, based_on=None)
    CaseTeamMember.objects.create(citizen=cast.citizen, user=cast.colleague, role=CaseRole.WORKER)


@pytest.fixture
def invitee_context(browser, live_server):
    """Another person's browser: no login, no cookies of the worker's."""
    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", viewport={"width": 900, "height": 900}
    )
    context.set_default_timeout(TIMEOUT_MS)
    yield context
    context.close()


@dataclass
class Walk:
    """What the steps of the walk share: the worker's page, the other person's browser, the
    cast, the mail server, the meeting and the days it is set on."""

    page: object
    invitee_context: object
    cast: object
    smtp: object
    meeting_day: dt.date
    followup_day: dt.date
    action_due: dt.date
    meeting: Meeting | None = None
    invitation: object = None


def test_a_network_meeting_from_the_worry_to_the_feedback(
    page,
    context,
    invitee_context,
    live_server,
    cast,
    network,
    smtp_server,  # noqa: F811  (the fixture imported above)
    settings,
    today,
):
    # The links in the e-mails point at the server the browsers talk to.
    settings.SITE_URL = live_server.url
    sign_in(context, cast.worker, url=live_server.url)
    walk = Walk(
        page=page,
        invitee_context=invitee_context,
        cast=cast,
        smtp=smtp_server,
        meeting_day=today + dt.timedelta(days=7),
        followup_day=today + dt.timedelta(days=49),
        action_due=today + dt.timedelta(days=21),
    )
    _decide(walk)
    _prepare(walk)
    _time_place_and_invitees(walk)
    _send_the_invitations(walk)
    _the_invitee_answers(walk)
    _run_sheet(walk)
    _memo(walk)
    _action(walk)
    _followup(walk)
    _memo_goes_out(walk)
    _feedback(walk)
    _results(walk)


def _decide(walk: Walk) -> None:
    page, cast = walk.page, walk.cast
    # --- 1. Decide --------------------------------------------------------------------------
    page.goto(f"/citizens/{cast.citizen.pk}/")
    page.get_by_role("link", name="Network meetings").click()
    page.wait_for_url(f"**/citizens/{cast.citizen.pk}/meetings/")
    assert page.get_by_text("No network meetings yet.").is_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Call a network meeting").click()
    # The new page, before axe looks at it: under CPU load axe once ran mid-navigation.
    page.get_by_label("The worry").wait_for()
    assert_accessible(page)
    page.get_by_label("The worry").fill("Rent arrears are growing; letters stay unopened.")
    page.get_by_label("Why your own tools are not enough").fill("Weekly talks move nothing.")
    page.get_by_label("Goal of the meeting").fill("A plan for the flat that everyone knows.")
    page.get_by_label("Questions to discuss").fill(
        "How can the rent be paid?\nWho can help with the letters?"
    )
    page.get_by_label("Carl Colleague").check()
    submit(page, "Decide on the meeting")
    assert page.get_by_text("The meeting is decided.").is_visible()
    meeting = walk.meeting = Meeting.objects.get(citizen=cast.citizen)
    assert meeting.status == MeetingStatus.DECIDED
    assert [q.text for q in meeting.questions.all()] == [
        "How can the rent be paid?",
        "Who can help with the letters?",
    ]
    assert_accessible(page)


def _prepare(walk: Walk) -> None:
    page, meeting = walk.page, walk.meeting
    # --- 2. Prepare with the citizen, by keyboard: each point is a toggle button named by it ---
    preparation = page.locator("#preparation")
    for item in guide.PREPARATION.items:
        point = preparation.get_by_role("button", name=item.get_text("en"), pressed=False)
        point.focus()
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert (
            preparation.get_by_role("button", name=item.get_text("en"), pressed=True).count() == 1
        )
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PREPARED
    assert_accessible(page)


def _time_place_and_invitees(walk: Walk) -> None:
    page = walk.page
    # --- 3. Time and place; invite from the map and by typing a name --------------------------
    when = page.locator("#invitation form")
    when.get_by_label("Date:", exact=True).fill(walk.meeting_day.isoformat())
    when.get_by_label("Time:", exact=True).fill("10:00")
    when.get_by_label("Duration in minutes").fill("90")
    when.get_by_label("Place:", exact=True).fill("Borgerservice, room 2")
    submit(page, "Save time and place")
    assert page.get_by_text("The time and place are saved.").is_visible()
    assert_accessible(page)

    invite = page.locator("form", has=page.get_by_role("button", name="Add to the invitees"))
    invite.get_by_label("Pick from the map or the case team").select_option(label="Anna Mor")
    submit(page, "Add to the invitees")
    assert page.get_by_text("The person is on the list of invitees.").is_visible()

    invite.get_by_label("Name:", exact=True).fill("Sven Nabo")
    invite.get_by_label("Takes part as").select_option(label="close one")
    invite.get_by_label("Relation to the citizen").fill("neighbour")
    invite.get_by_label("E-mail address").fill("sven@example.se")
    invite.get_by_label("Language:", exact=True).select_option("en")
    submit(page, "Add to the invitees")
    invitees = page.locator("#invitees table")
    # The guide's order of introductions: close ones first, then employees.
    assert [row.split("\t")[0] for row in invitees.locator("tbody tr").all_inner_texts()] == [
        "Anna Mor (mother)",
        "Sven Nabo (neighbour)",
        "Carl Colleague",
    ]
    assert_accessible(page)


def _send_the_invitations(walk: Walk) -> None:
    page, meeting = walk.page, walk.meeting
    # --- Send the invitations: three e-mails reach the SMTP server -----------------------------
    submit(page, "Send the invitations")
    assert page.get_by_text("Invitations e-mailed: 3.").is_visible()
    mails = by_recipient(walk.smtp)
    assert set(mails) == {"anna@example.dk", "sven@example.se", "colleague@example.org"}
    invitation = walk.invitation = mails["sven@example.se"]
    assert "Borgerservice, room 2" in invitation.get_body(preferencelist=("plain",)).get_content()
    assert any(part.get_content_type() == "text/calendar" for part in invitation.walk())
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.INVITED
    assert_accessible(page)


def _the_invitee_answers(walk: Walk) -> None:
    page = walk.page
    # --- The invitee answers through the link, in their own browser, by keyboard -------------
    invitee_page = walk.invitee_context.new_page()
    invitee_page.goto(link_in(walk.invitation))
    assert invitee_page.get_by_text("Borgerservice, room 2").is_visible()
    assert_accessible(invitee_page)
    invitee_page.get_by_role("radio").first.focus()
    invitee_page.keyboard.press("Space")  # the first choice: yes
    invitee_page.keyboard.press("Tab")
    with invitee_page.expect_navigation():
        invitee_page.keyboard.press("Enter")
    assert invitee_page.get_by_role("status").inner_text().startswith("Thank you.")
    assert_accessible(invitee_page)

    page.reload()
    invitees = page.locator("#invitees table")
    sven = invitees.locator("tbody tr", has_text="Sven Nabo")
    assert sven.locator("td").nth(3).inner_text() == "yes"

    # The worker records Anna's answer, given by phone.
    anna = invitees.locator("tbody tr", has_text="Anna Mor")
    anna.get_by_label("Reply from Anna Mor").select_option(label="yes")
    with page.expect_navigation():
        anna.get_by_role("button", name="Record").click()
    assert page.get_by_text("The reply is recorded.").is_visible()
    assert_accessible(page)


def _run_sheet(walk: Walk) -> None:
    page, cast, meeting = walk.page, walk.cast, walk.meeting
    # --- The room checklist and the chair's run sheet -----------------------------------------
    page.get_by_role("link", name="Room checklist and run sheet").click()
    assert page.get_by_role("heading", name="Room checklist and run sheet").is_visible()
    # Seed 002: the citizen introduces themselves first, then each invitee with their reply.
    introductions = page.locator("#introductions li").all_inner_texts()
    assert introductions[0].startswith(cast.citizen.name)
    later = introductions[1:]
    assert [line.split(" (")[0] for line in later] == ["Anna Mor", "Sven Nabo", "Carl Colleague"]
    assert [line.endswith("— yes") for line in later] == [True, True, False]
    assert_accessible(page)

    # A week later the meeting has been held (the clock cannot wait a week).
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=meeting.starts_at - dt.timedelta(days=8),
        ends_at=meeting.ends_at - dt.timedelta(days=8),
    )


def _memo(walk: Walk) -> None:
    page, meeting = walk.page, walk.meeting
    # --- The memo: attendance, notes per question, who gets it -----------------------------------
    page.get_by_role("link", name=str(meeting)).click()
    page.get_by_role("link", name="Write the memo").click()
    page.get_by_label("The citizen was present").wait_for()  # the page axe checks
    assert_accessible(page)
    page.get_by_label("The citizen was present").check()
    page.get_by_label("Anna Mor was present").check()
    page.get_by_label("Sven Nabo was present").check()
    page.get_by_label("Carl Colleague was present").check()
    page.get_by_label("Anna Mor receives the memo").check()
    page.get_by_label("Chair:", exact=True).fill("Carl Colleague")
    page.get_by_label("Secretary").fill("Wanda Worker")
    page.get_by_label("Notes: How can the rent be paid?").fill("A payment plan with the landlord.")
    page.get_by_label("Agreed: How can the rent be paid?").fill("Anna calls the landlord.")
    page.get_by_label("The citizen's responsible employee").select_option(label="Wanda Worker")
    page.get_by_label("Was the meeting successful?").select_option(label="yes")
    submit(page, "Save the memo")
    assert page.get_by_text("The memo is saved.").is_visible()
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    assert_accessible(page)


def _action(walk: Walk) -> None:
    page, meeting = walk.page, walk.meeting
    # --- An action with an owner and a due date ------------------------------------------------
    page.get_by_role("link", name="Add an action").click()
    page.get_by_label("What:", exact=True).wait_for()  # the page axe checks
    assert_accessible(page)
    page.get_by_label("What:", exact=True).fill("Call the landlord about a payment plan")
    page.get_by_label("Who:", exact=True).select_option(label="Anna Mor")
    page.get_by_label("With whom").fill("the citizen")
    page.get_by_label("When:", exact=True).fill(walk.action_due.isoformat())
    submit(page, "Add")
    assert page.get_by_text("The action is added.").is_visible()
    action = Action.objects.get(meeting=meeting)
    assert (action.owner_label, action.due_on) == ("Anna Mor", walk.action_due)
    assert_accessible(page)

    page.get_by_role("link", name="All the citizen's actions").click()
    row = page.locator("tbody tr", has_text="Call the landlord about a payment plan")
    assert row.locator("td").nth(1).inner_text() == "Anna Mor"
    assert row.locator("td").nth(4).inner_text() == "open"
    assert_accessible(page)


def _followup(walk: Walk) -> None:
    page, cast, meeting = walk.page, walk.cast, walk.meeting
    # --- The follow-up meeting, set in the memo, starts from the actions ------------------------
    page.go_back()
    page.get_by_role("link", name="Edit the memo").click()
    assert page.get_by_label("Anna Mor was present").is_checked()
    assert_accessible(page)
    page.get_by_label("Follow-up meeting:", exact=True).fill(walk.followup_day.isoformat())
    page.get_by_label("Follow-up time").fill("13:00")
    submit(page, "Save the memo")
    assert page.get_by_text("A follow-up meeting is set up").is_visible()
    followup = Meeting.objects.get(follows=meeting)
    assert timezone.localtime(followup.starts_at).date() == walk.followup_day

    page.get_by_role("link", name=str(cast.citizen.name)).first.click()
    assert page.get_by_role("row", name=re.compile(str(followup))).is_visible()
    assert_accessible(page)
    page.get_by_role("link", name=str(followup)).click()
    # The questions are written in the organisation's language (Danish), for everyone invited.
    questions = page.locator("h2:has-text('Questions') + ol li").all_inner_texts()
    assert questions == ["Hvad er der sket siden sidste møde?"]
    # Under it, the previous meeting's actions as they stand now.
    since = page.locator("#since-last tbody tr", has_text="Call the landlord about a payment plan")
    assert since.locator("td").nth(1).inner_text() == "Anna Mor"
    assert page.get_by_role("link", name=re.compile(str(meeting))).first.is_visible()
    assert page.locator("#invitees tbody tr").count() == 3
    assert_accessible(page)


def _memo_goes_out(walk: Walk) -> None:
    page, meeting = walk.page, walk.meeting
    # --- The memo goes to those the citizen agreed may have it ---------------------------------
    page.go_back()
    page.get_by_role("link", name=str(meeting)).click()
    walk.smtp.clear()
    submit(page, "Send the memo")
    assert page.get_by_text("The memo is e-mailed to Anna Mor.").is_visible()
    [memo_mail] = walk.smtp.messages
    assert memo_mail["To"] == "anna@example.dk"
    assert [a.get_content_type() for a in memo_mail.iter_attachments()] == [
        "application/pdf",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ]
    assert_accessible(page)


def _feedback(walk: Walk) -> None:
    page, meeting = walk.page, walk.meeting
    # --- Feedback: asked for by e-mail, given through each person's own link --------------------
    page.get_by_role("link", name="The participants' feedback").click()
    assert page.get_by_text("0 of 3 invited have answered.").is_visible()
    assert_accessible(page)
    walk.smtp.clear()
    submit(page, "Send the feedback form to the participants")
    assert page.get_by_text("The feedback request is e-mailed to").is_visible()
    assert_accessible(page)
    links = {to: link_in(message) for to, message in by_recipient(walk.smtp).items()}
    assert set(links) == {"anna@example.dk", "sven@example.se", "colleague@example.org"}

    # Sven (English) answers by the labels he reads; the form asks nothing about who he is.
    form = walk.invitee_context.new_page()
    form.goto(links["sven@example.se"])
    assert form.get_by_role("heading", name="Feedback on the network meeting").is_visible()
    assert_accessible(form)
    for question in guide.FEEDBACK.items:
        form.get_by_role("group", name=question.get_text("en")).get_by_label("Yes").check()
    form.get_by_role("group", name="Did you feel involved?").get_by_label("Partly").check()
    form.get_by_label("Anything else you want to say?").fill("Good to hear everyone.")
    submit(form, "Send feedback")
    assert form.get_by_role("status").is_visible()
    assert_accessible(form)
    # The link answers once.
    form.goto(links["sven@example.se"])
    assert form.get_by_role("button", name="Send feedback").count() == 0
    assert_accessible(form)

    # Anna's form is in Danish, her language; Carl's in English. Each answers every question.
    for to, answer in (("anna@example.dk", "yes"), ("colleague@example.org", "no")):
        other = walk.invitee_context.new_page()
        other.goto(links[to])
        if to == "anna@example.dk":
            assert other.get_by_role("button", name="Send tilbagemelding").is_visible()
            assert_accessible(other)
        for question in guide.FEEDBACK.items:
            other.locator(f"input[name='{question.key}'][value='{answer}']").check()
        with other.expect_navigation():
            other.locator("main form button[type=submit]").click()
        assert other.get_by_role("status").is_visible()
    assert FeedbackResponse.objects.filter(meeting=meeting).count() == 3


def _results(walk: Walk) -> None:
    page = walk.page
    # --- The results, now that three have answered -----------------------------------------------
    page.reload()
    assert page.get_by_text("3 of 3 invited have answered.").is_visible()
    results = page.get_by_role("table", name="Answers per question")
    involved = results.get_by_role("row", name=re.compile("Did you feel involved"))
    assert involved.get_by_role("cell").all_inner_texts() == ["1", "1", "1", "3"]
    heard = results.get_by_role("row", name=re.compile("were you heard"))
    assert heard.get_by_role("cell").all_inner_texts() == ["2", "0", "1", "3"]
    assert page.get_by_text("Good to hear everyone.").is_visible()
    assert_accessible(page)
