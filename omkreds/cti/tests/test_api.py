"""CTI in the JSON API: policy, log, and 422 with clear messages for bad input."""

import datetime as dt

from omkreds.access.models import AccessLogEntry
from omkreds.accounts.models import ApiToken
from omkreds.cti import checklists, services
from omkreds.cti.models import ChecklistAnswer, CtiCourse, CtiPlan, FidelityReview


def token_client(client, user, organisation):
    _token, secret = ApiToken.issue(user=user, organisation=organisation, name="test")
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
    return client


def base(cast) -> str:
    return f"/api/v1/cti/citizens/{cast.citizen.pk}/courses"


def start(cast, today, on=None):
    return services.course_start(
        citizen=cast.citizen,
        worker=cast.worker,
        started_on=on or today - dt.timedelta(days=40),
        by=cast.worker,
    )


def test_checklist_definitions_hold_no_citizen_data(cast, client):
    api = token_client(client, cast.worker, cast.org)
    response = api.get("/api/v1/cti/checklists", HTTP_ACCEPT_LANGUAGE="da")
    assert response.status_code == 200
    data = response.json()
    assert [c["key"] for c in data] == ["p1", "p2", "p3", "fidelity"]
    items = [i for s in data[0]["sections"] for i in s["items"]]
    assert {"key": "p1.coherence.03", "text": "Borgeren er blevet tilbudt en §141-handleplan"} in (
        items
    )
    assert len(items) == len(checklists.PHASE1.items)
    assert not AccessLogEntry.objects.exists()


def test_anonymous_gets_401(cast, client):
    assert client.get("/api/v1/cti/checklists").status_code == 401
    assert client.get(base(cast)).status_code == 401


