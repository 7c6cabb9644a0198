"""The data inventory: every field classified, nothing stale, shown to admins only."""

import pytest
from django.apps import apps

from omkreds.access.registry import Classification
from omkreds.lib.testing.cast import CANARY
from omkreds.privacy import inventory

URL = "/organisation/data-inventory/"


def test_every_model_field_is_classified():
    missing = inventory.unclassified()
    if missing:
        pytest.fail(inventory.describe_missing(missing), pytrace=False)


def test_no_entry_names_a_field_that_is_gone():
    stale = inventory.stale()
    if stale:
        pytest.fail(
            "Entries of the data inventory (omkreds/<app>/inventory.py, INVENTORY) name fields "
            "that no longer exist; remove them:\n  " + "\n  ".join(stale),
            pytrace=False,
        )


def test_our_apps_and_the_user_model_are_all_in_it():
    ours = [m for m in apps.get_models() if m.__module__.startswith("omkreds.")]
    assert ours
    for model in ours:
        entry = inventory.entries()[model._meta.label]
        assert str(entry.purpose).strip(), f"{model._meta.label} has no purpose"
        for field in model._meta.concrete_fields:
            assert f"{model._meta.label}.{field.name}" in inventory.fields()


def test_the_obvious_ones_are_classified_as_expected():
    fields = inventory.fields()
    assert fields["citizens.Citizen.name"] == Classification.PERSONAL
    assert fields["citizens.Citizen.date_of_birth"] == Classification.PERSONAL
    assert fields["accounts.User.email"] == Classification.PERSONAL
    assert fields["accounts.User.password"] == Classification.SENSITIVE
    assert fields["networks.MapVersion.document"] == Classification.SENSITIVE
    assert fields["accounts.Organisation.name"] == Classification.NONE


def test_the_failure_message_says_what_to_add_and_where():
    field = apps.get_model("citizens.Citizen")._meta.get_field("name")
    message = inventory.describe_missing({"citizens.Citizen": [field], "made.Up": [field]})
    assert "omkreds/<app>/inventory.py" in message
    assert 'In INVENTORY["citizens.Citizen"].fields add:' in message
    assert '"name": ?,  # CharField' in message
    assert '"made.Up": ModelEntry(' in message


@pytest.mark.django_db
def test_admin_sees_the_inventory(cast, login_as, django_assert_max_num_queries):
    client = login_as(cast.admin)
    with django_assert_max_num_queries(12):
        response = client.get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Data inventory" in body
    assert "citizens.Citizen" in body
    assert "<code>date_of_birth</code>" in body
    assert "sensitive" in body
    # Reached from the organisation's admin pages.
    assert 'href="/organisation/data-inventory/" aria-current="page"' in body
    people = client.get("/accounts/organisation/people/").content.decode()
    assert 'href="/organisation/data-inventory/"' in people
    assert CANARY not in body


@pytest.mark.django_db
def test_headings_are_translated(cast, login_as):
    client = login_as(cast.admin)
    response = client.get(URL, headers={"accept-language": "da"})
    assert response.status_code == 200
    assert response.context["models"][0]["fields"]


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["worker", "lead", "professional", "coordinator", "outsider"])
def test_others_get_404(cast, login_as, who):
    assert login_as(getattr(cast, who)).get(URL).status_code == 404


@pytest.mark.django_db
def test_post_is_refused(cast, login_as):
    assert login_as(cast.admin).post(URL).status_code == 405
