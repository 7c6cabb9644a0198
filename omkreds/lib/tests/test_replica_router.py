"""Which database the router picks: the replica only for a marked GET view's reads, until the
request writes something other than its access-log rows (omkreds/lib/replica.py)."""

import pytest
from django.db import transaction
from django.test import RequestFactory

from omkreds.access.models import AccessLogEntry
from omkreds.citizens.models import Citizen
from omkreds.lib import replica
from omkreds.lib.replica import ReplicaRouter, from_replica

router = ReplicaRouter()


@pytest.fixture
def configured(monkeypatch):
    monkeypatch.setattr(replica, "replica_configured", lambda: True)


def test_reads_of_a_marked_get_go_to_the_replica_until_the_request_writes(configured):
    request = RequestFactory().get("/cti/phase-plan/")
    assert router.db_for_read(Citizen) == "default"
    with from_replica(request):
        assert router.db_for_read(Citizen) == "replica"
        # The access-log row is written to the primary and does not end the replica's reads.
        assert router.db_for_write(AccessLogEntry) == "default"
        assert router.db_for_read(Citizen) == "replica"
        # Any other write does: what the request reads next it may have just written.
        assert router.db_for_write(Citizen) == "default"
        assert router.db_for_read(Citizen) == "default"
    assert router.db_for_read(Citizen) == "default"


@pytest.mark.django_db
def test_reads_in_a_transaction_on_the_primary_stay_there(configured):
    with from_replica(RequestFactory().get("/")), transaction.atomic():
        assert router.db_for_read(Citizen) == "default"


def test_a_post_and_an_unconfigured_replica_read_from_the_primary(configured, monkeypatch):
    with from_replica(RequestFactory().post("/cti/phase-plan/")):
        assert router.db_for_read(Citizen) == "default"
    monkeypatch.setattr(replica, "replica_configured", lambda: False)
    with from_replica(RequestFactory().get("/cti/phase-plan/")):
        assert router.db_for_read(Citizen) == "default"
    assert router.allow_migrate("replica", "citizens") is False
    assert router.allow_migrate("default", "citizens") is True