def test_start_shift_answer_end_through_the_api(cast, client, today, days_ago):
    api = token_client(client, cast.worker, cast.org)
    response = api.post(
        base(cast),
        {"worker_id": cast.worker.pk, "started_on": days_ago(100).isoformat()},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    course_id = response.json()["id"]
    assert response.json()["phase"] == 0
    assert AccessLogEntry.objects.filter(citizen_id=cast.citizen.pk, action="edit_cti").exists()

    response = api.post(
        f"{base(cast)}/{course_id}/shift",
        {"to_phase": 1, "on": days_ago(70).isoformat()},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["course"]["phase1_started_on"] == days_ago(70).isoformat()

    response = api.post(
        f"{base(cast)}/{course_id}/answers",
        {"item_key": "p1.coherence.03", "answer": "no", "note": "Not yet"},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["answered_by"]["name"] == "Wanda Worker"

    detail = api.get(f"{base(cast)}/{course_id}").json()
    assert detail["checklists"][0]["open_no"] == 1
    assert [a["item_key"] for a in api.get(f"{base(cast)}/{course_id}/answers").json()] == [
        "p1.coherence.03"
    ]

    response = api.post(
        f"{base(cast)}/{course_id}/end",
        {"on": today.isoformat(), "reason": "moved"},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["course"]["end_reason"] == "moved"
    assert not CtiCourse.objects.get().is_open


def test_bad_input_is_422_and_changes_nothing(cast, client, today, days_ago):
    course = start(cast, today)
    api = token_client(client, cast.worker, cast.org)

    def post(path, body):
        return api.post(f"{base(cast)}{path}", body, content_type="application/json")

    # A second open course.
    response = post("", {"worker_id": cast.worker.pk, "started_on": today.isoformat()})
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "citizen": ["This person already has a CTI course that has not ended."]
    }
    assert CtiCourse.objects.count() == 1

    # A shift realised before the previous phase started.
    response = post(f"/{course.pk}/shift", {"to_phase": 1, "on": days_ago(50).isoformat()})
    assert response.status_code == 422
    assert "The phase cannot start before" in response.json()["errors"]["on"][0]
    # Skipping a phase.
    response = post(f"/{course.pk}/shift", {"to_phase": 3, "on": today.isoformat()})
    assert response.json()["errors"] == {
        "to_phase": ["The course can only move on to the next phase."]
    }
    # A missing end reason, and "other" without words.
    response = post(f"/{course.pk}/end", {"on": today.isoformat()})
    assert response.status_code == 422
    assert response.json()["errors"]["reason"] == ["This field is required."]
    response = post(f"/{course.pk}/end", {"on": today.isoformat(), "reason": "other"})
    assert response.json()["errors"] == {"reason": ["Describe the reason when it is “other”."]} or (
        response.json()["errors"] == {"reason_text": ["Describe the reason when it is “other”."]}
    )
    # An answer to an unknown item, and an answer not offered.
    response = post(f"/{course.pk}/answers", {"item_key": "p9.nothing", "answer": "yes"})
    assert response.status_code == 422
    assert response.json()["errors"] == {"item_key": ["There is no such checklist item."]}
    response = post(f"/{course.pk}/answers", {"item_key": "p1.coherence.01", "answer": "maybe"})
    assert response.status_code == 422
    assert "answer" in response.json()["errors"]
    # Not JSON at all.
    response = api.post(f"{base(cast)}/{course.pk}/answers", "{", content_type="application/json")
    assert response.status_code == 400

    course.refresh_from_db()
    assert course.is_open and course.phase == 0
    assert not ChecklistAnswer.objects.exists()


def test_start_with_planned_dates_out_of_order_is_422(cast, client, days_ago):
    api = token_client(client, cast.worker, cast.org)
    started = days_ago(5)
    plan = services.planned_dates(started)
    body = {
        "worker_id": cast.worker.pk,
        "started_on": started.isoformat(),
        **{k: v.isoformat() for k, v in plan.__dict__.items()},
        "phase3_planned_on": plan.phase1_planned_on.isoformat(),
    }
    response = api.post(base(cast), body, content_type="application/json")
    assert response.status_code == 422
    assert "The dates must follow each other in order." in str(response.json()["errors"])
    assert not CtiCourse.objects.exists()


def test_start_for_unknown_or_foreign_worker_is_422(cast, client, today):
    api = token_client(client, cast.worker, cast.org)
    for worker_id in (cast.outsider.pk, 999999):
        response = api.post(
            base(cast),
            {"worker_id": worker_id, "started_on": today.isoformat()},
            content_type="application/json",
        )
        assert response.status_code == 422
    assert not CtiCourse.objects.exists()


def test_professional_reads_but_cannot_write(cast, client, today):
    course = start(cast, today)
    api = token_client(client, cast.professional, cast.org)
    assert api.get(base(cast)).status_code == 200
    assert api.get(f"{base(cast)}/{course.pk}/answers").status_code == 200
    response = api.post(
        f"{base(cast)}/{course.pk}/answers",
        {"item_key": "p1.coherence.01", "answer": "yes"},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert not ChecklistAnswer.objects.exists()


def test_out_of_reach_is_404_without_data(cast, client, today):
    course = start(cast, today)
    api = token_client(client, cast.colleague, cast.org)
    response = api.get(f"{base(cast)}/{course.pk}")
    assert response.status_code == 404
    assert "CANARY" not in response.content.decode()


def test_plans_through_the_api(cast, client, today):
    course = start(cast, today)
    api = token_client(client, cast.worker, cast.org)
    body = {
        "based_on": None,
        "action_plan_reference": "SAG-1",
        "dimensions": [
            {"dimension": key, "goal": f"Goal {key}", "subgoals": ["First step"]}
            for key in ["housing", "mental", "physical", "economy"]
        ],
    }
    response = api.put(f"{base(cast)}/{course.pk}/plans/1", body, content_type="application/json")
    assert response.status_code == 200, response.content
    data = response.json()
    assert [d["dimension"] for d in data["dimensions"]] == [
        "housing",
        "mental",
        "physical",
        "economy",
    ]
    assert data["dimensions"][0]["subgoals"][0]["text"] == "First step"
    assert "the method advises about three" in data["warnings"][0]
    assert len(api.get(f"{base(cast)}/{course.pk}/plans").json()) == 1

    bad = {"dimensions": [{"dimension": "luck"}], "based_on": None}
    response = api.put(f"{base(cast)}/{course.pk}/plans/2", bad, content_type="application/json")
    assert response.status_code == 422
    assert CtiPlan.objects.count() == 1
    response = api.put(
        f"{base(cast)}/{course.pk}/plans/7", {"based_on": None}, content_type="application/json"
    )
    assert response.status_code == 404


def test_phase_plan_through_the_api(cast, client, today, days_ago):
    start(cast, today, on=days_ago(45))
    api = token_client(client, cast.lead, cast.org)
    response = api.get("/api/v1/cti/phase-plan")
    assert response.status_code == 200
    [row] = response.json()
    assert row["state"] == "overdue"
    assert row["citizen_name"] == cast.citizen.name
    assert AccessLogEntry.objects.filter(user=cast.lead, action="list").count() == 1
    api = token_client(client, cast.professional, cast.org)
    assert api.get("/api/v1/cti/phase-plan").status_code == 404


def test_fidelity_through_the_api(cast, client, today):
    api = token_client(client, cast.lead, cast.org)
    body = {
        "reviewed_on": today.isoformat(),
        "answers": {"fidelity.01": {"answer": "yes"}, "fidelity.02": {"answer": "dont_know"}},
    }
    response = api.post("/api/v1/cti/fidelity-reviews", body, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["answers"] == {"fidelity.01": "yes", "fidelity.02": "dont_know"}
    assert response.json()["score_percent"] == round(100 / len(checklists.FIDELITY.items))
    body["answers"] = {"fidelity.99": {"answer": "yes"}}
    response = api.post("/api/v1/cti/fidelity-reviews", body, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["errors"] == {"item_key": ["There is no such checklist item."]}
    assert FidelityReview.objects.count() == 1
    assert len(api.get("/api/v1/cti/fidelity-reviews").json()) == 1
    worker_api = token_client(client, cast.worker, cast.org)
    assert worker_api.get("/api/v1/cti/fidelity-reviews").status_code == 404
