"""The steps of the network council walk in the browser (`test_council_workflow.py`), each a
part of seed 003's council as one of its people does it. Not a test module itself."""

import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path

from django.utils import timezone
from pypdf import PdfReader

from omkreds.councils.models import Council, CouncilStatus
from omkreds.lib.testing.a11y import assert_accessible
from omkreds.lib.testing.browser import log_in, status_of
from omkreds.meetings.tests.conftest import begun

QUESTIONS = ["How can Ida find a flat of her own?", "Who can help with the money?"]
LINK = re.compile(r"https?://\S+/councils/[0-9a-f-]+/")

# The network's proposals, one of each of the leaflet's four kinds: (kind, what, who, when).
PROPOSALS = [
    (
        "How the main person's situation can be improved",
        "Ida opens her post with Anna",
        "Anna",
        "Mondays",
    ),
    (
        "Initiatives the main person would like to see started",
        "Ida joins the swimming club",
        "Ida",
        "May",
    ),
    (
        "Initiatives public partners could help with",
        "The municipality pays the deposit",
        "",
        "June",
    ),
    (
        "Resources in the network that can be activated",
        "Sven drives the moving van",
        "Sven",
        "July",
    ),
]
DRAFT = [what for _kind, what, _who, _when in PROPOSALS]


def submit(page, name: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=name, exact=True).click()


def expected_error(browser_errors: list[str], status: str, url: str) -> None:
    """The page fixture fails on console errors; an answer this test asked for is not one."""
    [error] = [e for e in browser_errors if status in e and url in e]
    browser_errors.remove(error)


def watched(context, browser_errors: list[str]):
    """A new tab whose uncaught script errors fail the test, as the page fixture's do."""
    tab = context.new_page()
    tab.on("pageerror", lambda error: browser_errors.append(f"uncaught {error}"))
    return tab


def proposal_card(on, what):
    return on.get_by_role("article", name=what, exact=True)


@dataclass
class Walk:
    """What the steps of the walk share: the browsers, the people, the council and its days."""

    page: object
    cast: object
    smtp: object
    browser_errors: list
    coordinator_context: object
    room_context: object
    intruder_context: object
    today: dt.date
    council_day: dt.date
    followup_day: dt.date
    citizen: object = None
    council: Council | None = None
    workspace: str = ""
    council_link: str = ""
    coordinator: object = None
    device: object = None
    code: str = ""
    shown: str = ""


def step_prepare(walk: Walk) -> None:
    """The worker: the main person's questions, the invitees, the coordinator (told by e-mail)."""
    page, cast, citizen, smtp, today, followup_day = (
        walk.page,
        walk.cast,
        walk.citizen,
        walk.smtp,
        walk.today,
        walk.followup_day,
    )
    # --- The worker: questions, invitees, the coordinator ------------------------------------
    page.goto(f"/citizens/{citizen}/")
    page.get_by_role("link", name="Network councils").click()
    page.wait_for_url(f"**/citizens/{citizen}/councils/")
    assert page.get_by_text("No network councils yet.").is_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Prepare a network council").click()
    # The new page, before axe looks at it (issue 15, point 12).
    page.get_by_label("The questions the main person wants the network to discuss").wait_for()
    assert_accessible(page)
    page.get_by_label("The questions the main person wants the network to discuss").fill(
        "\n".join(QUESTIONS)
    )
    page.get_by_label("The employee the main person chose").select_option(label="Wanda Worker")
    page.get_by_label("The main person's language").select_option(label="English")
    submit(page, "Create the network council")
    assert page.get_by_text("The network council is created.").is_visible()
    council = Council.objects.get(citizen=cast.citizen)
    workspace = f"/councils/{council.pk}/"
    assert page.url.endswith(workspace)
    assert page.locator("#questions ol li").all_inner_texts() == QUESTIONS
    assert_accessible(page)

    # The people the main person wants to invite: Anna from the map, Sven and Bent typed in.
    invite = page.locator("form", has=page.get_by_role("button", name="Add to the invitees"))
    invite.get_by_label("Pick from the map or the case team").select_option(label="Anna Mor")
    submit(page, "Add to the invitees")
    assert page.get_by_text("The person is on the list of invitees.").is_visible()
    invite.get_by_label("Name:", exact=True).fill("Sven Nabo")
    invite.get_by_label("Takes part as").select_option(label="close one")
    invite.get_by_label("Relation to the citizen").fill("neighbour")
    invite.get_by_label("Phone").fill("+45 40 50 60 70")
    invite.get_by_label("Invite by").select_option(label="phone")
    submit(page, "Add to the invitees")
    # Bent has neither e-mail nor phone: he is invited by letter.
    invite.get_by_label("Name:", exact=True).fill("Bent Bager")
    invite.get_by_label("Takes part as").select_option(label="close one")
    invite.get_by_label("Relation to the citizen").fill("uncle")
    invite.get_by_label("Postal address").fill("Bagergade 4\n8000 Aarhus C")
    invite.get_by_label("Invite by").select_option(label="letter")
    submit(page, "Add to the invitees")
    assert page.locator("#invitees tbody tr").count() == 3
    assert_accessible(page)

    assign = page.locator("#coordinator form")
    assign.get_by_label("Coordinator").select_option(label="Cora Coordinator")
    assign.get_by_label("From").fill(today.isoformat())
    assign.get_by_label("Until").fill((followup_day + dt.timedelta(days=30)).isoformat())
    submit(page, "Assign the coordinator")
    assert page.get_by_text("The coordinator is assigned.").is_visible()
    assert_accessible(page)

    # The coordinator is told by e-mail: a link to the council, not the main person's name.
    [told] = smtp.messages
    assert told["To"] == cast.coordinator.email
    body = told.get_body(preferencelist=("plain",)).get_content()
    assert str(cast.citizen.name) not in body
    [council_link] = LINK.findall(body)
    assert council_link.endswith(workspace)
    smtp.clear()
    walk.council = council
    walk.workspace = workspace
    walk.council_link = council_link


