from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from omkreds.access.models import GivenHow, Part
from omkreds.accounts.models import Organisation, Role, User
from omkreds.citizens.forms import DateInput, UserChoiceField, organisation_users


class ConsentForm(forms.Form):
    to_user = UserChoiceField(
        queryset=User.objects.none(),
        required=False,
        label=_("To a person"),
        help_text=_("A professional who may see the chosen parts."),
    )
    to_organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.all(),
        required=False,
        label=_("Or to an organisation"),
        help_text=_("Every professional of that organisation may see the chosen parts."),
    )
    parts = forms.MultipleChoiceField(
        choices=Part.choices, widget=forms.CheckboxSelectMultiple, label=_("Parts to share")
    )
    purpose = forms.CharField(
        label=_("Purpose"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )
    valid_from = forms.DateField(label=_("From"), widget=DateInput())
    valid_until = forms.DateField(
        label=_("Until"),
        required=False,
        widget=DateInput(),
        help_text=_("Leave empty for until withdrawn."),
    )
    given_how = forms.ChoiceField(
        choices=GivenHow.choices, widget=forms.RadioSelect, label=_("Given how")
    )

    def __init__(self, *args, citizen, **kwargs):
        kwargs.setdefault("initial", {"valid_from": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["to_user"].queryset = organisation_users(
            citizen.organisation, [Role.PROFESSIONAL]
        )

    def clean(self):
        cleaned = super().clean()
        to_user, to_organisation = cleaned.get("to_user"), cleaned.get("to_organisation")
        if "to_user" not in self.errors and "to_organisation" not in self.errors:
            if to_user is None and to_organisation is None:
                self.add_error("to_user", _("Choose a person or an organisation."))
            elif to_user is not None and to_organisation is not None:
                self.add_error(
                    "to_organisation", _("Choose either a person or an organisation, not both.")
                )
        valid_from, valid_until = cleaned.get("valid_from"), cleaned.get("valid_until")
        if valid_until and valid_until < timezone.localdate():
            self.add_error("valid_until", _("The end date cannot be in the past."))
        elif valid_from and valid_until and valid_until < valid_from:
            self.add_error("valid_until", _("The end date must be on or after the start date."))
        return cleaned
