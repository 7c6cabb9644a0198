"""Forms of the overview pages. A person's fields are checked by the map's own schema when the
new version is saved, so the messages are the same as in the editor and the API."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from pydantic_core import PydanticCustomError

from omkreds.networks.models_overview import DirectoryEntry
from omkreds.networks.overview.photos import MAX_BYTES
from omkreds.networks.schema import Role, SupportKind
from omkreds.networks.schema_fields import check_phone


def _role_choices():
    return [("", "—"), *Role.choices]


def role_choices(professional: bool | None):
    """The roles to suggest for someone in a professional field or not: a family member is
    offered "family/relatives" first, a professional the professional roles first."""
    if professional is None:
        return _role_choices()
    family = [c for c in Role.choices if c[0] == Role.FAMILY_RELATIVES]
    others = [c for c in Role.choices if c[0] != Role.FAMILY_RELATIVES]
    if professional:
        return [("", "—"), (_("Professional roles"), others), (_("Close ones"), family)]
    return [("", "—"), *family, (_("Professional roles"), others)]


class ContactForm(forms.Form):
    """One person's overview fields (Bilag 7's columns)."""

    based_on = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    name = forms.CharField(label=_("Name"), max_length=200)
    role = forms.ChoiceField(label=_("Role"), choices=_role_choices, required=False)
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    already_active = forms.BooleanField(
        label=_("Already an active part of the network"), required=False
    )
    team_member = forms.BooleanField(label=_("Member of the team"), required=False)
    phone_direct = forms.CharField(label=_("Direct number"), max_length=40, required=False)
    phone_main = forms.CharField(label=_("Main number"), max_length=40, required=False)
    email = forms.CharField(label=_("E-mail"), max_length=254, required=False)
    address = forms.CharField(
        label=_("Postal address"), max_length=1000, required=False, widget=forms.Textarea(
            attrs={"rows": 3}
        )
    )  # fmt: skip
    help_text = forms.CharField(
        label=_("What can the person help with?"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    support_kinds = forms.MultipleChoiceField(
        label=_("Kinds of support"),
        choices=SupportKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    remove_photo = forms.BooleanField(label=_("Remove the photo"), required=False)

    def __init__(self, *args, professional: bool | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # Suggestions start from the field the person stands in on the map.
        self.fields["role"].choices = role_choices(professional)

    def values(self) -> dict:
        """The cleaned fields as the map document spells them."""
        data = {k: v for k, v in self.cleaned_data.items() if k not in ("based_on", "remove_photo")}
        data["role"] = data.get("role") or None
        data["email"] = (data.get("email") or "").strip() or None
        if self.cleaned_data.get("remove_photo"):
            data["photo"] = None
        return data

    def add_problems(self, errors: dict[str, list[str]]) -> None:
        for field, messages in errors.items():
            target = field if field in self.fields else None
            for message in messages:
                self.add_error(target, message)


class CellForm(forms.Form):
    """One cell of the table: at present the "already active" tick."""

    based_on = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    already_active = forms.BooleanField(required=False)


class PhotoForm(forms.Form):
    based_on = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    photo = forms.FileField(
        label=_("Photo"),
        help_text=_("A JPEG, PNG or WebP picture of at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    def clean_photo(self):
        photo = self.cleaned_data["photo"]
        if photo.size > MAX_BYTES:
            raise ValidationError(_("The photo is too large. Choose a file of at most 5 MB."))
        return photo


class PickForm(forms.Form):
    """Pick a professional from the organisation's directory to fill the form."""

    entry = forms.ModelChoiceField(
        label=_("Professional from the directory"), queryset=DirectoryEntry.objects.none()
    )

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entry"].queryset = DirectoryEntry.objects.of(organisation)


def _validate_phone(value: str) -> None:
    try:
        check_phone(value)
    except PydanticCustomError as exc:
        raise ValidationError(str(exc)) from None


class DirectoryEntryForm(forms.ModelForm):
    class Meta:
        model = DirectoryEntry
        fields = [
            "name",
            "role",
            "organisation_name",
            "phone_direct",
            "phone_main",
            "email",
            "address",
        ]
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}

    def clean_phone_direct(self):
        value = self.cleaned_data["phone_direct"].strip()
        _validate_phone(value)
        return value

    def clean_phone_main(self):
        value = self.cleaned_data["phone_main"].strip()
        _validate_phone(value)
        return value


def entry_values(entry: DirectoryEntry) -> dict:
    """What picking a professional fills in: name, role, organisation and contact details."""
    return {
        "name": entry.name,
        "role": entry.role,
        "organisation": entry.organisation_name,
        "phone_direct": entry.phone_direct,
        "phone_main": entry.phone_main,
        "email": entry.email,
        "address": entry.address,
    }
