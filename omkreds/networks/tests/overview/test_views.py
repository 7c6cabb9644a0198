import re

from django.utils import timezone

from omkreds.access.models import AccessLogEntry
from omkreds.networks.models import MapVersion
from omkreds.networks.models_overview import DirectoryEntry
from omkreds.networks.services import map_latest, map_save
from omkreds.networks.tests.overview.helpers import save_people


def _url(cast, rest=""):
    return f"/citizens/{cast.citizen.pk}/overview/{rest}"


def _versions(cast) -> int:
    return MapVersion.objects.filter(map__citizen=cast.citizen).count()


def test_the_worker_sees_every_person_with_bilag_7_columns(
    cast, login_as, django_assert_max_num_queries
):
    save_people(cast)
    client = login_as(cast.worker)
    with django_assert_max_num_queries(20):
        response = client.get(_url(cast))
    page = response.content.decode()
    assert response.status_code == 200
    for text in ("Mor Hansen", "Dr. Lund", "own doctor", "+45 11 22 33 44", "Medicin"):
        assert text in page
    assert "Secret Ex" in page and "do not contact" in page
    assert "Who else could be relevant?" in page
    assert "job centre consultant" in page  # Jens Job holds it: not in the missing list…
    assert "?role=ppr" in page  # …but nobody is the PPR adviser yet
    assert "?role=job_centre_consultant" not in page


def test_the_query_count_does_not_grow_with_the_number_of_people(
    cast, login_as, django_assert_max_num_queries
):
    from omkreds.networks.tests.helpers import contact, data

    many = [contact(f"p{i}", f"Person {i}", role="own_doctor") for i in range(150)]
    map_save(citizen=cast.citizen, author=cast.worker, document=data(many), based_on=None)
    client = login_as(cast.worker)
    with django_assert_max_num_queries(20):
        assert client.get(_url(cast)).status_code == 200


def test_filters_and_sorting(cast, login_as):
    save_people(cast)
    client = login_as(cast.worker)
    page = client.get(_url(cast), {"show": "private"}).content.decode()
    assert "Mor Hansen" in page and "Dr. Lund" not in page
    page = client.get(_url(cast), {"show": "team"}).content.decode()
    assert "Dr. Lund" in page and "Jens Job" not in page and "Mor Hansen" not in page
    page = client.get(_url(cast), {"show": "active"}).content.decode()
    assert "Mor Hansen" in page and "Dr. Lund" not in page
    page = client.get(_url(cast), {"sort": "closeness"}).content.decode()
    assert page.index("Mor Hansen") < page.index("Dr. Lund") < page.index("Jens Job")
    page = client.get(_url(cast), {"sort": "role", "show": "nonsense"}).content.decode()
    assert page.index("Jens Job") < page.index("Dr. Lund") < page.index("Mor Hansen")


def test_the_professional_sees_the_shared_copy_read_only_and_is_logged(cast, login_as):
    save_people(cast)
    client = login_as(cast.professional)
    response = client.get(_url(cast))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Dr. Lund" in page
    assert "Secret Ex" not in page and "old address" not in page
    assert "/people/" not in page  # no edit links
    assert "Who else could be relevant?" not in page
    entry = AccessLogEntry.objects.filter(user=cast.professional).latest("at")
    assert (entry.citizen_id, entry.action) == (cast.citizen.pk, "view_overview")


def test_withdrawing_the_consent_removes_access_on_the_next_request(cast, login_as):
    save_people(cast)
    client = login_as(cast.professional)
    assert client.get(_url(cast)).status_code == 200
    cast.consent.withdrawn_at = timezone.now()
    cast.consent.withdrawn_by = cast.worker
    cast.consent.save()
    assert client.get(_url(cast)).status_code == 404
    assert client.get(_url(cast) + "export/csv/").status_code == 404


def test_a_consent_without_the_overview_does_not_share_it(cast, login_as):
    save_people(cast)
    cast.consent.parts = ["map"]
    cast.consent.save()
    client = login_as(cast.professional)
    assert client.get(_url(cast)).status_code == 404
    assert client.get(f"/citizens/{cast.citizen.pk}/map/").status_code == 200


def test_others_get_404(cast, login_as):
    save_people(cast)
    for user in (cast.professional_expired, cast.professional_without, cast.outsider):
        client = login_as(user)
        assert client.get(_url(cast)).status_code == 404


def test_editing_writes_a_new_map_version_based_on_the_shown_one(cast, login_as):
    version = save_people(cast)
    client = login_as(cast.worker)
    page = client.get(_url(cast, "people/jc/")).content.decode()
    assert f'name="based_on" value="{version.number}"' in page
    response = client.post(
        _url(cast, "people/jc/"),
        {
            "based_on": version.number,
            "name": "Jens Job",
            "role": "job_centre_consultant",
            "phone_direct": "+45 99 88 77 66",
            "email": "jens@jobcenter.example",
            "help_text": "Praktik",
            "support_kinds": ["practical", "information"],
            "already_active": "on",
        },
    )
    assert response.status_code == 302
    latest = map_latest(citizen=cast.citizen)
    assert (latest.number, latest.based_on, latest.author) == (2, 1, cast.worker)
    jens = latest.parsed().contact("jc")
    assert jens.email == "jens@jobcenter.example" and jens.already_active
    assert [k.value for k in jens.support_kinds] == ["practical", "information"]
    # What the overview does not show is left as it was (place on the map, safety marker).
    assert jens.closeness == 0.7
    assert latest.parsed().contact("ex").safety_marker


