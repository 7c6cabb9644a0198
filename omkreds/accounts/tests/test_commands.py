from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from omkreds.accounts.models import ApiToken, Membership, Role

pytestmark = pytest.mark.django_db


def test_create_api_token_prints_the_secret(cast):
    out = StringIO()
    call_command(
        "create_api_token", "Worker@example.org", "--name", "Import", stdout=out, stderr=StringIO()
    )
    secret = out.getvalue().strip()
    token = ApiToken.objects.get(user=cast.worker)
    assert token.digest == ApiToken.hash(secret)
    assert token.name == "Import"
    assert token.organisation == cast.org


def test_create_api_token_for_a_chosen_organisation(cast):
    Membership.objects.create(user=cast.worker, organisation=cast.other_org, role=Role.WORKER)
    call_command(
        "create_api_token",
        cast.worker.email,
        "--organisation",
        str(cast.other_org.pk),
        stdout=StringIO(),
        stderr=StringIO(),
    )
    assert ApiToken.objects.get(user=cast.worker).organisation == cast.other_org


@pytest.mark.parametrize(
    "args",
    [
        ["nobody@example.org"],
        ["gone@example.org"],
        ["worker@example.org", "--organisation", "999999"],
        ["outsider@example.net", "--organisation", "__ORG__"],
        ["worker@example.org", "--name", "x" * 101],
        ["worker@example.org", "--name", "  "],
    ],
)
def test_create_api_token_refuses_bad_input(cast, args):
    args = [str(cast.org.pk) if a == "__ORG__" else a for a in args]
    with pytest.raises(CommandError):
        call_command("create_api_token", *args, stdout=StringIO(), stderr=StringIO())
    assert not ApiToken.objects.exists()
