"""The demo loader builds the community, twice without change, and only where it may."""

import io

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from wagtail.models import Page, Revision

from participation.residents.factories import DEMO_PASSWORD, UserFactory
from participation.residents.models import Representative, User

pytestmark = pytest.mark.django_db(transaction=False)

ROLE_ACCOUNTS = ["admin", "editor", "reviewer", "volunteer", "resident", "representative"]


def snapshot():
    """Row counts of every model, and the latest revision of every page."""
    counts = {model._meta.label: model._default_manager.count() for model in apps.get_models()}
    pages = {page.pk: page.latest_revision_id for page in Page.objects.all()}
    return counts, pages


def test_demo_builds_one_account_per_role_and_loads_twice_without_change():
    out = io.StringIO()
    call_command("load_demo", "--force", stdout=out)
    # What a person needs to start, and no more: the address and every account.
    summary = out.getvalue()
    assert "http://testserver/admin/" in summary
    assert DEMO_PASSWORD in summary
    assert all(f"    {username} " in summary for username in ROLE_ACCOUNTS)
    assert len(summary.splitlines()) < 20
    for username in ROLE_ACCOUNTS:
        assert User.objects.get(username=username).check_password(DEMO_PASSWORD)
    assert User.objects.get(username="admin").is_superuser
    assert User.objects.get(username="resident").is_verified
    assert Representative.objects.current().filter(user__username="representative").exists()

    first = snapshot()
    call_command("load_demo", "--force", verbosity=0)
    assert snapshot() == first
    assert Revision.objects.count() == first[0]["wagtailcore.Revision"]


def test_demo_refuses_without_debug_or_force(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("load_demo", verbosity=0)
    assert not User.objects.exists()


def test_demo_refuses_a_database_with_real_content():
    UserFactory(username="real-staff")
    before = snapshot()
    with pytest.raises(CommandError, match="did not create"):
        call_command("load_demo", "--force", verbosity=0)
    assert snapshot() == before