def step_coordinator(walk: Walk) -> None:
    """The coordinator, in their own browser: the council, never the case."""
    cast, citizen, workspace, council_link, coordinator_context, browser_errors = (
        walk.cast,
        walk.citizen,
        walk.workspace,
        walk.council_link,
        walk.coordinator_context,
        walk.browser_errors,
    )
    # --- The coordinator, in their own browser: the council, never the case -------------------
    coordinator = watched(coordinator_context, browser_errors)
    log_in(coordinator, cast.coordinator)
    # Their list of councils names the council; the e-mail's link opens the same workspace.
    coordinator.goto("/councils/mine/")
    assert coordinator.locator(f"main a[href='{workspace}']").count() == 1
    assert_accessible(coordinator)
    coordinator.goto(council_link)
    assert coordinator.get_by_role("heading", level=1).inner_text().startswith("Network council")
    assert coordinator.locator("#questions ol li").all_inner_texts() == QUESTIONS
    invitees = coordinator.locator("#invitees table")
    anna = invitees.locator("tbody tr", has_text="Anna Mor")
    sven = invitees.locator("tbody tr", has_text="Sven Nabo")
    assert "anna@example.dk" in anna.inner_text()
    assert "+45 40 50 60 70" in sven.inner_text()
    # The map is not offered to the coordinator, and nothing links into the case.
    assert coordinator.get_by_label("Pick from the map or the case team").count() == 0
    assert coordinator.locator(f"a[href*='/citizens/{citizen}']").count() == 0
    assert_accessible(coordinator)

    for url in (f"/citizens/{citizen}/", f"/citizens/{citizen}/map/"):
        assert status_of(coordinator, url) == 404, url
        assert coordinator.get_by_role("heading", name="Not found").is_visible()
        assert str(cast.citizen.name) not in coordinator.content()
        assert_accessible(coordinator)
    walk.coordinator = coordinator


