from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from omkreds.accounts.models import IdentityProvider, Language, Membership, Organisation, Role, User


class LoginForm(auth_forms.AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "username", "autofocus": True}),
    )

    def clean_username(self):
        return self.cleaned_data["username"].strip().lower()

    def confirm_login_allowed(self, user):
        from omkreds.accounts.sso.services import password_login_refused

        super().confirm_login_allowed(user)
        if password_login_refused(user):
            raise forms.ValidationError(
                _(
                    "Your organisation signs you in through its own login. Choose “Log in "
                    "through your organisation” below."
                ),
                code="sso_required",
            )


class SecondFactorForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=16,
        help_text=_("The 6-digit code from your authenticator app, or one of your backup codes."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_code(self):
        return "".join(self.cleaned_data["code"].split()).lower()


class SetUpSecondFactorForm(SecondFactorForm):
    code = forms.RegexField(
        label=_("Code"),
        regex=r"^\s*\d{3}\s*\d{3}\s*$",
        max_length=16,
        help_text=_("The 6-digit code your authenticator app shows now."),
        error_messages={"invalid": _("Enter the 6 digits your app shows.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


def _clean_name(value: str) -> str:
    value = " ".join(value.split())
    if not value:
        raise forms.ValidationError(_("Enter a name."))
    return value


class ProfileForm(forms.ModelForm):
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)

    class Meta:
        model = User
        fields = ["full_name", "language"]
        labels = {"full_name": _("Name")}
        widgets = {"full_name": forms.TextInput(attrs={"autocomplete": "name"})}

    def clean_full_name(self):
        return _clean_name(self.cleaned_data["full_name"])


class OrganisationSwitchForm(forms.Form):
    organisation = forms.TypedChoiceField(label=_("Organisation"), coerce=int)

    def __init__(self, *args, memberships, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [
            (m.organisation_id, m.organisation.name) for m in memberships
        ]


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=100,
        help_text=_("What the token is for, so that you recognise it later."),
    )

    def clean_name(self):
        return _clean_name(self.cleaned_data["name"])


class PasswordResetForm(auth_forms.PasswordResetForm):
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def get_users(self, email):
        # Invited people have no password yet; they may ask again when the first link expired.
        return User.objects.filter(email__iexact=email.strip(), is_active=True)

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        from omkreds.accounts.services import user_language

        context["site_url"] = settings.SITE_URL
        with translation.override(user_language(context["user"])):
            super().send_mail(subject_template_name, email_template_name, context, *args, **kwargs)


class MembershipForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["role", "team"]

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = organisation.teams.all()
        self.fields["team"].empty_label = _("No team")


class InviteForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    full_name = forms.CharField(label=_("Name"), max_length=200)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    team = forms.ModelChoiceField(
        label=_("Team"), queryset=None, required=False, empty_label=_("No team")
    )

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = organisation.teams.all()

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("An account with this e-mail address already exists."))
        return email

    def clean_full_name(self):
        return _clean_name(self.cleaned_data["full_name"])


def _margin_field(label) -> forms.IntegerField:
    # The Word letters are A4; a margin outside this range leaves no room or no edge to print.
    return forms.IntegerField(label=label, min_value=5, max_value=50, required=False)


# Left out of a post (an older form), these keep what the organisation has.
_KEPT_WHEN_EMPTY = (
    "network_meeting_offer_months",
    "letter_margin_top_mm",
    "letter_margin_right_mm",
    "letter_margin_bottom_mm",
    "letter_margin_left_mm",
)


class OrganisationSettingsForm(forms.ModelForm):
    cti_caseload_cap = forms.IntegerField(
        label=_("CTI caseload cap per worker"),
        min_value=1,
        max_value=100,
        help_text=_("How many CTI courses one worker may hold at a time."),
    )

    network_meeting_offer_months = forms.IntegerField(
        label=_("Offer a network meeting after (months)"),
        min_value=1,
        max_value=24,
        required=False,
        help_text=_(
            "The home page reminds the worker to offer a network meeting to a citizen who has "
            "had none for this many months."
        ),
    )
    letter_margin_top_mm = _margin_field(_("Letter margin, top (mm)"))
    letter_margin_right_mm = _margin_field(_("Letter margin, right (mm)"))
    letter_margin_bottom_mm = _margin_field(_("Letter margin, bottom (mm)"))
    letter_margin_left_mm = _margin_field(_("Letter margin, left (mm)"))

    class Meta:
        model = Organisation
        fields = [
            "name",
            "default_language",
            "citizen_term",
            "cti_caseload_cap",
            "network_meeting_offer_months",
            "letter_margin_top_mm",
            "letter_margin_right_mm",
            "letter_margin_bottom_mm",
            "letter_margin_left_mm",
        ]
        help_texts = {
            "default_language": _("For people who have not chosen a language themselves."),
            "citizen_term": _("What the pages call the person the work is about."),
        }

    def clean_name(self):
        return _clean_name(self.cleaned_data["name"])

    def clean(self):
        cleaned = super().clean()
        for name in _KEPT_WHEN_EMPTY:
            if name not in self.errors and cleaned.get(name) is None:
                cleaned[name] = getattr(self.instance, name)
        return cleaned


class IdentityProviderForm(forms.ModelForm):
    """An organisation's identity provider, as its admin sets it up."""

    metadata_file = forms.FileField(
        label=_("IdP metadata file"),
        required=False,
        help_text=_("The XML metadata file your identity provider's administrator gives you."),
    )
    allowed_roles = forms.MultipleChoiceField(
        label=_("Roles the identity provider may give"),
        choices=Role.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("A person whose role attribute names another role is refused."),
    )
    mfa_values = forms.CharField(
        label=_("Values that mean multi-factor sign-in"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line: SAML AuthnContextClassRef values."),
    )

    class Meta:
        model = IdentityProvider
        fields = [
            "enabled",
            "saml_metadata_url",
            "email_attribute",
            "name_attribute",
            "role_attribute",
            "default_role",
            "allowed_roles",
            "require_sso",
            "break_glass_user",
            "mfa_counts",
            "mfa_values",
        ]
        help_texts = {
            "saml_metadata_url": _("Or the address the metadata is published at (https)."),
            "role_attribute": _("Leave empty to give everyone the default role."),
            "break_glass_user": _(
                "This administrator may still log in with a password when the identity "
                "provider is down."
            ),
        }

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["break_glass_user"].queryset = User.objects.filter(
            memberships__organisation=organisation,
            memberships__role=Role.ADMIN,
            memberships__is_active=True,
        )
        self.initial["mfa_values"] = "\n".join(self.instance.mfa_values or [])
        self.metadata = None

    def clean_mfa_values(self):
        return [
            line.strip() for line in self.cleaned_data["mfa_values"].splitlines() if line.strip()
        ]

    def clean(self):
        from omkreds.accounts.sso.metadata import fetch_idp_metadata, read_idp_metadata

        cleaned = super().clean()
        upload = cleaned.get("metadata_file")
        url = cleaned.get("saml_metadata_url")
        try:
            if upload:
                self.metadata = read_idp_metadata(upload.read())
            elif url and (
                url != self.instance.saml_metadata_url or not self.instance.saml_metadata
            ):
                self.metadata = fetch_idp_metadata(url)
        except forms.ValidationError as error:
            self.add_error("metadata_file" if upload else "saml_metadata_url", error)
            return cleaned
        has_metadata = self.metadata is not None or bool(self.instance.saml_metadata)
        if cleaned.get("enabled") and not has_metadata:
            self.add_error(
                "enabled", _("Give the identity provider's metadata before switching it on.")
            )
        if cleaned.get("require_sso") and not cleaned.get("enabled"):
            self.add_error(
                "require_sso", _("Switch sign-in through the identity provider on first.")
            )
        return cleaned

    def save(self, commit=True):
        provider = super().save(commit=False)
        if self.metadata is not None:
            provider.saml_metadata = self.metadata.xml
            provider.saml_entity_id = self.metadata.entity_id
            provider.saml_certificate_expires_at = self.metadata.certificate_expires_at
        if commit:
            provider.save()
        return provider
