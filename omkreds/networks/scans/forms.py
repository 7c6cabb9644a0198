from django import forms
from django.utils.translation import gettext_lazy as _

from omkreds.networks.scans.reading import MAX_BYTES


class ScanForm(forms.Form):
    scan = forms.FileField(
        label=_("Photo or scan of the paper map"),
        help_text=_("A JPEG or PNG picture, or a PDF (its first page), of at most 5 MB."),
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp,application/pdf"}
        ),
    )
    # What the page showed: the keys of the version's scans.
    seen = forms.CharField(required=False, max_length=400, widget=forms.HiddenInput)

    def clean_scan(self):
        scan = self.cleaned_data["scan"]
        if scan.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is too large. Choose a file of at most 5 MB."))
        return scan


class ScanRemoveForm(forms.Form):
    seen = forms.CharField(required=False, max_length=400, widget=forms.HiddenInput)