def step_time(walk: Walk) -> None:
    """Time and place, a visit, replies, and the invitations by each invitee's channel."""
    smtp, today, council_day, workspace, coordinator = (
        walk.smtp,
        walk.today,
        walk.council_day,
        walk.workspace,
        walk.coordinator,
    )
    coordinator.goto(workspace)
    invitees = coordinator.locator("#invitees table")
    anna = invitees.locator("tbody tr", has_text="Anna Mor")
    sven = invitees.locator("tbody tr", has_text="Sven Nabo")
    # Time and place, agreed with the main person.
    when = coordinator.locator("#time form")
    when.get_by_label("Date:", exact=True).fill(council_day.isoformat())
    when.get_by_label("Time:", exact=True).fill("17:00")
    when.get_by_label("Duration in minutes").fill("180")
    when.get_by_label("Place:", exact=True).fill("Medborgerhuset, room 3")
    submit(coordinator, "Save time and place")
    assert coordinator.get_by_text("The time and place are saved.").is_visible()
    assert_accessible(coordinator)

    # A personal visit to each of the three, one after the other.
    visit = coordinator.locator(
        "form", has=coordinator.get_by_role("button", name="Record the visit")
    )
    bent = invitees.locator("tbody tr", has_text="Bent Bager")
    assert bent.locator("td").nth(4).inner_text() == "not visited yet"
    for name, row in (("Anna Mor", anna), ("Sven Nabo", sven), ("Bent Bager", bent)):
        visit.get_by_label("Who was visited").select_option(label=name)
        visit.get_by_label("Date of the visit").fill(today.isoformat())
        visit.get_by_label("Told about the model").check()
        visit.get_by_label("Presented the questions").check()
        visit.get_by_label("Will attend").select_option(label="yes")
        submit(coordinator, "Record the visit")
        assert coordinator.get_by_text("The visit is recorded.").is_visible()
        assert "told about the model" in row.locator("td").nth(4).inner_text()
    assert_accessible(coordinator)

    # Sven answered on the phone: the coordinator notes it.
    sven.get_by_label("Reply from Sven Nabo by phone or in person").select_option(label="yes")
    sven.get_by_role("button", name="Record Sven Nabo").click()
    assert coordinator.get_by_text("The reply from Sven Nabo is recorded.").is_visible()
    assert sven.locator("td").nth(3).inner_text().startswith("yes")
    assert_accessible(coordinator)

    # The invitations: Anna by e-mail with a calendar file, Sven by phone, Bent by letter.
    submit(coordinator, "Send the invitations")
    assert coordinator.get_by_text("Invitations e-mailed: 1.").is_visible()
    assert coordinator.get_by_text("make the phone calls").is_visible()
    [invitation] = smtp.messages
    assert invitation["To"] == "anna@example.dk"
    text = invitation.get_body(preferencelist=("plain",)).get_content()
    assert "Medborgerhuset, room 3" in text
    assert any(part.get_content_type() == "text/calendar" for part in invitation.walk())
    assert_accessible(coordinator)


def step_step1(walk: Walk) -> None:
    """Step 1: information."""
    workspace, coordinator = walk.workspace, walk.coordinator
    # --- Step 1: information -----------------------------------------------------------------
    submit(coordinator, "Start step 1 – information")
    coordinator.wait_for_url(f"**{workspace}steps/information/")
    assert coordinator.get_by_text("this step is now").is_visible()
    assert coordinator.get_by_role("heading", name="The questions").is_visible()
    assert "Anna Mor (mother)" in coordinator.locator("main").inner_text()
    assert_accessible(coordinator)


def step_step2(walk: Walk) -> None:
    """Step 2: the private page opens on a device in the room; the first proposal by keyboard."""
    workspace, room_context, browser_errors, coordinator = (
        walk.workspace,
        walk.room_context,
        walk.browser_errors,
        walk.coordinator,
    )
    # --- Step 2: the private meeting, on a device left in the room -----------------------------
    submit(coordinator, "Start step 2 – the private meeting")
    coordinator.wait_for_url(f"**{workspace}steps/private/")
    assert_accessible(coordinator)
    submit(coordinator, "Open the private page for the room")
    assert coordinator.get_by_role("heading", name="The private page is open").is_visible()
    shown = coordinator.locator(".room-code strong").inner_text()
    code = shown.replace(" ", "")
    assert re.fullmatch(r"[A-Z2-9]{8}", code), shown
    assert_accessible(coordinator)

    device = watched(room_context, browser_errors)
    device.goto("/council-room/")
    assert device.get_by_role("heading", name="The private meeting").is_visible()
    assert_accessible(device)
    # The network types the code as read out, in small letters with the space, by keyboard.
    device.get_by_label("The code from the coordinator").focus()
    device.keyboard.type(shown.lower())
    with device.expect_navigation():
        device.keyboard.press("Enter")
    device.wait_for_url("**/council-room/proposals/")
    assert device.locator("main ol li").all_inner_texts() == QUESTIONS
    assert_accessible(device)

    # The first proposal by keyboard only: kind, what, who, when, then the button.
    kind, what, who, when_ = PROPOSALS[0]
    device.get_by_label("Kind of proposal").focus()
    assert (
        device.get_by_label("Kind of proposal").evaluate("el => el.selectedOptions[0].textContent")
        == kind
    )
    device.keyboard.press("Tab")
    device.keyboard.type(what)
    device.keyboard.press("Tab")
    device.keyboard.type(who)
    device.keyboard.press("Tab")
    device.keyboard.type(when_)
    device.keyboard.press("Tab")
    with device.expect_navigation():
        device.keyboard.press("Enter")
    assert device.get_by_text("The proposal is written down.").is_visible()
    assert device.get_by_text(what, exact=True).is_visible()
    assert_accessible(device)
    walk.device = device
    walk.code = code
    walk.shown = shown


