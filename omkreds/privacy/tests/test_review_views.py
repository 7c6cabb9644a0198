"""Log review pages: list, make, work through, report. Leads only, within their team."""

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.utils import timezone

from omkreds.access.models import AccessLogEntry
from omkreds.lib.testing.cast import CANARY
from omkreds.privacy.models import LogReview, LogReviewItem
from omkreds.privacy.review import REVIEW, log_review_create

pytestmark = pytest.mark.django_db

LIST = "/log-reviews/"
NEW = "/log-reviews/new/"


def look_up(cast, user, citizen, *, hours_ago=1):
    return AccessLogEntry.objects.create(
        at=timezone.now() - dt.timedelta(hours=hours_ago),
        user=user,
        user_label=user.email,
        organisation=cast.org,
        citizen_id=citizen.pk,
        action="view_case",
    )


def made_review(cast, *, sample_size=10):
    today = timezone.localdate()
    return log_review_create(
        organisation=cast.org,
        reviewer=cast.lead,
        period_from=today - dt.timedelta(days=7),
        period_to=today,
        sample_size=sample_size,
        rng_seed=7,
    )


def test_lead_makes_a_review_and_works_through_it(cast, login_as):
    own = look_up(cast, cast.worker, cast.citizen)
    outside = look_up(cast, cast.worker, cast.other_team_citizen)
    client = login_as(cast.lead)
    assert client.get(NEW).status_code == 200
    today = timezone.localdate()
    response = client.post(
        NEW,
        {
            "period_from": (today - dt.timedelta(days=3)).isoformat(),
            "period_to": today.isoformat(),
            "sample_size": "5",
        },
    )
    review = LogReview.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/log-reviews/{review.pk}/"
    assert review.reviewer == cast.lead and review.sample_size == 5
    assert {i.entry_id for i in review.items.all()} == {own.pk, outside.pk}

    response = client.get(response["Location"])
    body = response.content.decode()
    assert response.status_code == 200
    assert "outside own caseload" in body
    # Within the lead's reach: the name. Outside it: only the start of the id.
    assert cast.citizen.name in body
    assert cast.other_team_citizen.name not in body
    assert str(cast.other_team_citizen.pk)[:8] in body
    assert "not within your reach" in body
    logged = AccessLogEntry.objects.filter(user=cast.lead, action=REVIEW)
    assert set(logged.values_list("citizen_id", flat=True)) == {
        cast.citizen.pk,
        cast.other_team_citizen.pk,
    }

    item = review.items.get(entry=outside)
    response = client.post(
        f"/log-reviews/{review.pk}/items/{item.pk}/check/",
        {"note": "Asked Wanda: covered for Otto's team.", "page": "1"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/log-reviews/{review.pk}/?page=1#item-{item.pk}"
    item.refresh_from_db()
    assert item.checked_by == cast.lead and item.checked_at is not None
    assert item.note == "Asked Wanda: covered for Otto's team."
    response = client.get(f"/log-reviews/{review.pk}/?show=open")
    assert [row["item"].pk for row in response.context["rows"]] == [review.items.get(entry=own).pk]
    response = client.get(LIST)
    assert "1 of 2" in response.content.decode()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"period_from": "last week"}, "period_from", "Enter a valid date."),
        ({"period_from": "2025-02-01", "period_to": "2025-01-01"}, "period_to", "on or after"),
        ({"period_to": "2999-01-01"}, "period_to", "cannot end in the future"),
        ({"period_from": "2020-01-01"}, "period_to", "at most 366 days"),
        ({"sample_size": "9999"}, "sample_size", "less than or equal to 500"),
        ({"sample_size": "-1"}, "sample_size", "greater than or equal to 0"),
        ({"sample_size": ""}, "sample_size", "This field is required."),
    ],
)
def test_bad_input_is_explained_and_nothing_is_made(cast, login_as, data, field, message):
    today = timezone.localdate()
    posted = {"period_from": "2025-01-01", "period_to": today.isoformat(), "sample_size": "5"}
    posted["period_from"] = (today - dt.timedelta(days=3)).isoformat()
    posted.update(data)
    response = login_as(cast.lead).post(NEW, posted)
    assert response.status_code == 200
    assert any(message in e for e in response.context["form"].errors[field])
    assert not LogReview.objects.exists()


def test_a_too_long_note_is_refused_with_a_message(cast, login_as):
    look_up(cast, cast.worker, cast.citizen)
    review = made_review(cast)
    item = review.items.get()
    client = login_as(cast.lead)
    response = client.post(
        f"/log-reviews/{review.pk}/items/{item.pk}/check/", {"note": "x" * 501}, follow=True
    )
    assert "Note: Ensure this value has at most 500 characters" in response.content.decode()
    item.refresh_from_db()
    assert item.checked_at is None and item.note == ""