def test_a_stale_edit_is_refused_showing_what_changed_and_keeping_what_was_typed(cast, login_as):
    first = save_people(cast)
    document = first.document
    document["contacts"][2]["name"] = "Jens Jobsen"
    document["contacts"][2]["email"] = "other@example.org"
    map_save(citizen=cast.citizen, author=cast.colleague, document=document, based_on=1)
    client = login_as(cast.worker)
    response = client.post(
        _url(cast, "people/jc/"),
        {"based_on": first.number, "name": "Jens J.", "phone_main": "+45 70 10 20 30"},
    )
    page = response.content.decode()
    assert response.status_code == 409
    assert "Someone else saved the map (version 2)" in page
    assert "Jens Job is now called Jens Jobsen." in page
    assert "e-mail" in page  # the changed details are named
    assert 'value="Jens J."' in page and 'value="+45 70 10 20 30"' in page
    assert 'name="based_on" value="2"' in page
    assert _versions(cast) == 2


def test_bad_input_gets_field_messages_and_changes_nothing(cast, login_as):
    version = save_people(cast)
    client = login_as(cast.worker)
    response = client.post(
        _url(cast, "people/gp/"),
        {
            "based_on": version.number,
            "name": "Dr. Lund",
            "email": "not-an-address",
            "phone_direct": "call me maybe",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter a valid e-mail address." in page
    assert "Enter a phone number with digits" in page
    assert _versions(cast) == 1


def test_a_script_in_a_text_field_is_shown_as_text(cast, login_as):
    version = save_people(cast)
    client = login_as(cast.worker)
    script = "<script>alert('x')</script>"
    client.post(
        _url(cast, "people/gp/"),
        {"based_on": version.number, "name": "Dr. Lund", "help_text": script},
    )
    page = client.get(_url(cast)).content.decode()
    assert script not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page


def test_unknown_person_is_404(cast, login_as):
    save_people(cast)
    client = login_as(cast.worker)
    assert client.get(_url(cast, "people/nobody/")).status_code == 404


def test_ticking_already_active_in_the_table(cast, login_as):
    version = save_people(cast)
    client = login_as(cast.worker)
    response = client.post(
        _url(cast, "people/jc/active/"), {"based_on": version.number, "already_active": "on"}
    )
    assert response.status_code == 302
    assert map_latest(citizen=cast.citizen).parsed().contact("jc").already_active
    # The same tick again from the old page: refused, nothing changed.
    response = client.post(_url(cast, "people/jc/active/"), {"based_on": version.number})
    assert _versions(cast) == 2
    page = client.get(response["Location"]).content.decode()
    assert "Someone else saved the map in the meantime" in page


def test_adding_a_person_from_the_directory(cast, login_as):
    version = save_people(cast)
    entry = DirectoryEntry.objects.create(
        organisation=cast.org,
        name="Pia PPR",
        role="ppr",
        organisation_name="PPR Nord",
        phone_direct="+45 40 40 40 40",
        phone_main="+45 70 00 00 00",
        email="pia@ppr.example",
    )
    client = login_as(cast.worker)
    page = client.get(_url(cast, "people/new/"), {"entry": entry.pk}).content.decode()
    for text in ('value="Pia PPR"', 'value="PPR Nord"', 'value="+45 40 40 40 40"'):
        assert text in page
    assert '<option value="ppr" selected>' in page
    response = client.post(
        _url(cast, "people/new/"),
        {
            "based_on": version.number,
            "name": "Pia PPR",
            "role": "ppr",
            "organisation": "PPR Nord",
            "phone_direct": "+45 40 40 40 40",
            "email": "pia@ppr.example",
        },
    )
    assert response.status_code == 302
    pia = next(c for c in map_latest(citizen=cast.citizen).parsed().contacts if c.name == "Pia PPR")
    assert pia.sector == "professionals" and pia.role == "ppr"


def test_another_organisations_directory_entry_fills_nothing(cast, login_as):
    save_people(cast)
    foreign = DirectoryEntry.objects.create(organisation=cast.other_org, name="Fremmed")
    client = login_as(cast.worker)
    page = client.get(_url(cast, "people/new/"), {"entry": foreign.pk}).content.decode()
    assert "Fremmed" not in page


def test_adding_the_first_person_starts_the_map(cast, login_as):
    client = login_as(cast.worker)
    response = client.post(_url(cast, "people/new/"), {"name": "Første"})
    assert response.status_code == 302
    assert map_latest(citizen=cast.citizen).parsed().contacts[0].name == "Første"


def test_the_citizen_page_links_to_the_overview(cast, login_as):
    client = login_as(cast.worker)
    assert _url(cast) in client.get(f"/citizens/{cast.citizen.pk}/").content.decode()


def test_role_suggestions_start_from_the_persons_field(cast, login_as):
    from omkreds.networks.tests.helpers import contact, data

    people = [
        contact("mor", "Mor", sector="family"),
        contact("bror", "Bror", sector="relatives"),
        contact("gp", "Dr Berg", sector="professionals"),
    ]
    map_save(citizen=cast.citizen, author=cast.worker, document=data(people), based_on=None)
    client = login_as(cast.worker)

    def options(person):
        page = client.get(_url(cast, f"people/{person}/")).content.decode()
        select = page[
            page.index('name="role"') : page.index("</select>", page.index('name="role"'))
        ]
        return re.findall(r'<option value="([a-z_]*)"', select), select

    for person in ("mor", "bror"):
        values, select = options(person)
        assert values[:3] == ["", "family_relatives", "caseworker_children_youth"]
    values, select = options("gp")
    assert values[:2] == ["", "caseworker_children_youth"] and values[-1] == "family_relatives"
    assert select.index('label="Professional roles"') < select.index("family_relatives")