def step_proposals(walk: Walk) -> None:
    """The room writes the other proposals, corrects one, and sees them by the leaflet's kinds."""
    device = walk.device
    form = device.locator("form", has=device.get_by_role("button", name="Add the proposal"))
    for kind, what, who, when_ in PROPOSALS[1:]:
        form.get_by_label("Kind of proposal").select_option(label=kind)
        form.get_by_label("What").fill(what)
        form.get_by_label("Who").fill(who)
        form.get_by_label("When").fill(when_)
        submit(device, "Add the proposal")
        assert device.get_by_text("The proposal is written down.").is_visible()
    # The device corrects a proposal on its own page.
    device.get_by_role("link", name=re.compile(f"^Change.*{PROPOSALS[1][1]}")).click()
    device.wait_for_url(re.compile(r"/council-room/proposals/\d+/$"))
    assert device.get_by_label("What").input_value() == PROPOSALS[1][1]
    assert_accessible(device)
    device.get_by_label("When").fill("in May")
    submit(device, "Save")
    assert device.get_by_text("When: in May").is_visible()
    # Grouped by the leaflet's four kinds, each under its heading.
    for kind, what, _who, _when in PROPOSALS:
        heading = device.get_by_role("heading", name=kind, level=3)
        assert heading.locator("xpath=following-sibling::*[1]").inner_text().startswith(what)
    assert_accessible(device)


def step_nobody(walk: Walk) -> None:
    """Nobody else reads the draft: not a second device, not the worker's account."""
    page, workspace, intruder_context, browser_errors, code = (
        walk.page,
        walk.workspace,
        walk.intruder_context,
        walk.browser_errors,
        walk.code,
    )
    # A second device with the same code is refused, with the message of a wrong code.
    intruder = watched(intruder_context, browser_errors)
    intruder.goto("/council-room/")
    intruder.get_by_label("The code from the coordinator").fill(code)
    submit(intruder, "Open")
    assert intruder.get_by_text("This code cannot be used", exact=False).is_visible()
    assert intruder.url.endswith("/council-room/")
    assert intruder.get_by_text(DRAFT[0]).count() == 0
    assert_accessible(intruder)

    # The worker's account cannot read the draft: counts only, and the room page is not found.
    page.goto(workspace)
    assert page.get_by_text("The network has written 4 proposals so far.").is_visible()
    for what in DRAFT:
        assert page.get_by_text(what).count() == 0
    assert_accessible(page)
    page.goto(f"{workspace}plan/")
    assert page.get_by_text("The network has written 4 proposals.").is_visible()
    for what in DRAFT:
        assert page.get_by_text(what).count() == 0
    assert page.get_by_role("button", name="The plan is presented: show it").count() == 0
    assert_accessible(page)
    assert status_of(page, "/council-room/proposals/") == 404
    assert_accessible(page)
    expected_error(browser_errors, "404", "/council-room/proposals/")


def step_step3(walk: Walk) -> None:
    """Step 3: the private page closes, and the plan is presented."""
    workspace, coordinator, device = walk.workspace, walk.coordinator, walk.device
    # --- Step 3: acknowledgement of the plan ----------------------------------------------------
    coordinator.get_by_role("link", name="Back to the run sheet").click()
    coordinator.wait_for_url(f"**{workspace}steps/private/")
    assert coordinator.get_by_text("The network has written 4 proposals so far.").is_visible()
    assert coordinator.get_by_text(DRAFT[0]).count() == 0
    assert_accessible(coordinator)
    submit(coordinator, "End the private meeting and start step 3")
    coordinator.wait_for_url(f"**{workspace}steps/acknowledgement/")
    assert_accessible(coordinator)

    # The device's page has closed with the private meeting.
    device.reload()
    assert device.get_by_role("status").inner_text().startswith("The private meeting has ended")
    assert device.get_by_text(DRAFT[0]).count() == 0
    assert_accessible(device)

    coordinator.get_by_role("link", name="The personal plan and its acknowledgement").click()
    coordinator.wait_for_url(f"**{workspace}plan/")
    assert_accessible(coordinator)
    coordinator.get_by_label("Who from the network presents the plan").fill("Anna Mor")
    submit(coordinator, "The plan is presented: show it")
    assert coordinator.get_by_text("The plan is presented. Now answer each proposal.").is_visible()
    for kind, what, _who, _when in PROPOSALS:
        section = coordinator.locator("section", has=coordinator.get_by_role("heading", name=kind))
        assert section.get_by_role("article", name=what).is_visible()
    assert_accessible(coordinator)


