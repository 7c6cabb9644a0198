from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AgreementForm(forms.Form):
    agreed_on = forms.DateField(
        label=_("Agreed on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    # What the page showed: the latest map version and the mark's revision (0: none).
    based_on = forms.IntegerField(required=False, widget=forms.HiddenInput)
    revision = forms.IntegerField(min_value=0, widget=forms.HiddenInput)

    @classmethod
    def for_version(cls, agreement, latest_number):
        return cls(
            initial={
                "agreed_on": agreement.agreed_on if agreement else timezone.localdate(),
                "note": agreement.note if agreement else "",
                "based_on": latest_number,
                "revision": agreement.revision if agreement else 0,
            }
        )


class AgreementRemoveForm(forms.Form):
    based_on = forms.IntegerField(required=False, widget=forms.HiddenInput)
    revision = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


def agreement_context(version, latest_number, agree_form=None) -> dict:
    """What the version page shows of the version's mark, and the forms to change it."""
    agreement = getattr(version, "agreement", None) if version.pk else None
    return {
        "agreement": agreement,
        "agree_form": agree_form or AgreementForm.for_version(agreement, latest_number),
        "agree_remove_form": AgreementRemoveForm(
            initial={"based_on": latest_number, "revision": agreement.revision}
        )
        if agreement
        else None,
    }
