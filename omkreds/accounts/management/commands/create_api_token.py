from django.core.management.base import BaseCommand, CommandError

from omkreds.accounts.models import ApiToken, Membership, User


class Command(BaseCommand):
    help = "Issue a personal API token for a user and print its secret (shown only this once)."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--organisation", type=int, help="Organisation id (default: the first)")
        parser.add_argument("--name", default="command line", help="What the token is for")

    def handle(self, *args, email, organisation, name, **options):
        try:
            user = User.objects.get(email__iexact=email.strip(), is_active=True)
        except User.DoesNotExist as exc:
            raise CommandError(f"No active user with the e-mail address {email}.") from exc
        name = " ".join(name.split())
        if not name or len(name) > 100:
            raise CommandError("The name must be 1 to 100 characters long.")
        memberships = Membership.objects.active().filter(user=user).select_related("organisation")
        if organisation is not None:
            memberships = memberships.filter(organisation_id=organisation)
        membership = memberships.first()
        if membership is None:
            raise CommandError("The user has no active membership of that organisation.")
        token, secret = ApiToken.issue(user=user, organisation=membership.organisation, name=name)
        self.stderr.write(f"Token {token.pk} for {user.email} in {membership.organisation.name}:")
        self.stdout.write(secret)
