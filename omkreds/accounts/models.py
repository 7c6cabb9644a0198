import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_otp.models import Device

from omkreds.accounts.countries import Country


class Language(models.TextChoices):
    DANISH = "da", _("Danish")
    SWEDISH = "sv", _("Swedish")
    SWEDISH_FINLAND = "sv-fi", _("Swedish (Finland)")
    FINNISH = "fi", _("Finnish")
    ENGLISH = "en", _("English")


class CitizenTerm(models.TextChoices):
    """What an organisation calls the person in focus. Each term is translated, not typed."""

    CITIZEN = "citizen", pgettext_lazy("person in focus", "citizen")
    PATIENT = "patient", pgettext_lazy("person in focus", "patient")
    MAIN_PERSON = "main_person", pgettext_lazy("person in focus", "main person")
    CLIENT = "client", pgettext_lazy("person in focus", "client")
    CUSTOMER = "customer", pgettext_lazy("person in focus", "customer")


CITIZEN_TERM_PLURAL = {
    CitizenTerm.CITIZEN: pgettext_lazy("persons in focus", "citizens"),
    CitizenTerm.PATIENT: pgettext_lazy("persons in focus", "patients"),
    CitizenTerm.MAIN_PERSON: pgettext_lazy("persons in focus", "main persons"),
    CitizenTerm.CLIENT: pgettext_lazy("persons in focus", "clients"),
    CitizenTerm.CUSTOMER: pgettext_lazy("persons in focus", "customers"),
}


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200)
    default_language = models.CharField(
        _("default language"), max_length=5, choices=Language.choices, default=Language.DANISH
    )
    # Issue 18: one installation serves several countries; times follow the organisation's zone.
    country = models.CharField(
        _("country"), max_length=2, choices=Country.choices, default=Country.DENMARK
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        blank=True,
        default="",
        help_text=_("Empty: the country's time zone."),
    )
    citizen_term = models.CharField(
        _("word for the person in focus"),
        max_length=20,
        choices=CitizenTerm.choices,
        default=CitizenTerm.CITIZEN,
    )
    cti_caseload_cap = models.PositiveSmallIntegerField(
        _("CTI caseload cap per worker"), default=10
    )
    # Seed 000: "Ett par gånger per år erbjuds kund ... att bjuda in till nätverksmöten".
    network_meeting_offer_months = models.PositiveSmallIntegerField(
        _("offer a network meeting after (months)"), default=6
    )
    # The page margins of the Word letters (A4), in millimetres.
    letter_margin_top_mm = models.PositiveSmallIntegerField(_("letter margin top (mm)"), default=20)
    letter_margin_right_mm = models.PositiveSmallIntegerField(
        _("letter margin right (mm)"), default=20
    )
    letter_margin_bottom_mm = models.PositiveSmallIntegerField(
        _("letter margin bottom (mm)"), default=18
    )
    letter_margin_left_mm = models.PositiveSmallIntegerField(
        _("letter margin left (mm)"), default=20
    )
    passkey_sign_in = models.BooleanField(
        _("people may sign in with a passkey alone"),
        default=False,
        help_text=_(
            "A passkey is always accepted as the second factor; this also lets it replace the "
            "password."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    @property
    def letter_margins_mm(self) -> tuple[int, int, int, int]:
        """Top, right, bottom, left."""
        return (
            self.letter_margin_top_mm,
            self.letter_margin_right_mm,
            self.letter_margin_bottom_mm,
            self.letter_margin_left_mm,
        )

    @property
    def citizen_word(self) -> str:
        return str(CitizenTerm(self.citizen_term).label)

    @property
    def citizens_word(self) -> str:
        return str(CITIZEN_TERM_PLURAL[CitizenTerm(self.citizen_term)])


class Team(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="team_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200)
    language = models.CharField(
        _("language"), max_length=5, choices=Language.choices, blank=True, default=""
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(default=False)
    is_demo = models.BooleanField(default=False, editable=False)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name", "email"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class Role(models.TextChoices):
    WORKER = "worker", _("worker")
    LEAD = "lead", _("lead")
    COORDINATOR = "coordinator", _("coordinator")
    PROFESSIONAL = "professional", _("professional")
    ADMIN = "admin", _("administrator")


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True, user__is_active=True)


class Membership(models.Model):
    """A user's role in one organisation. A user may belong to several organisations."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    team = models.ForeignKey(
        Team,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("team"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="membership_one_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.organisation} · {self.get_role_display()}"


class UserSession(models.Model):
    """The sessions a user holds, so that logout, deactivation and a new password end them all."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sessions"
    )
    session_key = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.user_id} · {self.created_at:%Y-%m-%d %H:%M}"


class ApiTokenQuerySet(models.QuerySet):
    def live(self):
        return self.filter(revoked_at__isnull=True, user__is_active=True)


class ApiToken(models.Model):
    """A personal API token. Only a SHA-256 digest is stored; the secret is shown once."""

    PREFIX = "omk_"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def hash(secret: str) -> str:
        return hashlib.sha256(secret.encode()).hexdigest()

    @classmethod
    def issue(cls, *, user, organisation, name: str) -> tuple["ApiToken", str]:
        secret = cls.PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user, organisation=organisation, name=name, digest=cls.hash(secret)
        )
        return token, secret


