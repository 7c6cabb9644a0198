"""Authorization matrix routes for the agreed marks of map versions
(format: omkreds/lib/testing/matrix.py)."""

from django.utils import timezone

from omkreds.lib.testing.matrix import CASE, Route
from omkreds.networks.agreed.services import agreement_mark
from omkreds.networks.tests.matrix import _two_versions, _version


def _marked(cast) -> dict:
    extra = _two_versions(cast)
    agreement_mark(
        citizen=cast.citizen,
        by=cast.worker,
        number=extra["first"],
        agreed_on=timezone.localdate(),
        based_on=extra["latest"],
        revision=0,
    )
    return extra


ROUTES = [
    Route(
        "networks:agreed_mark",
        method="POST",
        kwargs=_version,
        setup=_two_versions,
        allowed=CASE,
        ok_status=302,
        data=lambda cast, extra: {
            "agreed_on": timezone.localdate().isoformat(),
            "based_on": extra["latest"],
            "revision": 0,
        },
    ),
    Route(
        "networks:agreed_remove",
        method="POST",
        kwargs=_version,
        setup=_marked,
        allowed=CASE,
        ok_status=302,
        data=lambda cast, extra: {"based_on": extra["latest"], "revision": 1},
    ),
]
