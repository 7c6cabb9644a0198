"""Forms of the CTI pages. They check the shape of the input; the services check the rules and
raise `CtiError`s, which `add_service_error` places next to the field they are about."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from omkreds.accounts.countries import action_plan
from omkreds.accounts.models import Role, User
from omkreds.citizens.forms import DateInput, organisation_users
from omkreds.cti import checklists, services
from omkreds.cti.models import (
    ChecklistChoice,
    CtiCourse,
    EndReason,
    FidelityChoice,
    PlanDimension,
)

# A service error's field name → the form field it belongs next to, where they differ.
_FIELD_ALIASES = {"on": ("on", "started_on", "reviewed_on", "made_on")}


def add_service_error(form: forms.Form, error: ValidationError) -> None:
    """Show a service's `CtiError` on the form: next to its field when the form has one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None
            if target is None:
                target = next((f for f in _FIELD_ALIASES.get(field, ()) if f in form.fields), None)
            form.add_error(target, errors)
    else:
        form.add_error(None, error)


def _date_field(label, **kwargs) -> forms.DateField:
    return forms.DateField(label=label, widget=DateInput(), **kwargs)


class WorkerChoiceField(forms.ModelChoiceField):
    """A worker, labelled with their CTI caseload against the cap, so a full one shows up."""

    def __init__(self, *args, caseloads: dict[int, int], cap: int, **kwargs):
        self.caseloads = caseloads
        self.cap = cap
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj):
        return _("%(name)s (%(count)s of %(cap)s CTI courses)") % {
            "name": obj.full_name or obj.email,
            "count": self.caseloads.get(obj.pk, 0),
            "cap": self.cap,
        }


def worker_caseloads(organisation) -> dict[int, int]:
    """User id → open CTI courses held in the organisation today, in one query."""
    rows = (
        CtiCourse.objects.open_on(timezone.localdate())
        .filter(citizen__organisation=organisation)
        .values("worker_id")
        .annotate(n=Count("id"))
    )
    return {row["worker_id"]: row["n"] for row in rows}


PLANNED_FIELDS = (
    "contact_period_ends_planned",
    "phase1_planned_on",
    "phase2_planned_on",
    "phase3_planned_on",
    "planned_end_on",
)


class PlannedDatesForm(forms.Form):
    contact_period_ends_planned = _date_field(_("Contact period ends (planned)"))
    phase1_planned_on = _date_field(_("Phase 1 starts (planned)"))
    phase2_planned_on = _date_field(_("Phase 2 starts (planned)"))
    phase3_planned_on = _date_field(_("Phase 3 starts (planned)"))
    planned_end_on = _date_field(_("Course ends (planned)"))

    def planned(self) -> dict:
        return {name: self.cleaned_data[name] for name in PLANNED_FIELDS}


