from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from participation.notifications.digest import send_digests
from participation.notifications.models import Rhythm


class Command(BaseCommand):
    help = (
        "Send the daily digests, and on NOTIFICATION_WEEKLY_DIGEST_DAY (ISO weekday, 1 = Monday) "
        "the weekly ones (run daily by the scheduler). Each item goes out in one digest only."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--rhythm",
            choices=[Rhythm.DAILY, Rhythm.WEEKLY],
            help="Send only these digests, whatever the day.",
        )

    def handle(self, *args, rhythm=None, **options):
        now = timezone.now()
        if rhythm:
            rhythms = [rhythm]
        else:
            rhythms = [Rhythm.DAILY]
            if timezone.localdate(now).isoweekday() == settings.NOTIFICATION_WEEKLY_DIGEST_DAY:
                rhythms.append(Rhythm.WEEKLY)
        for each in rhythms:
            sent = send_digests(each, now)
            self.stdout.write(f"Sent {sent} {each} digest(s).")
