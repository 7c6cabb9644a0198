"""Organisation administration: people, their roles and teams, and the organisation's settings.

Only an admin of the active organisation reaches these pages; to anyone else they do not exist
(404). Admins manage accounts; they read no case data.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from omkreds.accounts import services
from omkreds.accounts.forms import (
    IdentityProviderForm,
    InviteForm,
    MembershipForm,
    OrganisationSettingsForm,
)
from omkreds.accounts.memberships import manages_users
from omkreds.accounts.models import IdentityProvider, Membership, Organisation, SsoProtocol


def _managed_organisation(request) -> Organisation:
    organisation = request.organisation
    if organisation is None or not manages_users(request.user, organisation):
        raise Http404
    return organisation


def _membership(organisation: Organisation, membership_id: int) -> Membership:
    return get_object_or_404(
        Membership.objects.select_related("user", "team"),
        pk=membership_id,
        organisation=organisation,
    )


def _refuse_self(request, membership: Membership) -> bool:
    if membership.user_id == request.user.pk:
        messages.error(
            request, gettext("You cannot change your own access. Ask another administrator.")
        )
        return True
    return False


@login_required
def people(request):
    organisation = _managed_organisation(request)
    memberships = (
        Membership.objects.filter(organisation=organisation)
        .select_related("user", "team")
        .order_by("-is_active", "user__full_name", "user__email")
    )
    return render(request, "accounts/org_people.html", {"memberships": memberships})


@login_required
def person_new(request):
    organisation = _managed_organisation(request)
    form = InviteForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.user_invite(
                organisation=organisation,
                email=data["email"],
                full_name=data["full_name"],
                role=data["role"],
                team=data["team"],
            )
        except IntegrityError:
            form.add_error("email", gettext("An account with this e-mail address already exists."))
        else:
            messages.success(
                request,
                gettext("%(name)s has been added and sent an e-mail to choose a password.")
                % {"name": user.full_name},
            )
            return redirect("accounts:org_people")
    return render(request, "accounts/org_person_new.html", {"form": form})


@login_required
def person(request, membership_id: int):
    organisation = _managed_organisation(request)
    membership = _membership(organisation, membership_id)
    form = MembershipForm(request.POST or None, instance=membership, organisation=organisation)
    if request.method == "POST":
        if _refuse_self(request, membership):
            return redirect("accounts:org_person", membership_id=membership.pk)
        if form.is_valid():
            form.save()
            messages.success(request, gettext("The role and team have been saved."))
            return redirect("accounts:org_people")
        membership.refresh_from_db()
    context = {
        "form": form,
        "person_membership": membership,
        "person": membership.user,
        "account_here": services.account_belongs_to(membership.user, organisation),
        "is_self": membership.user_id == request.user.pk,
    }
    return render(request, "accounts/org_person.html", context)


@require_POST
@login_required
def person_deactivate(request, membership_id: int):
    membership = _membership(_managed_organisation(request), membership_id)
    if _refuse_self(request, membership):
        return redirect("accounts:org_person", membership_id=membership.pk)
    if membership.is_active:
        services.membership_deactivate(membership=membership)
        messages.success(
            request,
            gettext("%(name)s no longer has access to this organisation.")
            % {"name": membership.user.full_name},
        )
    return redirect("accounts:org_people")


@require_POST
@login_required
def account_deactivate(request, membership_id: int):
    organisation = _managed_organisation(request)
    membership = _membership(organisation, membership_id)
    if _refuse_self(request, membership):
        return redirect("accounts:org_person", membership_id=membership.pk)
    if not services.account_belongs_to(membership.user, organisation):
        messages.error(
            request,
            gettext(
                "This person also belongs to another organisation, so only their membership "
                "here can be ended."
            ),
        )
        return redirect("accounts:org_person", membership_id=membership.pk)
    if membership.user.is_active:
        services.user_deactivate(user=membership.user)
        messages.success(
            request,
            gettext("The account of %(name)s has been deactivated.")
            % {"name": membership.user.full_name},
        )
    return redirect("accounts:org_people")


@require_POST
@login_required
def person_reactivate(request, membership_id: int):
    organisation = _managed_organisation(request)
    membership = _membership(organisation, membership_id)
    services.membership_reactivate(membership=membership)
    membership.user.refresh_from_db()
    if membership.user.is_active:
        messages.success(
            request,
            gettext("%(name)s has access to this organisation again.")
            % {"name": membership.user.full_name},
        )
    else:
        messages.warning(
            request,
            gettext(
                "The membership is active again, but the account itself is switched off by "
                "another organisation."
            ),
        )
    return redirect("accounts:org_people")


@login_required
def organisation_settings(request):
    organisation = _managed_organisation(request)
    form = OrganisationSettingsForm(request.POST or None, instance=organisation)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, gettext("The organisation's settings have been saved."))
            return redirect("accounts:org_settings")
        organisation.refresh_from_db()
    return render(request, "accounts/org_settings.html", {"form": form})


@login_required
def identity_provider(request):
    """The organisation's own sign-in: the IdP's metadata, attributes, and what it replaces."""
    organisation = _managed_organisation(request)
    provider = IdentityProvider.objects.filter(organisation=organisation).first() or (
        IdentityProvider(organisation=organisation, protocol=SsoProtocol.SAML)
    )
    form = IdentityProviderForm(
        request.POST or None, request.FILES or None, instance=provider, organisation=organisation
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, gettext("The sign-in settings have been saved."))
        return redirect("accounts:org_identity_provider")

    def sp_url(name: str) -> str:
        return request.build_absolute_uri(
            reverse(f"sso:saml_{name}", kwargs={"organisation_id": organisation.pk})
        )

    context = {
        "form": form,
        "provider": provider if provider.pk else None,
        "sp_metadata_url": sp_url("metadata"),
        "sp_acs_url": sp_url("acs"),
        "sp_logout_url": sp_url("sls"),
        "oidc_redirect_uri": request.build_absolute_uri(
            reverse("sso:oidc_callback", kwargs={"organisation_id": organisation.pk})
        ),
    }
    return render(request, "accounts/org_identity_provider.html", context)
