"""Forms of the council pages and the room. They check the shape of the input; the services
check the rules (`add_service_error` places their messages)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from omkreds.accounts.models import Language, Role
from omkreds.citizens.forms import DateInput, organisation_users
from omkreds.councils.models import ProposalAnswer, ProposalKind, ProposalStatus
from omkreds.councils.services_followup import followup_may_add_to_map
from omkreds.meetings.forms import InviteeForm, TimeInput, UserChoiceField
from omkreds.meetings.models import LONG_TEXT


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class QuestionsForm(forms.Form):
    questions = forms.CharField(
        label=_("The questions the main person wants the network to discuss"),
        help_text=_("One question a line, in the main person's order."),
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def clean_questions(self):
        return _lines(self.cleaned_data["questions"])


class CouncilCreateForm(QuestionsForm):
    employee = UserChoiceField(
        label=_("The employee the main person chose"), queryset=None, required=False
    )
    language = forms.ChoiceField(label=_("The main person's language"), choices=Language.choices)

    def __init__(self, *args, citizen, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employee"].queryset = organisation_users(
            citizen.organisation, roles=[Role.WORKER, Role.LEAD]
        )
        self.fields["language"].initial = citizen.organisation.default_language


class CoordinatorForm(forms.Form):
    coordinator = UserChoiceField(label=_("Coordinator"), queryset=None)
    period_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    period_until = forms.DateField(label=_("Until"), required=False, widget=DateInput())

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coordinator"].queryset = organisation_users(
            organisation, roles=[Role.COORDINATOR]
        )


class CouncilScheduleForm(forms.Form):
    day = forms.DateField(label=_("Date"), widget=DateInput())
    time = forms.TimeField(label=_("Time"), widget=TimeInput())
    duration = forms.IntegerField(
        label=_("Duration in minutes"), min_value=30, max_value=8 * 60, initial=180
    )
    place = forms.CharField(label=_("Place"), max_length=300)

    def starts_ends(self) -> tuple[dt.datetime, dt.datetime]:
        data = self.cleaned_data
        starts = timezone.make_aware(dt.datetime.combine(data["day"], data["time"]))
        return starts, starts + dt.timedelta(minutes=data["duration"])


class VisitForm(forms.Form):
    invitee = forms.TypedChoiceField(label=_("Who was visited"), coerce=int, choices=())
    visited_on = forms.DateField(label=_("Date of the visit"), widget=DateInput())
    told_about_model = forms.BooleanField(label=_("Told about the model"), required=False)
    presented_questions = forms.BooleanField(label=_("Presented the questions"), required=False)
    will_attend = forms.TypedChoiceField(
        label=_("Will attend"),
        choices=[("", _("not known yet")), ("yes", _("yes")), ("no", _("no"))],
        coerce=lambda v: {"yes": True, "no": False}.get(v),
        empty_value=None,
        required=False,
    )
    note = forms.CharField(
        label=_("Note"), max_length=LONG_TEXT, required=False, widget=forms.Textarea({"rows": 2})
    )

    def __init__(self, *args, invitees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["invitee"].choices = [(i.pk, i.name) for i in invitees]


class ProposalForm(forms.Form):
    question = forms.TypedChoiceField(
        label=_("Answers the question"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("The main person's question this proposal answers, or “other”."),
    )
    kind = forms.ChoiceField(label=_("Kind of proposal"), choices=ProposalKind.choices)
    what = forms.CharField(
        label=_("What"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )
    who = forms.CharField(label=_("Who"), max_length=200, required=False)
    when = forms.CharField(label=_("When"), max_length=200, required=False)

    def __init__(self, *args, questions=None, **kwargs):
        """`questions`: the council's, to link the proposal to one; without them the form
        leaves the link as it is."""
        super().__init__(*args, **kwargs)
        if questions is None:
            del self.fields["question"]
            return
        self.questions = {q.pk: q for q in questions}
        self.fields["question"].choices = [
            ("", pgettext_lazy("proposal question", "Other")),
            *((q.pk, f"{n}. {q.text}") for n, q in enumerate(questions, start=1)),
        ]

    def clean_question(self):
        pk = self.cleaned_data["question"]
        return self.questions.get(pk) if pk is not None else None


class PresentForm(forms.Form):
    presented_by = forms.CharField(
        label=_("Who from the network presents the plan"), max_length=200, required=False
    )


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(label=_("Answer"), choices=ProposalAnswer.choices)
    answer_reason = forms.CharField(
        label=_("Reason, if not possible"), max_length=500, required=False
    )
    responsible = forms.CharField(label=_("Responsible party"), max_length=200, required=False)


class CloseForm(forms.Form):
    next_steps = forms.CharField(
        label=_("What happens from here"),
        max_length=LONG_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    followup_on = forms.DateField(label=_("Follow-up meeting"), widget=DateInput())
    followup_time = forms.TimeField(
        label=_("Follow-up time"), widget=TimeInput(), initial=dt.time(10, 0)
    )

    def followup_at(self) -> dt.datetime:
        data = self.cleaned_data
        return timezone.make_aware(dt.datetime.combine(data["followup_on"], data["followup_time"]))


class ShareForm(forms.Form):
    recipients = forms.TypedMultipleChoiceField(
        label=_("Participants the main person agrees may have the plan"),
        coerce=int,
        choices=(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, invitees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipients"].choices = [
            (i.pk, f"{i.name} ({i.email})" if i.email else i.name) for i in invitees
        ]


class FollowupForm(forms.Form):
    """A status and a note per proposal, and which people become active on the map."""

    def __init__(self, *args, proposals, invitees, sectors=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.proposals = proposals
        for p in proposals:
            if sectors and followup_may_add_to_map(p):
                # Typed in by hand, not from the map: the worker chooses the sector.
                self.fields[f"add_{p.pk}"] = forms.ChoiceField(
                    label=_("Add %(name)s to the network map, in the sector")
                    % {"name": p.who_label},
                    choices=[("", _("do not add")), *sectors],
                    required=False,
                )
            self.fields[f"status_{p.pk}"] = forms.ChoiceField(
                label=_("Status"),
                choices=[("", "---------"), *ProposalStatus.choices],
                required=False,
                initial=p.status,
            )
            self.fields[f"note_{p.pk}"] = forms.CharField(
                label=_("Note"), max_length=500, required=False, initial=p.status_note
            )
            if p.who_invitee_id and p.who_invitee.contact_id:
                self.fields[f"activate_{p.pk}"] = forms.BooleanField(
                    label=_("%(name)s is now active: mark them on the map")
                    % {"name": p.who_invitee.name},
                    required=False,
                )
        on_map = [(i.pk, i.name) for i in invitees if i.contact_id]
        self.fields["tie_a"] = forms.TypedChoiceField(
            label=_("New tie: one person"),
            choices=[("", "---------"), *on_map],
            coerce=int,
            empty_value=None,
            required=False,
        )
        self.fields["tie_b"] = forms.TypedChoiceField(
            label=_("… now knows"),
            choices=[("", "---------"), *on_map],
            coerce=int,
            empty_value=None,
            required=False,
        )

    def rows(self):
        for p in self.proposals:
            yield (
                p,
                self[f"status_{p.pk}"],
                self[f"note_{p.pk}"],
                (self[f"activate_{p.pk}"] if f"activate_{p.pk}" in self.fields else None),
                (self[f"add_{p.pk}"] if f"add_{p.pk}" in self.fields else None),
            )

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        ties = []
        if data.get("tie_a") and data.get("tie_b"):
            ties.append((data["tie_a"], data["tie_b"]))
        return {
            "statuses": {
                p.pk: (data[f"status_{p.pk}"], data[f"note_{p.pk}"]) for p in self.proposals
            },
            "activate": [p.pk for p in self.proposals if data.get(f"activate_{p.pk}")],
            "ties": ties,
            "new_contacts": {
                p.pk: data[f"add_{p.pk}"] for p in self.proposals if data.get(f"add_{p.pk}")
            },
        }


class RoomCodeForm(forms.Form):
    code = forms.CharField(
        label=_("The code from the coordinator"),
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


class CouncilInviteeForm(InviteeForm):
    """The meetings' invitee form. The coordinator types people in: they never see the map, so
    the picker from the map and the case team is left out for them."""

    def __init__(self, *args, citizen, with_map: bool, **kwargs):
        if with_map:
            super().__init__(*args, citizen=citizen, **kwargs)
            return
        forms.Form.__init__(self, *args, **kwargs)
        del self.fields["person"]
        self.fields["language"].initial = citizen.organisation.default_language