def step_answers(walk: Walk) -> None:
    """Each proposal is answered, by the network and the coordinator, and by the worker."""
    page, workspace, browser_errors, coordinator = (
        walk.page,
        walk.workspace,
        walk.browser_errors,
        walk.coordinator,
    )
    # Asked to elaborate, the network makes a proposal more concrete; staff write it down.
    card = proposal_card(coordinator, DRAFT[0])
    card.get_by_text("Make it more concrete").click()
    card.get_by_label("When").fill("Mondays at 18")
    with coordinator.expect_navigation():
        card.get_by_role("button", name=re.compile("^Save the proposal")).click()
    assert coordinator.get_by_text("The proposal is updated.").is_visible()
    assert "Mondays at 18" in proposal_card(coordinator, DRAFT[0]).locator("dl").inner_text()
    assert_accessible(coordinator)

    # The responsible parties answer: the network and the coordinator for three ...
    for what, answer, responsible in (
        (DRAFT[0], "accepted", "Anna Mor"),
        (DRAFT[1], "needs clarification", "Ida"),
        (DRAFT[3], "accepted", "Sven Nabo"),
    ):
        card = proposal_card(coordinator, what)
        card.get_by_label("Answer:", exact=True).select_option(label=answer)
        card.get_by_label("Responsible party").fill(responsible)
        with coordinator.expect_navigation():
            card.get_by_role("button", name=re.compile("^Save the answer")).click()
        assert coordinator.get_by_text("The answer is saved.").is_visible()
        assert answer in proposal_card(coordinator, what).inner_text()
    assert_accessible(coordinator)

    # ... and the worker for the public partner's: not possible, which needs a reason.
    page.goto(f"{workspace}plan/")
    card = proposal_card(page, DRAFT[2])
    card.get_by_label("Answer:", exact=True).select_option(label="not possible")
    with page.expect_navigation():
        card.get_by_role("button", name=re.compile("^Save the answer")).click()
    assert page.get_by_text("Give the reason why this is not possible.").is_visible()
    assert_accessible(page)
    expected_error(browser_errors, "400", "/answer/")
    card = proposal_card(page, DRAFT[2])
    card.get_by_label("Answer:", exact=True).select_option(label="not possible")
    card.get_by_label("Reason, if not possible").fill("The rules allow no deposit this year")
    with page.expect_navigation():
        card.get_by_role("button", name=re.compile("^Save the answer")).click()
    assert page.get_by_text("The answer is saved.").is_visible()
    assert (
        "not possible: The rules allow no deposit this year"
        in proposal_card(page, DRAFT[2]).inner_text()
    )
    assert_accessible(page)


def step_close(walk: Walk) -> None:
    """The council closes with a follow-up meeting; the coordinator's reach ends."""
    followup_day, council, workspace, coordinator = (
        walk.followup_day,
        walk.council,
        walk.workspace,
        walk.coordinator,
    )
    # --- The council closes with a follow-up meeting ----------------------------------------------
    coordinator.reload()
    close = coordinator.locator("#close form")
    close.get_by_label("What happens from here").fill("Anna and Ida meet the landlord together.")
    close.get_by_label("Follow-up meeting:", exact=True).fill(followup_day.isoformat())
    close.get_by_label("Follow-up time").fill("15:00")
    submit(coordinator, "Close the network council")
    coordinator.wait_for_url("**/councils/mine/")
    assert coordinator.get_by_text("The network council is closed.").is_visible()
    assert coordinator.get_by_text("You coordinate no open network council.").is_visible()
    council.refresh_from_db()
    assert council.status == CouncilStatus.CLOSED
    assert timezone.localtime(council.followup_at).date() == followup_day
    assert_accessible(coordinator)

    # The coordinator's reach ends with the council.
    for url in (workspace, f"{workspace}plan/"):
        assert status_of(coordinator, url) == 404, url
        assert_accessible(coordinator)


