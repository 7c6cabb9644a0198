"""The council pages (views.py) and the private page in the room (views_room.py).

Council pages name the council, never the citizen: a coordinator follows these links only.
"""

from django.urls import path

from omkreds.councils import views
from omkreds.councils import views_delivery as delivery
from omkreds.councils import views_room as room

app_name = "councils"

CITIZEN = "citizens/<uuid:citizen_id>/councils/"
COUNCIL = "councils/<uuid:council_id>/"

urlpatterns = [
    path(CITIZEN, views.council_list, name="council_list"),
    path(CITIZEN + "new/", views.council_create, name="council_create"),
    path("councils/mine/", views.council_mine, name="council_mine"),
    path(COUNCIL, views.council, name="council"),
    path(COUNCIL + "questions/", views.questions, name="council_questions"),
    path(COUNCIL + "coordinator/", views.coordinator, name="council_coordinator"),
    path(COUNCIL + "schedule/", views.schedule, name="council_schedule"),
    path(COUNCIL + "invitees/", views.invitee_add, name="council_invitee_add"),
    path(
        COUNCIL + "invitees/<int:invitee_id>/letter.pdf",
        delivery.letter_pdf,
        name="council_letter_pdf",
    ),
    path(COUNCIL + "visits/", views.visit, name="council_visit"),
    path(COUNCIL + "send/", views.send, name="council_send"),
    path(COUNCIL + "steps/<slug:step>/", views.run_sheet, name="council_run_sheet"),
    path(COUNCIL + "advance/", views.advance, name="council_advance"),
    path(COUNCIL + "room/", views.room_open, name="council_room_open"),
    path(COUNCIL + "plan/", views.plan, name="council_plan"),
    path(COUNCIL + "plan/present/", views.present, name="council_present"),
    path(
        COUNCIL + "plan/proposals/<int:proposal_id>/answer/",
        views.answer,
        name="council_answer",
    ),
    path(
        COUNCIL + "plan/proposals/<int:proposal_id>/",
        views.elaborate,
        name="council_elaborate",
    ),
    path(COUNCIL + "plan/share/", views.share, name="council_share"),
    path(COUNCIL + "plan.pdf", views.plan_pdf, name="council_plan_pdf"),
    path(COUNCIL + "close/", views.close, name="council_close"),
    path(COUNCIL + "followup/", views.followup, name="council_followup"),
    # The device in the room: no account.
    path("council-room/", room.room, name="council_room"),
    path("council-room/proposals/", room.proposals, name="council_room_proposals"),
    path(
        "council-room/proposals/<int:proposal_id>/",
        room.proposal,
        name="council_room_proposal",
    ),
]

# The coordinator's work on the invitees and the feedback (views_invitees.py).
from omkreds.councils import views_invitees as invitees  # noqa: E402

urlpatterns += [
    path(
        COUNCIL + "invitees/<int:invitee_id>/remove/",
        invitees.invitee_remove,
        name="council_invitee_remove",
    ),
    path(
        COUNCIL + "invitees/<int:invitee_id>/reply/",
        invitees.reply_record,
        name="council_reply_record",
    ),
    path(COUNCIL + "feedback/send/", invitees.feedback_send, name="council_feedback_send"),
]
# The feedback on paper (views_feedback.py).
from omkreds.councils import views_feedback as feedback  # noqa: E402

urlpatterns += [
    path(COUNCIL + "feedback/form.pdf", feedback.form_pdf, name="council_feedback_form"),
    path(COUNCIL + "feedback/paper/", feedback.paper, name="council_feedback_paper"),
]

# The planning meeting of main person, employee and coordinator (views_planning.py), and the
# council's calendar file (views_calendar.py).
from omkreds.councils import views_calendar, views_planning  # noqa: E402

urlpatterns += [
    path(COUNCIL + "planning/", views_planning.planning_meeting, name="council_planning"),
    path(COUNCIL + "calendar.ics", views_calendar.council_calendar, name="council_calendar"),
]

# The delivery list's actions (views_delivery.py).
urlpatterns += [
    path(COUNCIL + "print-pack.pdf", delivery.print_pack, name="council_print_pack"),
    path(COUNCIL + "deliveries/printed/", delivery.printed, name="council_deliveries_printed"),
    path(COUNCIL + "deliveries/call/", delivery.call, name="council_delivery_call"),
    path(COUNCIL + "deliveries/handed/", delivery.handed, name="council_delivery_handed"),
]