def test_csv_report_holds_ids_not_names_and_is_logged(cast, login_as):
    look_up(cast, cast.worker, cast.citizen)
    look_up(cast, cast.worker, cast.other_team_citizen)
    review = made_review(cast)
    item = review.items.first()
    item.note = "=HYPERLINK(1)"
    item.save()
    response = login_as(cast.lead).get(f"/log-reviews/{review.pk}/report.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    body = response.content.decode()
    assert CANARY not in body
    assert str(cast.other_team_citizen.pk) in body
    assert "'=HYPERLINK(1)" in body
    assert AccessLogEntry.objects.filter(user=cast.lead, action=REVIEW).count() == 2


def test_the_report_in_danish_and_as_xlsx_opens_in_a_spreadsheet(cast, login_as):
    for citizen in (cast.citizen, cast.colleague_citizen, cast.other_team_citizen):
        look_up(cast, cast.worker, citizen)
    review = made_review(cast)
    client = login_as(cast.lead)
    client.cookies["django_language"] = "da"
    url = f"/log-reviews/{review.pk}/report"
    response = client.get(url + ".csv", headers={"accept-language": "da"})
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Hvornår", "Hvem", "Hvad"]
    assert len(rows) == 4 and all(len(row) == 8 for row in rows)
    response = client.get(url + ".xlsx", headers={"accept-language": "da"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet[1]][:3] == ["Hvornår", "Hvem", "Hvad"]
    items = list(sheet.iter_rows(min_row=2))
    assert sorted(row[3].value for row in items) == sorted(
        str(c.pk) for c in (cast.citizen, cast.colleague_citizen, cast.other_team_citizen)
    )
    for row in items:
        assert row[0].is_date and row[5].value is None  # when: a date and time; not checked yet
    assert AccessLogEntry.objects.filter(user=cast.lead, action=REVIEW).count() == 6


def test_detail_queries_are_bounded(cast, login_as, django_assert_max_num_queries):
    AccessLogEntry.objects.bulk_create(
        AccessLogEntry(
            at=timezone.now() - dt.timedelta(minutes=i),
            user=cast.worker,
            user_label=cast.worker.email,
            organisation=cast.org,
            citizen_id=cast.colleague_citizen.pk if i % 2 else cast.citizen.pk,
            action="view_case",
        )
        for i in range(120)
    )
    review = made_review(cast, sample_size=120)
    client = login_as(cast.lead)
    with django_assert_max_num_queries(16):
        response = client.get(f"/log-reviews/{review.pk}/")
    assert len(response.context["rows"]) == 50
    with django_assert_max_num_queries(14):
        client.get(LIST)


def test_a_lead_of_another_team_does_not_see_the_review(cast, login_as):
    look_up(cast, cast.worker, cast.citizen)
    review = made_review(cast)
    item = review.items.get()
    client = login_as(cast.other_lead)
    assert client.get(f"/log-reviews/{review.pk}/").status_code == 404
    assert client.get(f"/log-reviews/{review.pk}/report.csv").status_code == 404
    assert client.get(f"/log-reviews/{review.pk}/report.xlsx").status_code == 404
    response = client.post(f"/log-reviews/{review.pk}/items/{item.pk}/check/", {"note": ""})
    assert response.status_code == 404
    assert review.pk not in [r.pk for r in client.get(LIST).context["page"].object_list]
    item.refresh_from_db()
    assert item.checked_at is None


@pytest.mark.parametrize("who", ["worker", "professional", "coordinator", "admin", "outsider"])
def test_only_leads(cast, login_as, who):
    review = made_review(cast)
    client = login_as(getattr(cast, who))
    for url in (LIST, NEW, f"/log-reviews/{review.pk}/", f"/log-reviews/{review.pk}/report.csv"):
        assert client.get(url).status_code == 404, url


def test_wrong_methods(cast, login_as):
    look_up(cast, cast.worker, cast.citizen)
    review = made_review(cast)
    item = review.items.get()
    client = login_as(cast.lead)
    assert client.post(LIST).status_code == 405
    assert client.get(f"/log-reviews/{review.pk}/items/{item.pk}/check/").status_code == 405
    assert client.post(f"/log-reviews/{review.pk}/report.csv").status_code == 405
    assert LogReviewItem.objects.filter(checked_at__isnull=False).count() == 0
