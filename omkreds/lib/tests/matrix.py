"""Authorization matrix routes that belong to no app (format: omkreds/lib/testing/matrix.py)."""

from omkreds.lib.testing.matrix import PUBLIC, Route

ROUTES = [
    Route(
        "healthz",
        allowed=PUBLIC,
        citizen_data=False,
        notes="Load balancers call it without login, before and after the second factor.",
    ),
    Route(
        "readyz",
        allowed=PUBLIC,
        citizen_data=False,
        notes="Readiness for load balancers and orchestrators: no login, no data, as healthz.",
    ),
    Route(
        "metrics",
        allowed=PUBLIC,
        ok_status=401,
        citizen_data=False,
        notes=(
            "A token door: every role, signed in or not, is refused (401) without the "
            "METRICS_TOKEN bearer token; lib/tests/test_metrics.py checks the token itself."
        ),
    ),
    Route(
        "set_language",
        method="POST",
        allowed=PUBLIC,
        ok_status=302,
        citizen_data=False,
        data=lambda cast, extra: {"language": "da", "next": "/"},
        notes="Django's language switch; open before the second factor too.",
    ),
    Route(
        "api:openapi-json",
        api=True,
        # The API's paths answer 401 to a user who has not passed the second factor.
        allowed=PUBLIC - {"unverified"},
        citizen_data=False,
        notes="The OpenAPI schema describes the API and holds no data.",
    ),
    Route(
        "api:openapi-view",
        api=True,
        allowed=PUBLIC - {"unverified"},
        citizen_data=False,
        notes="The interactive docs (Swagger UI) over the schema: no data; calls need a token.",
    ),
]