class CourseStartForm(PlannedDatesForm):
    worker = WorkerChoiceField(
        queryset=User.objects.none(), label=_("CTI worker"), caseloads={}, cap=0
    )
    started_on = _date_field(_("Contact period starts"))
    cap_override_reason = forms.CharField(
        label=_("Reason for assigning beyond the caseload cap"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed only when the worker already holds as many courses as the cap."),
    )
    field_order = ["worker", "started_on", *PLANNED_FIELDS, "cap_override_reason"]

    def __init__(self, *args, citizen, user, **kwargs):
        organisation = citizen.organisation
        today = timezone.localdate()
        proposal = services.planned_dates(today)
        initial = {"started_on": today, **proposal.__dict__}
        if (
            user.pk
            and organisation_users(organisation, [Role.WORKER, Role.LEAD])
            .filter(pk=user.pk)
            .exists()
        ):
            initial["worker"] = user.pk
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        field = self.fields["worker"]
        field.queryset = organisation_users(organisation, [Role.WORKER, Role.LEAD])
        field.caseloads = worker_caseloads(organisation)
        field.cap = organisation.cti_caseload_cap
        self.fields["started_on"].help_text = _(
            "The planned dates are proposed from today: one month of contact establishment, then "
            "three phases of three months. Change them to fit."
        )

    def clean_started_on(self):
        started_on = self.cleaned_data["started_on"]
        if started_on > timezone.localdate():
            raise ValidationError(_("A date that has happened cannot be in the future."))
        return started_on

    def clean(self):
        cleaned = super().clean()
        started_on = cleaned.get("started_on")
        if started_on and all(cleaned.get(n) for n in PLANNED_FIELDS):
            # The model's own check of the order, with its messages.
            probe = CtiCourse(started_on=started_on, **{n: cleaned[n] for n in PLANNED_FIELDS})
            try:
                probe.clean()
            except ValidationError as exc:
                for field, messages in exc.message_dict.items():
                    if field in self.fields:
                        self.add_error(field, messages)
        return cleaned


class CourseReassignForm(forms.Form):
    """Hand an open course to another worker of the organisation (the same cap rule as a start)."""

    worker = WorkerChoiceField(
        queryset=User.objects.none(), label=_("CTI worker"), caseloads={}, cap=0
    )
    cap_override_reason = forms.CharField(
        label=_("Reason for assigning beyond the caseload cap"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed only when the worker already holds as many courses as the cap."),
    )

    def __init__(self, *args, course: CtiCourse, **kwargs):
        super().__init__(*args, **kwargs)
        organisation = course.citizen.organisation
        field = self.fields["worker"]
        field.queryset = organisation_users(organisation, [Role.WORKER, Role.LEAD]).exclude(
            pk=course.worker_id
        )
        field.caseloads = worker_caseloads(organisation)
        field.cap = organisation.cti_caseload_cap


class PhaseShiftForm(forms.Form):
    on = _date_field(_("Date the new phase started"))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class CourseEndForm(forms.Form):
    on = _date_field(_("Date the course ended"))
    reason = forms.ChoiceField(
        label=_("Reason for ending"),
        choices=EndReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose why the course ended.")},
    )
    reason_text = forms.CharField(
        label=_("The reason in words"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when the reason is “other”."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"on": timezone.localdate()})
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reason") == EndReason.OTHER and not cleaned.get("reason_text", "").strip():
            self.add_error("reason_text", _("Describe the reason when it is “other”."))
        return cleaned


class ChecklistAnswerForm(forms.Form):
    item_key = forms.CharField(widget=forms.HiddenInput, max_length=40)
    answer = forms.ChoiceField(
        label=_("Answer"),
        choices=ChecklistChoice.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose Yes, No or Irrelevant.")},
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 1})
    )
    # The answer the form was filled from (its id; UNANSWERED: none yet), so that an answer
    # given meanwhile by someone else is not silently overtaken.
    based_on = forms.CharField(required=False, max_length=20, widget=forms.HiddenInput)

    UNANSWERED = "new"

    def __init__(self, *args, phase: int, **kwargs):
        self.phase = phase
        super().__init__(*args, **kwargs)

    def clean_based_on(self):
        value = self.cleaned_data["based_on"]
        if value and value != self.UNANSWERED and not value.isdigit():
            raise ValidationError(_("Reload the page and answer again."))
        return value

    def based_on_kwargs(self) -> dict:
        value = self.cleaned_data.get("based_on") or ""
        if not value:
            return {}  # a form from before the check existed: saved as before
        return {"based_on": None if value == self.UNANSWERED else int(value)}

    def clean_item_key(self):
        key = self.cleaned_data["item_key"]
        if key not in {i.key for i in checklists.PHASE_CHECKLISTS[self.phase].items}:
            raise ValidationError(_("There is no such checklist item."))
        return key


class FidelityReviewForm(forms.Form):
    """Bilag 4: every item Yes/No/Don't know. Fields are named after the item keys."""

    reviewed_on = _date_field(_("Reviewed on"))
    note = forms.CharField(
        label=_("Note"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, suggestions: dict, **kwargs):
        initial = {"reviewed_on": timezone.localdate()}
        initial.update({key: s.answer for key, s in suggestions.items()})
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        for item in checklists.FIDELITY.items:
            self.fields[item.key] = forms.ChoiceField(
                label=item.get_text(),
                choices=FidelityChoice.choices,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose Yes, No or Don't know.")},
            )

    def clean_reviewed_on(self):
        day = self.cleaned_data["reviewed_on"]
        if day > timezone.localdate():
            raise ValidationError(_("A date that has happened cannot be in the future."))
        return day

    def item_fields(self):
        return [(item, self[item.key]) for item in checklists.FIDELITY.items]

    def answers(self) -> dict[str, str]:
        return {item.key: self.cleaned_data[item.key] for item in checklists.FIDELITY.items}


class CtiPlanForm(forms.Form):
    made_on = _date_field(_("Date drawn up"))
    action_plan_reference = forms.CharField(required=False, max_length=200)

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The plan of the organisation's country's law (§ 141 serviceloven, SoL, socialvårdslagen).
        plan = {"plan": action_plan(organisation)}
        field = self.fields["action_plan_reference"]
        field.label = gettext("Reference to the %(plan)s") % plan
        field.help_text = (
            gettext("Where the citizen's %(plan)s is kept, e.g. its case number.") % plan
        )

    def clean_made_on(self):
        day = self.cleaned_data["made_on"]
        if day > timezone.localdate():
            raise ValidationError(_("A date that has happened cannot be in the future."))
        return day


class PlanDimensionForm(forms.Form):
    dimension = forms.ChoiceField(label=_("Dimension"), choices=PlanDimension.choices)
    reason = forms.CharField(
        label=_("Reason for working with this dimension"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    goal = forms.CharField(
        label=_("Goal"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )
    responsibility = forms.CharField(
        label=_("Responsibility"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Who does what: the citizen, the CTI worker, others."),
    )
    activities = forms.CharField(
        label=_("Activities"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Which activities are to be carried out (Bilag 6)."),
    )
    contact_ids = forms.MultipleChoiceField(
        label=_("People on the network map involved"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, contacts: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact_ids"].choices = contacts
        if not contacts:
            del self.fields["contact_ids"]


class SubGoalForm(forms.Form):
    text = forms.CharField(label=_("Sub-goal"), max_length=2000)


class SubGoalReachedForm(forms.Form):
    on = _date_field(_("Reached on"), required=False)
