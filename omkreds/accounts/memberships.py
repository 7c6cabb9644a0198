"""A user's active memberships: in which organisations they work, and in which role.

The access policy (`omkreds.access.policy`) decides from these what a user may see; accounts
reads them for its own pages (the organisation switch, the admin pages) without asking the
policy, so that accounts stands below access.
"""

from __future__ import annotations

from omkreds.accounts.models import Membership, Role


def memberships(user) -> list[Membership]:
    """The user's active memberships, fetched once per user object."""
    if not user.is_authenticated or not user.is_active:
        return []
    cached = getattr(user, "_omkreds_memberships", None)
    if cached is None:
        cached = list(
            Membership.objects.active().filter(user=user).select_related("organisation", "team")
        )
        user._omkreds_memberships = cached
    return cached


def role_in(user, organisation_id) -> str | None:
    for membership in memberships(user):
        if membership.organisation_id == organisation_id:
            return membership.role
    return None


def manages_users(user, organisation) -> bool:
    """An admin of the organisation manages its users, teams and settings (and reads no case
    data). The same rule as `policy.OrgAction.MANAGE_USERS`."""
    return role_in(user, getattr(organisation, "pk", organisation)) == Role.ADMIN
