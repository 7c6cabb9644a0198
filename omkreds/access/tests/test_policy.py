import pytest
from django.utils import timezone

from omkreds.access import policy
from omkreds.access.policy import Action

pytestmark = pytest.mark.django_db


def test_worker_reaches_own_citizen_only(cast):
    assert policy.can(cast.worker, Action.VIEW_CASE, cast.citizen)
    assert not policy.can(cast.worker, Action.VIEW_CASE, cast.colleague_citizen)
    assert not policy.can(cast.worker, Action.VIEW_CASE, cast.outsider_citizen)


def test_lead_reaches_own_team_only(cast):
    assert policy.can(cast.lead, Action.VIEW_CASE, cast.citizen)
    assert policy.can(cast.lead, Action.VIEW_CASE, cast.colleague_citizen)
    assert not policy.can(cast.lead, Action.VIEW_CASE, cast.other_team_citizen)


def test_professional_reads_consented_parts_only(cast):
    assert policy.can(cast.professional, Action.VIEW_MAP, cast.citizen)
    assert not policy.can(cast.professional, Action.EDIT_MAP, cast.citizen)
    assert not policy.can(cast.professional, Action.VIEW_CASE, cast.citizen)
    for user in (cast.professional_expired, cast.professional_withdrawn, cast.professional_without):
        assert not policy.can(user, Action.VIEW_MAP, cast.citizen)


def test_withdrawal_takes_effect_on_next_check(cast):
    assert policy.can(cast.professional, Action.VIEW_OVERVIEW, cast.citizen)
    cast.consent.withdrawn_at = timezone.now()
    cast.consent.save()
    cast.professional.__dict__.pop("_omkreds_memberships", None)
    assert not policy.can(cast.professional, Action.VIEW_OVERVIEW, cast.citizen)


def test_admin_coordinator_outsider_and_deactivated_reach_no_case(cast):
    for user in (cast.admin, cast.coordinator, cast.outsider, cast.deactivated):
        assert not policy.can(user, Action.VIEW_CASE, cast.citizen)
        assert not policy.reach(user, cast.citizen).any


def test_citizens_in_reach_lists(cast):
    assert set(policy.citizens_in_reach(cast.worker)) == {cast.citizen}
    assert set(policy.citizens_in_reach(cast.lead)) == {cast.citizen, cast.colleague_citizen}
    assert list(policy.citizens_in_reach(cast.admin)) == []
