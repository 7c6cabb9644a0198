from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from omkreds.accounts.countries import is_time_zone
from omkreds.accounts.models import (
    IdentityProvider,
    Language,
    Membership,
    Organisation,
    Role,
    SsoProtocol,
    User,
)


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
            "country",
            "time_zone",
            "citizen_term",
            "cti_caseload_cap",
            "network_meeting_offer_months",
            "letter_margin_top_mm",
            "letter_margin_right_mm",
            "letter_margin_bottom_mm",
            "letter_margin_left_mm",
            "passkey_sign_in",
        ]
        help_texts = {
            "default_language": _("For people who have not chosen a language themselves."),
            "citizen_term": _("What the pages call the person the work is about."),
            "time_zone": _(
                "Times are shown in it, in pages and invitations. Empty: the country's time zone."
            ),
        }

    def clean_name(self):
        return _clean_name(self.cleaned_data["name"])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A form that does not send the country (an older page, the API) keeps the saved one.
        self.fields["country"].required = False

    def clean_country(self):
        return self.cleaned_data["country"] or self.instance.country

    def clean_time_zone(self):
        name = self.cleaned_data["time_zone"].strip()
        if name and not is_time_zone(name):
            raise forms.ValidationError(_("Give a time zone such as Europe/Helsinki."))
        return name

    def clean(self):
        cleaned = super().clean()
        for name in _KEPT_WHEN_EMPTY:
            if name not in self.errors and cleaned.get(name) is None:
                cleaned[name] = getattr(self.instance, name)
        return cleaned


class IdentityProviderForm(forms.ModelForm):
    """An organisation's identity provider, as its admin sets it up: SAML 2.0 or OpenID Connect."""

    protocol = forms.ChoiceField(
        label=_("Protocol"), choices=SsoProtocol.choices, widget=forms.RadioSelect, required=False
    )
    metadata_file = forms.FileField(
        label=_("IdP metadata file"),
        required=False,
        help_text=_("The XML metadata file your identity provider's administrator gives you."),
    )
    oidc_client_secret = forms.CharField(
        label=_("Client secret"),
        required=False,
        max_length=500,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}, render_value=False),
        help_text=_("Leave empty to keep the secret already saved."),
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
        help_text=_(
            "One per line: SAML AuthnContextClassRef values, or OpenID Connect acr or amr "
            "values (such as mfa)."
        ),
    )

    class Meta:
        model = IdentityProvider
        fields = [
            "protocol",
            "enabled",
            "saml_metadata_url",
            "oidc_issuer",
            "oidc_client_id",
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
            "oidc_issuer": _(
                "OpenID Connect: the issuer's address (https); its discovery document is read "
                "from it when you save."
            ),
            "email_attribute": _(
                "The SAML attribute or OpenID Connect claim with the e-mail address (often "
                "mail or email)."
            ),
            "name_attribute": _(
                "The attribute or claim with the name (often displayName or name)."
            ),
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
        self.discovery = None

    def clean_protocol(self):
        return self.cleaned_data["protocol"] or self.instance.protocol or SsoProtocol.SAML

    def clean_mfa_values(self):
        return [
            line.strip() for line in self.cleaned_data["mfa_values"].splitlines() if line.strip()
        ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("protocol") == SsoProtocol.OIDC:
            configured = self._clean_oidc(cleaned)
        else:
            configured = self._clean_saml(cleaned)
        if configured is None:
            return cleaned
        if cleaned.get("enabled") and not configured:
            self.add_error(
                "enabled",
                _("Give the identity provider's metadata before switching it on.")
                if cleaned.get("protocol") != SsoProtocol.OIDC
                else _("Give the issuer, client ID and client secret before switching it on."),
            )
        if cleaned.get("require_sso") and not cleaned.get("enabled"):
            self.add_error(
                "require_sso", _("Switch sign-in through the identity provider on first.")
            )
        return cleaned

    def _clean_saml(self, cleaned) -> bool | None:
        from omkreds.accounts.sso.metadata import fetch_idp_metadata, read_idp_metadata

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
            return None
        return self.metadata is not None or bool(self.instance.saml_metadata)

    def _clean_oidc(self, cleaned) -> bool | None:
        from omkreds.accounts.sso.oidc import fetch_discovery

        issuer = (cleaned.get("oidc_issuer") or "").rstrip("/")
        cleaned["oidc_issuer"] = issuer
        stored = self.instance.oidc_provider if self.instance.pk else {}
        if issuer and (issuer != self.instance.oidc_issuer or not stored):
            try:
                self.discovery = fetch_discovery(issuer)
            except forms.ValidationError as error:
                self.add_error("oidc_issuer", error)
                return None
        has_secret = bool(cleaned.get("oidc_client_secret") or self.instance.oidc_client_secret)
        return bool(
            issuer and (self.discovery or stored) and cleaned.get("oidc_client_id") and has_secret
        )

    def save(self, commit=True):
        provider = super().save(commit=False)
        if self.metadata is not None:
            provider.saml_metadata = self.metadata.xml
            provider.saml_entity_id = self.metadata.entity_id
            provider.saml_certificate_expires_at = self.metadata.certificate_expires_at
        if self.discovery is not None:
            provider.oidc_provider = self.discovery
        secret = self.cleaned_data.get("oidc_client_secret")
        if secret:
            provider.oidc_client_secret = secret
        if commit:
            provider.save()
        return provider
