from django.urls import path

from omkreds.meetings import views_citizen, views_public, views_staff

app_name = "meetings"

urlpatterns = [
    path("meetings/<uuid:meeting_id>/reply/<str:token>/", views_public.reply, name="reply"),
    path(
        "meetings/<uuid:meeting_id>/feedback/<str:token>/",
        views_public.feedback,
        name="feedback",
    ),
    # Short links typed from paper (shortlinks.py): the form, and the code in the address.
    path("r/", views_public.short_form, name="short_form"),
    path("r/<str:code>", views_public.short_link, name="short_link"),
]

# The staff's pages (views_staff.py).
CITIZEN = "citizens/<uuid:citizen_id>/meetings/"
MEETING = CITIZEN + "<uuid:meeting_id>/"
INVITEE = MEETING + "invitees/<int:invitee_id>/"

urlpatterns += [
    path(CITIZEN, views_staff.meeting_list, name="list"),
    path(CITIZEN + "new/", views_staff.decide, name="decide"),
    path(CITIZEN + "actions/", views_staff.actions, name="actions"),
    path(CITIZEN + "actions/<int:action_id>/done/", views_staff.action_done, name="action_done"),
    path(MEETING, views_staff.meeting, name="meeting"),
    path(MEETING + "tick/", views_staff.tick, name="tick"),
    path(MEETING + "schedule/", views_staff.schedule, name="schedule"),
    path(MEETING + "invitees/", views_staff.invitee_add, name="invitee_add"),
    path(MEETING + "citizen/", views_citizen.citizen_take_part, name="citizen_take_part"),
    path(MEETING + "send/", views_staff.send, name="send"),
    path(INVITEE + "letter.pdf", views_staff.letter_pdf, name="letter_pdf"),
    path(INVITEE + "letter.docx", views_staff.letter_docx, name="letter_docx"),
    path(INVITEE + "script.txt", views_staff.phone_script, name="phone_script"),
    path(INVITEE + "reply/", views_staff.record_reply, name="record_reply"),
    path(MEETING + "run-sheet/", views_staff.run_sheet, name="run_sheet"),
    path(MEETING + "memo/", views_staff.memo, name="memo"),
    path(MEETING + "memo.pdf", views_staff.memo_pdf, name="memo_pdf"),
    path(MEETING + "memo.docx", views_staff.memo_docx, name="memo_docx"),
    path(MEETING + "memo/send/", views_staff.memo_send, name="memo_send"),
    path(MEETING + "actions/new/", views_staff.action_add, name="action_add"),
]

# Managing a meeting: cancel, remove an invitee, feedback (views_manage.py).
from omkreds.meetings import views_manage  # noqa: E402

urlpatterns += [
    path(MEETING + "cancel/", views_manage.cancel, name="cancel"),
    path(MEETING + "cancelled/", views_manage.cancelled, name="cancelled"),
    path(INVITEE + "remove/", views_manage.invitee_remove, name="invitee_remove"),
    path(MEETING + "feedback/", views_manage.feedback_results, name="feedback_results"),
    path(MEETING + "feedback/send/", views_manage.feedback_send, name="feedback_send"),
    path("meetings/feedback-over-time/", views_manage.team_feedback, name="team_feedback"),
]
# Feedback on paper and on the worker's tablet (views_feedback.py).
from omkreds.meetings import views_feedback  # noqa: E402

urlpatterns += [
    path(MEETING + "feedback/form.pdf", views_feedback.meeting_form_pdf, name="feedback_form"),
    path(MEETING + "feedback/paper/", views_feedback.meeting_paper, name="feedback_paper"),
    path(MEETING + "feedback/tablet/", views_feedback.meeting_tablet, name="feedback_tablet"),
    path(
        MEETING + "feedback/tablet/answer/",
        views_feedback.meeting_tablet_answer,
        name="feedback_tablet_answer",
    ),
    path(
        MEETING + "feedback/tablet/unlock/",
        views_feedback.meeting_tablet_unlock,
        name="feedback_tablet_unlock",
    ),
]
# Revising a meeting's decision and questions (views_revise.py).
from omkreds.meetings import views_revise  # noqa: E402

urlpatterns += [path(MEETING + "revise/", views_revise.revise, name="revise")]

# "Add to calendar" (views_calendar.py), the advisory network coordinator (views_coordinator.py)
# and the map sent to the team (views_team_map.py).
from omkreds.meetings import views_calendar, views_coordinator, views_team_map  # noqa: E402

urlpatterns += [
    path(
        "meetings/<uuid:meeting_id>/reply/<str:token>/calendar.ics",
        views_calendar.reply_calendar,
        name="reply_calendar",
    ),
    path(MEETING + "calendar.ics", views_calendar.staff_calendar, name="calendar"),
    path(
        MEETING + "network-coordinator/",
        views_coordinator.coordinator,
        name="network_coordinator",
    ),
    path(MEETING + "team-map/send/", views_team_map.send, name="team_map_send"),
]
# The delivery list's actions (views_delivery.py).
from omkreds.meetings import views_delivery  # noqa: E402

urlpatterns += [
    path(MEETING + "print-pack.pdf", views_delivery.print_pack, name="print_pack"),
    path(MEETING + "deliveries/printed/", views_delivery.printed, name="deliveries_printed"),
    path(MEETING + "deliveries/call/", views_delivery.call, name="delivery_call"),
    path(MEETING + "deliveries/handed/", views_delivery.handed, name="delivery_handed"),
]
