"""Forms of the staff's meeting pages. They check the shape of the input; the services check the
rules and raise `MeetingError`s, which `add_service_error` places next to their field."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from omkreds.accounts.models import Language, Role
from omkreds.accounts.person_words import person_words
from omkreds.citizens.forms import DateInput, organisation_users
from omkreds.citizens.models import CaseTeamMember
from omkreds.invitations.choices import Channel, InviteeKind
from omkreds.meetings.models import LONG_TEXT, Memo, Success
from omkreds.meetings.services_memo import memo_version

_FIELD_ALIASES = {
    "starts_at": "day",
    "ends_at": "duration",
    "followup_at": "followup_on",
    "owner": "owner",
    "owner_email": "owner_email",
}


def add_service_error(form: forms.Form, error: ValidationError) -> None:
    """Show a service's `MeetingError` on the form: next to its field when the form has one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else _FIELD_ALIASES.get(field)
            form.add_error(target if target in form.fields else None, errors)
    else:
        form.add_error(None, error)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


# Everyone but the citizen is invited by e-mail, letter or phone; the citizen is added with
# `CitizenTakesPartForm` and may also have things handed over in the meeting.
OTHERS_KINDS = [(k, label) for k, label in InviteeKind.choices if k != InviteeKind.CITIZEN]
OTHERS_CHANNELS = [(c, label) for c, label in Channel.choices if c != Channel.HAND]
CITIZEN_CHANNELS = [
    (Channel.HAND, Channel.HAND.label),
    *((c, label) for c, label in OTHERS_CHANNELS),
]


def people_choices(citizen) -> list[tuple[str, str]]:
    """Who could take part: the latest map's contacts ("c:<id>") and the case team ("u:<id>").

    People marked do-not-contact are left out, as if absent from the map.
    """
    from omkreds.networks.services import map_document

    choices = [
        (f"c:{c.id}", c.name) for c in map_document(citizen=citizen).contacts if not c.safety_marker
    ]
    team = (
        CaseTeamMember.objects.current()
        .filter(citizen=citizen, user__is_active=True)
        .select_related("user")
        .order_by("user__full_name")
    )
    seen = set()
    for member in team:
        if member.user_id not in seen:
            seen.add(member.user_id)
            choices.append((f"u:{member.user_id}", member.user.full_name or member.user.email))
    worker = citizen.primary_worker
    if worker is not None and worker.pk not in seen:
        choices.append((f"u:{worker.pk}", worker.full_name or worker.email))
    return choices