def step_plan(walk: Walk) -> None:
    """The personal plan for the case: the page, its PDF, shared with whom the main person agrees."""
    page, smtp, workspace = walk.page, walk.smtp, walk.workspace
    # --- The personal plan, for the case: the page and its PDF --------------------------------------
    page.goto(f"{workspace}plan/")
    assert page.get_by_text("Anna and Ida meet the landlord together.").is_visible()
    closed = page.locator("#closed").inner_text()
    assert "Follow-up meeting" in closed
    assert page.get_by_role("link", name="Invite to the follow-up meeting").is_visible()
    for kind, what, _who, _when in PROPOSALS:
        assert page.get_by_role("heading", name=kind).is_visible()
        assert page.get_by_text(what, exact=True).is_visible()
    assert page.get_by_role("button", name=re.compile("^Save the answer")).count() == 0
    assert_accessible(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="The plan (PDF)").click()
    pdf = download.value
    assert pdf.suggested_filename == "personal-plan.pdf"
    content = Path(pdf.path()).read_bytes()
    assert content.startswith(b"%PDF")
    text = " ".join(
        " ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(content)).pages
    )
    for what in DRAFT:
        assert what in text
    assert "The rules allow no deposit this year" in text

    # Shared with the participants the main person agrees may have it.
    smtp.clear()
    page.locator("#share").get_by_label("Anna Mor (anna@example.dk)").check()
    submit(page, "Send the plan")
    assert page.get_by_text("The plan is e-mailed to Anna Mor.").is_visible()
    [shared] = smtp.messages
    assert shared["To"] == "anna@example.dk"
    assert [a.get_content_type() for a in shared.iter_attachments()] == ["application/pdf"]
    assert_accessible(page)


def step_followup(walk: Walk) -> None:
    """The follow-up: each proposal's status, the map, the meeting, the feedback, the list."""
    page, citizen, smtp, workspace = walk.page, walk.citizen, walk.smtp, walk.workspace
    # The follow-up meeting's page, from the plan; the list shows the council closed.
    page.get_by_role("link", name="Each proposal's status, and the map").click()
    page.wait_for_url(f"**{workspace}followup/")
    sven_drives = page.get_by_role("group", name=re.compile(re.escape(DRAFT[3])))
    assert sven_drives.is_visible()
    assert_accessible(page)
    # Sven was typed in, not picked from the map: he joins the map where the worker says.
    sven_drives.get_by_label("Status").select_option(label="done")
    sven_drives.get_by_label("Add Sven to the network map, in the sector").select_option(
        label="Others"
    )
    submit(page, "Save the follow-up")
    assert page.get_by_text("The network map is updated (version 2).").is_visible()
    status_row = page.locator("tbody tr", has_text=DRAFT[3])
    assert status_row.locator("td").nth(3).inner_text() == "done"
    assert_accessible(page)
    # The follow-up meeting set up on closing: a question per proposal, ready to invite to.
    page.goto(f"{workspace}plan/")
    page.get_by_role("link", name="Invite to the follow-up meeting").click()
    page.wait_for_url(re.compile(rf"/citizens/{citizen}/meetings/[0-9a-f-]+/$"))
    assert DRAFT[0] in page.locator("main").inner_text()
    assert_accessible(page)
    # In the citizen's meetings list the council is a council, with a link to its page.
    page.goto(f"/citizens/{citizen}/meetings/")
    page.get_by_role("link", name=re.compile("^Network council")).click()
    page.wait_for_url(f"**{workspace}")
    # The council was held on its day (the clock cannot wait): feedback waits for its start.
    begun(Council.objects.get(pk=walk.council.pk).meeting, minutes_ago=240)
    # The meetings' anonymous feedback form, sent from the council's page.
    smtp.clear()
    submit(page, "Send the feedback form to the participants")
    assert page.get_by_text("The feedback request is e-mailed to Anna Mor").is_visible()
    assert page.get_by_text("shown once at least 3 people have answered").is_visible()
    assert_accessible(page)
    page.goto(f"/citizens/{citizen}/councils/")
    row = page.locator("tbody tr")
    assert row.count() == 1
    assert row.locator("td").nth(1).inner_text() == "closed"
    assert row.locator("td").nth(2).inner_text() == "Cora Coordinator"
    assert_accessible(page)
