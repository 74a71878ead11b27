"""A superuser removes another account's second factor (a lost phone or key); logged."""

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from participation.residents.models import User
from participation.residents.second_factor import reset_second_factor


class Command(BaseCommand):
    help = (
        "Remove every second factor of ACCOUNT and end its sessions, as the superuser --by; "
        "its next sign-in enrols a new device. The reset is logged (who, whom, when)."
    )

    def add_arguments(self, parser):
        parser.add_argument("account", help="username of the account that lost its device")
        parser.add_argument("--by", required=True, help="username of the superuser resetting it")

    def handle(self, *args, account, by, **options):
        try:
            target = User.objects.get(username=account)
            superuser = User.objects.get(username=by)
        except User.DoesNotExist as error:
            raise CommandError(f"No such account: {error}") from error
        try:
            entry = reset_second_factor(target, reset_by=superuser)
        except PermissionDenied as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Second factor reset and logged: {entry}"))
