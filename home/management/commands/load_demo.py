"""Builds the demo community (Liubeiqiao), an invented second community and the district
overview, idempotently: running it twice changes nothing."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import import_string

from home import demo
from plugins.registry import installed_plugins

PAGE_LOADERS = ["pages.demo.load"]
# After the plugins': pages that link to what the plugins' demos made (showcases to posts).
LINK_LOADERS = ["pages.demo.link_showcases"]


class Command(BaseCommand):
    help = "Load the Liubeiqiao demo community: pages, buildings, units and one account per role."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even though DEBUG is off (never in production).",
        )

    def handle(self, *args, force=False, **options):
        if not (settings.DEBUG or force):
            raise CommandError("load_demo runs only with DEBUG on, or with --force.")
        if not demo.is_demo_database():
            raise CommandError(
                "This database already has accounts or pages that the demo did not create; "
                "load_demo changes nothing here."
            )
        with transaction.atomic():
            demo.load_community()
            demo.load_second_community()
            for loader in self.loaders():
                loader()
            demo.load_district()
        self.stdout.write(self.style.SUCCESS("Demo community loaded."))
        if options["verbosity"] >= 1:
            self.stdout.write(self.summary())

    def summary(self) -> str:
        """What a person needs to start: where the site is and how to sign in."""
        root = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        lines = [
            f"  Site:  {root}/   (English: {root}/en/)",
            f"  Admin: {root}/admin/",
            f"  Sign in with a username below (or its e-mail, <username>@{demo.DEMO_EMAIL_DOMAIN})"
            f" and the password {demo.DEMO_PASSWORD}:",
        ]
        lines += [f"    {username:<15} {role}" for username, role in demo.DEMO_ACCOUNTS]
        lines += [f"  Also: {name} at {url}" for name, url in demo.demo_sites()]
        lines.append(
            "  Staff accounts sign in with a second factor: add the secret below to an"
            " authenticator app (as a time-based key) and type its code when asked:"
        )
        lines += [f"    {username:<15} {secret}" for username, secret in demo.staff_totp_secrets()]
        mail_dir = getattr(settings, "EMAIL_FILE_PATH", None)
        if mail_dir:
            lines.append(f"  E-mails the site sends are written to {mail_dir}/")
        log_file = getattr(settings, "DEV_LOG_FILE", None)
        if log_file:
            lines.append(f"  Logs go to {log_file}")
        return "\n".join(lines)

    def loaders(self):
        paths = [*PAGE_LOADERS]
        paths += [plugin.demo_loader for plugin in installed_plugins() if plugin.demo_loader]
        paths += LINK_LOADERS
        return [import_string(path) for path in paths]