# --- Single sign-on -------------------------------------------------------------------------


class SsoProtocol(models.TextChoices):
    SAML = "saml", _("SAML 2.0")
    OIDC = "oidc", _("OpenID Connect")


class IdentityProvider(models.Model):
    """An organisation's own identity provider: how its people sign in through it.

    The IdP's metadata (SAML) or issuer and client (OpenID Connect) is what the organisation's
    admin entered; the attribute names say where the e-mail address, name and role are found.
    """

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="identity_provider"
    )
    protocol = models.CharField(_("protocol"), max_length=10, choices=SsoProtocol.choices)
    enabled = models.BooleanField(_("sign-in through the identity provider is on"), default=False)

    saml_metadata = models.TextField(_("IdP metadata"), blank=True)
    saml_metadata_url = models.URLField(_("IdP metadata URL"), blank=True)
    saml_entity_id = models.CharField(_("IdP entity ID"), max_length=500, blank=True)
    saml_certificate_expires_at = models.DateTimeField(null=True, blank=True)

    oidc_issuer = models.URLField(_("issuer"), blank=True)
    oidc_client_id = models.CharField(_("client ID"), max_length=200, blank=True)
    oidc_client_secret = models.CharField(_("client secret"), max_length=500, blank=True)
    # The issuer's discovery document, read when the settings are saved.
    oidc_provider = models.JSONField(default=dict, blank=True)

    email_attribute = models.CharField(_("e-mail attribute"), max_length=200, default="mail")
    name_attribute = models.CharField(_("name attribute"), max_length=200, default="displayName")
    role_attribute = models.CharField(_("role attribute"), max_length=200, blank=True)
    default_role = models.CharField(
        _("default role"), max_length=20, choices=Role.choices, default=Role.WORKER
    )
    allowed_roles = models.JSONField(_("roles the identity provider may give"), default=list)

    require_sso = models.BooleanField(
        _("people must sign in through the identity provider"), default=False
    )
    break_glass_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("break-glass administrator"),
    )
    mfa_counts = models.BooleanField(
        _("the identity provider's multi-factor sign-in counts as the second factor"),
        default=False,
    )
    mfa_values = models.JSONField(_("values that mean multi-factor sign-in"), default=list)

    class Meta:
        verbose_name = _("identity provider")
        verbose_name_plural = _("identity providers")

    def __str__(self) -> str:
        return f"{self.organisation} · {self.get_protocol_display()}"


class SeenAssertion(models.Model):
    """An assertion (SAML) or ID token (OpenID Connect) already used to sign in: never twice."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    assertion_id = models.CharField(max_length=300)
    expires_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "assertion_id"], name="seen_assertion_once"
            )
        ]

    def __str__(self) -> str:
        return self.assertion_id


class IdentityProviderDevice(Device):
    """The second factor the identity provider vouched for (its own multi-factor sign-in).

    It verifies no code: a session reaches it only through an SSO sign-in whose authentication
    context the organisation counts as multi-factor.
    """

    def verify_token(self, token) -> bool:
        return False

    class Meta(Device.Meta):
        verbose_name = _("identity provider sign-in")
