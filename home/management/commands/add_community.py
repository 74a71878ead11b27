"""Adds a community (a Wagtail site with its home page and sections) to the installation."""

from django.core.management.base import BaseCommand

from home.communities import create_community
from pages.roles import create_community_groups


class Command(BaseCommand):
    help = (
        "Create a community served at HOSTNAME: its home page, the four sections, a Wagtail "
        "site, its details, its staff groups and their review workflow. Running it again "
        "changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("name", help="The community's name, e.g. 示例社区")
        parser.add_argument("hostname", help="The host name residents visit, e.g. shili.example")
        parser.add_argument("--port", type=int, default=80)

    def handle(self, *args, name, hostname, port, **options):
        community = create_community(name, hostname, port=port)
        site = community.site
        create_community_groups(site)
        self.stdout.write(self.style.SUCCESS(f"{name}: {site.root_url}/ (site {site.pk})"))
