from django import forms
from django.utils.translation import gettext_lazy as _

from omkreds.accounts.models import User
from omkreds.citizens.forms import DateInput


class LogFilterForm(forms.Form):
    user = forms.ModelChoiceField(queryset=User.objects.none(), required=False, label=_("User"))
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_until = forms.DateField(label=_("Until"), required=False, widget=DateInput())

    def __init__(self, *args, users, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users

    def clean(self):
        cleaned = super().clean()
        date_from, date_until = cleaned.get("date_from"), cleaned.get("date_until")
        if date_from and date_until and date_until < date_from:
            self.add_error("date_until", _("The end date must be on or after the start date."))
        return cleaned
