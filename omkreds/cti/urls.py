from django.urls import path

from omkreds.cti import views, views_fidelity, views_phaseplan, views_plan

app_name = "cti"

COURSE = "citizens/<uuid:citizen_id>/cti/<int:course_id>/"
PLAN = COURSE + "plan/<int:phase>/"

urlpatterns = [
    path("citizens/<uuid:citizen_id>/cti/", views.course, name="course"),
    path("citizens/<uuid:citizen_id>/cti/start/", views.start, name="start"),
    path(COURSE + "dates/", views.planned_dates, name="dates"),
    path(COURSE + "shift/", views.shift, name="shift"),
    path(COURSE + "end/", views.end, name="end"),
    path(COURSE + "reassign/", views.reassign, name="reassign"),
    path(COURSE + "checklist/<int:phase>/", views.checklist, name="checklist"),
    path(COURSE + "checklist/<int:phase>/answer/", views.answer, name="answer"),
    path(PLAN, views_plan.plan, name="plan"),
    path(PLAN + "save/", views_plan.plan_save, name="plan_save"),
    path(PLAN + "dimensions/", views_plan.dimension_save, name="dimension_save"),
    path(
        PLAN + "dimensions/<int:dimension_id>/subgoals/",
        views_plan.subgoal_add,
        name="subgoal_add",
    ),
    path(
        PLAN + "subgoals/<int:subgoal_id>/reached/",
        views_plan.subgoal_reached,
        name="subgoal_reached",
    ),
    path(PLAN + "pdf/", views_plan.plan_pdf, name="plan_pdf"),
    path("cti/phase-plan/", views_phaseplan.phase_plan, name="phase_plan"),
    path("cti/phase-plan/csv/", views_phaseplan.phase_plan_csv, name="phase_plan_csv"),
    path("cti/phase-plan/xlsx/", views_phaseplan.phase_plan_xlsx, name="phase_plan_xlsx"),
    path("cti/phase-plan/pdf/", views_phaseplan.phase_plan_pdf, name="phase_plan_pdf"),
    path("cti/fidelity/", views_fidelity.fidelity, name="fidelity"),
    path("cti/fidelity/new/", views_fidelity.fidelity_new, name="fidelity_new"),
    path("cti/fidelity/<int:review_id>/", views_fidelity.fidelity_detail, name="fidelity_detail"),
]