class DecideForm(forms.Form):
    concern = forms.CharField(
        label=_("The worry"), max_length=LONG_TEXT, widget=forms.Textarea(attrs={"rows": 3})
    )
    why_not_own_tools = forms.CharField(
        label=_("Why your own tools are not enough"),
        max_length=LONG_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    goal = forms.CharField(
        label=_("Goal of the meeting"),
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    questions = forms.CharField(
        label=_("Questions to discuss"),
        help_text=_("One question a line, in the order agreed with the citizen."),
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    people = forms.MultipleChoiceField(
        label=_("Who could take part"),
        help_text=_("People on the network map and the case team. Add others on the meeting page."),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, citizen, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].choices = people_choices(citizen)

    def clean_questions(self):
        return [
            line.strip() for line in self.cleaned_data["questions"].splitlines() if line.strip()
        ]


class ScheduleForm(forms.Form):
    day = forms.DateField(label=_("Date"), widget=DateInput())
    time = forms.TimeField(label=_("Time"), widget=TimeInput())
    duration = forms.IntegerField(
        label=_("Duration in minutes"), min_value=15, max_value=8 * 60, initial=90
    )
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    at_client_home = forms.BooleanField(label=_("At the citizen's home"), required=False)

    def __init__(self, *args, citizen=None, **kwargs):
        super().__init__(*args, **kwargs)
        if citizen is not None:  # the organisation's word for the person
            self.fields["at_client_home"].label = _("At the home of %(the_person)s") % {
                "the_person": person_words(citizen.organisation.citizen_term).the
            }

    def starts_ends(self) -> tuple[dt.datetime, dt.datetime]:
        data = self.cleaned_data
        starts = timezone.make_aware(dt.datetime.combine(data["day"], data["time"]))
        return starts, starts + dt.timedelta(minutes=data["duration"])


class InviteeForm(forms.Form):
    person = forms.ChoiceField(
        label=_("Pick from the map or the case team"), required=False, choices=()
    )
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    kind = forms.ChoiceField(
        label=_("Takes part as"),
        choices=[("", "---------"), *OTHERS_KINDS],
        required=False,
    )
    relation = forms.CharField(label=_("Relation to the citizen"), max_length=200, required=False)
    email = forms.EmailField(label=_("E-mail address"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    postal_address = forms.CharField(
        label=_("Postal address"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)
    channel = forms.ChoiceField(label=_("Invite by"), choices=OTHERS_CHANNELS)

    def __init__(self, *args, citizen, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [("", "---------"), *people_choices(citizen)]
        self.fields["language"].initial = citizen.organisation.default_language
        self.fields["relation"].label = _("Relation to %(the_person)s") % {
            "the_person": person_words(citizen.organisation.citizen_term).the
        }

    def clean(self):
        data = super().clean()
        if not data.get("person") and not data.get("name"):
            self.add_error("name", _("Pick a person or write a name."))
        return data


class CitizenTakesPartForm(forms.Form):
    """The citizen as a participant: how memo, plan and feedback reach them."""

    channel = forms.ChoiceField(
        choices=CITIZEN_CHANNELS,
        initial=Channel.HAND,
    )
    email = forms.EmailField(label=_("E-mail address"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    postal_address = forms.CharField(
        label=_("Postal address"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)

    def __init__(self, *args, citizen, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = citizen.organisation.default_language
        self.fields["channel"].label = _(
            "How %(the_person)s receives the memo, the plan and the feedback form"
        ) % {"the_person": person_words(citizen.organisation.citizen_term).the}


class ReplyForm(forms.Form):
    reply = forms.ChoiceField(
        label=_("Reply"), choices=[("yes", _("yes")), ("no", _("no")), ("maybe", _("maybe"))]
    )


class TickForm(forms.Form):
    item_key = forms.CharField(max_length=40)
    ticked = forms.BooleanField(required=False)


def _staff(organisation):
    return organisation_users(organisation, roles=[Role.WORKER, Role.LEAD])


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name or obj.email


class MemoForm(forms.Form):
    """The memo, with a present/absent box per invitee and notes per question."""

    citizen_present = forms.BooleanField(label=_("The citizen was present"), required=False)
    chair = forms.CharField(label=_("Chair"), max_length=200, required=False)
    secretary = forms.CharField(label=_("Secretary"), max_length=200, required=False)
    summary = forms.CharField(
        label=_("Summary"),
        max_length=LONG_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    responsible_user = UserChoiceField(
        label=_("The citizen's responsible employee"), queryset=None, required=False
    )
    responsible_name = forms.CharField(label=_("… or their name"), max_length=200, required=False)
    followup_on = forms.DateField(label=_("Follow-up meeting"), required=False, widget=DateInput())
    followup_time = forms.TimeField(
        label=_("Follow-up time"), required=False, widget=TimeInput(), initial=dt.time(10, 0)
    )
    successful = forms.ChoiceField(
        label=_("Was the meeting successful?"),
        choices=[("", "---------"), *Success.choices],
        required=False,
    )
    successful_note = forms.CharField(
        label=_("Why"), max_length=LONG_TEXT, required=False, widget=forms.Textarea({"rows": 2})
    )
    # The memo this form was filled from (`services_memo.memo_version`; NEW_MEMO: none yet), so that a
    # save over someone else's newer memo is refused instead of silently replacing it.
    based_on = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)

    NEW_MEMO = "new"

    def __init__(self, *args, meeting, invitees, questions, **kwargs):
        super().__init__(*args, **kwargs)
        memo = Memo.objects.filter(meeting=meeting).first()
        self.fields["based_on"].initial = memo_version(memo) or self.NEW_MEMO
        self.invitees = invitees
        self.questions = questions
        self.fields["responsible_user"].queryset = _staff(meeting.citizen.organisation)
        for invitee in invitees:
            self.fields[f"present_{invitee.pk}"] = forms.BooleanField(
                label=_("%(name)s was present") % {"name": invitee.name}, required=False
            )
            self.fields[f"memo_{invitee.pk}"] = forms.BooleanField(
                label=_("%(name)s receives the memo") % {"name": invitee.name}, required=False
            )
        for question in questions:
            self.fields[f"notes_{question.pk}"] = forms.CharField(
                label=_("Notes: %(question)s") % {"question": question.text},
                max_length=LONG_TEXT,
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
            self.fields[f"decision_{question.pk}"] = forms.CharField(
                label=_("Agreed: %(question)s") % {"question": question.text},
                max_length=LONG_TEXT,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        followup_at = None
        if data.get("followup_on"):
            followup_at = timezone.make_aware(
                dt.datetime.combine(data["followup_on"], data.get("followup_time") or dt.time(10))
            )
        return {
            "citizen_present": data["citizen_present"],
            "attendance": {i.pk: data[f"present_{i.pk}"] for i in self.invitees},
            "recipients": [i.pk for i in self.invitees if data[f"memo_{i.pk}"]],
            "notes": {
                q.pk: {"notes": data[f"notes_{q.pk}"], "decision": data[f"decision_{q.pk}"]}
                for q in self.questions
            },
            "chair": data["chair"],
            "secretary": data["secretary"],
            "summary": data["summary"],
            "responsible_user": data["responsible_user"],
            "responsible_name": data["responsible_name"],
            "followup_at": followup_at,
            "successful": data["successful"],
            "successful_note": data["successful_note"],
        } | self._based_on()

    def _based_on(self) -> dict:
        based_on = self.cleaned_data.get("based_on") or ""
        if not based_on:
            return {}  # a form from before the check existed: saved as before
        return {"based_on": None if based_on == self.NEW_MEMO else based_on}


class ActionForm(forms.Form):
    what = forms.CharField(label=_("What"), max_length=500)
    owner = forms.ChoiceField(label=_("Who"), required=False)
    owner_name = forms.CharField(label=_("… or their name"), max_length=200, required=False)
    owner_email = forms.EmailField(label=_("Their e-mail address"), required=False)
    with_whom = forms.CharField(label=_("With whom"), max_length=300, required=False)
    due_on = forms.DateField(label=_("When"), required=False, widget=DateInput())

    def __init__(self, *args, meeting, invitees, **kwargs):
        super().__init__(*args, **kwargs)
        self.users = {u.pk: u for u in _staff(meeting.citizen.organisation)}
        self.invitees = {i.pk: i for i in invitees}
        # Each person once: a colleague who is invited is offered as the invitee (which
        # carries their account), not a second time as a colleague.
        invited_users = {i.user_id for i in invitees if i.user_id}
        self.citizen = meeting.citizen
        # The citizen may own an action, taking part in the meeting (an invitee) or not.
        takes_part = any(i.kind == InviteeKind.CITIZEN for i in invitees)
        self.fields["owner"].choices = [
            ("", "---------"),
            *([] if takes_part else [("citizen", self.citizen.name)]),
            *((f"i:{i.pk}", i.name) for i in invitees),
            *(
                (f"u:{u.pk}", u.full_name or u.email)
                for u in self.users.values()
                if u.pk not in invited_users
            ),
        ]

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        owner = data["owner"]
        kwargs = {
            "what": data["what"],
            "owner_name": data["owner_name"],
            "owner_email": data["owner_email"],
            "with_whom": data["with_whom"],
            "due_on": data["due_on"],
        }
        if owner == "citizen":
            kwargs["owner_name"] = data["owner_name"] or self.citizen.name
        elif owner.startswith("i:"):
            kwargs["owner_invitee"] = self.invitees[int(owner[2:])]
        elif owner.startswith("u:"):
            kwargs["owner_user"] = self.users[int(owner[2:])]
        return kwargs
