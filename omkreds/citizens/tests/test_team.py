import pytest

from omkreds.access import log
from omkreds.access.models import AccessLogEntry
from omkreds.citizens.models import CaseRole, CaseTeamMember, Citizen
from omkreds.lib.testing.cast import CANARY

pytestmark = pytest.mark.django_db


def test_lead_sees_team_citizens_and_caseloads(cast, login_as):
    CaseTeamMember.objects.create(
        citizen=cast.colleague_citizen, user=cast.worker, role=CaseRole.CTI_WORKER
    )
    Citizen.objects.create(
        organisation=cast.org,
        team=cast.team,
        name="Closed one",
        primary_worker=cast.colleague,
        status="closed",
        closed_on="2025-01-01",
    )
    response = login_as(cast.lead).get("/team/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "CANARY-7f3a-citizen-name" in body
    assert "CANARY-7f3a-colleague-citizen" in body
    assert "CANARY-7f3a-other-team-citizen" not in body
    caseloads = {worker.email: count for worker, count in response.context["caseloads"]}
    # The worker: primary for one, on the case team of another. Closed cases do not count.
    assert caseloads == {"worker@example.org": 2, "colleague@example.org": 1}
    assert AccessLogEntry.objects.filter(user=cast.lead, action=log.LIST).count() == 3


def test_other_lead_sees_only_own_team(cast, login_as):
    body = login_as(cast.other_lead).get("/team/").content.decode()
    assert "CANARY-7f3a-other-team-citizen" in body
    assert "CANARY-7f3a-citizen-name" not in body


@pytest.mark.parametrize("who", ["worker", "professional", "coordinator", "admin", "outsider"])
def test_others_get_404(cast, login_as, who):
    response = login_as(getattr(cast, who)).get("/team/")
    assert response.status_code == 404
    assert CANARY not in response.content.decode()


def test_team_query_count_is_bounded(cast, login_as, django_assert_max_num_queries):
    for i in range(40):
        Citizen.objects.create(
            organisation=cast.org,
            team=cast.team,
            name=f"C{i}",
            primary_worker=cast.worker if i % 2 else cast.colleague,
        )
    client = login_as(cast.lead)
    with django_assert_max_num_queries(14):
        response = client.get("/team/")
    assert response.status_code == 200


def test_post_is_not_allowed(cast, login_as):
    assert login_as(cast.lead).post("/team/").status_code == 405
