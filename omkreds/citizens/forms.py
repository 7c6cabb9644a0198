import datetime as dt

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from omkreds.accounts.models import Role, User
from omkreds.citizens.models import CaseTeamMember, Citizen


class DateInput(forms.DateInput):
    """The browser's date picker; it sends and expects ISO dates whatever the language."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def organisation_users(organisation, roles=None):
    """Active users with an active membership in `organisation` (optionally with given roles)."""
    memberships = {"memberships__organisation": organisation, "memberships__is_active": True}
    if roles:
        memberships["memberships__role__in"] = list(roles)
    return (
        User.objects.filter(is_active=True, **memberships).distinct().order_by("full_name", "email")
    )


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.full_name} ({obj.email})"


class CitizenForm(forms.ModelForm):
    """Create or edit a citizen. Team and primary worker are offered to leads only.

    A worker creates citizens for themselves (they become primary worker, in their own team);
    a lead with a team keeps the citizen in that team, so that it stays within their reach.
    """

    primary_worker = UserChoiceField(
        queryset=User.objects.none(), required=False, label=_("primary worker")
    )

    class Meta:
        model = Citizen
        fields = ["name", "date_of_birth", "team", "primary_worker"]
        widgets = {"date_of_birth": DateInput()}

    def __init__(self, *args, organisation, membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "off"
        if membership.role != Role.LEAD:
            del self.fields["team"]
            del self.fields["primary_worker"]
            return
        if membership.team_id:
            del self.fields["team"]
        else:
            self.fields["team"].queryset = organisation.teams.all()
        self.fields["primary_worker"].queryset = organisation_users(
            organisation, [Role.WORKER, Role.LEAD]
        )


class CloseCaseForm(forms.Form):
    closed_on = forms.DateField(label=_("Closed on"), widget=DateInput())

    def __init__(self, *args, citizen: Citizen, **kwargs):
        self.citizen = citizen
        kwargs.setdefault("initial", {"closed_on": timezone.localdate()})
        super().__init__(*args, **kwargs)

    def clean_closed_on(self):
        closed_on = self.cleaned_data["closed_on"]
        if closed_on > timezone.localdate():
            raise forms.ValidationError(_("The case cannot be closed on a future date."))
        if closed_on < timezone.localdate(self.citizen.created_at):
            raise forms.ValidationError(_("The case cannot be closed before it was created."))
        return closed_on


class CaseTeamMemberForm(forms.ModelForm):
    user = UserChoiceField(queryset=User.objects.none(), label=_("Person"))

    class Meta:
        model = CaseTeamMember
        fields = ["user", "role", "starts_on", "ends_on"]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}

    def __init__(self, *args, citizen: Citizen, **kwargs):
        self.citizen = citizen
        super().__init__(*args, **kwargs)
        self.instance.citizen = citizen
        # Only people of the citizen's own organisation; anyone else is "not a valid choice".
        self.fields["user"].queryset = organisation_users(citizen.organisation)

    def clean(self):
        cleaned = super().clean()
        starts_on: dt.date | None = cleaned.get("starts_on")
        ends_on: dt.date | None = cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The end date must be on or after the start date."))
        user = cleaned.get("user")
        if user and starts_on:
            overlapping = CaseTeamMember.objects.filter(citizen=self.citizen, user=user)
            if ends_on:
                overlapping = overlapping.filter(starts_on__lte=ends_on)
            overlapping = overlapping.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on))
            if overlapping.exists():
                self.add_error(
                    "user", _("This person is already on the case team for these dates.")
                )
        return cleaned


class SearchForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        min_length=2,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
