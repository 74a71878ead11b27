"""No group but administrators holds power over accounts: in Wagtail that is superuser power."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command

pytestmark = pytest.mark.django_db

ADMINISTRATORS = "Administrators"


def account_permissions():
    models = [get_user_model(), Group, Permission]
    types = [ContentType.objects.get_for_model(model) for model in models]
    return Permission.objects.filter(content_type__in=types)


def groups_holding_account_powers():
    return (
        Group.objects.exclude(name=ADMINISTRATORS)
        .filter(permissions__in=account_permissions())
        .distinct()
    )


def test_no_group_holds_user_or_group_permissions_after_migrations():
    assert list(groups_holding_account_powers()) == []


def test_no_group_holds_user_or_group_permissions_in_the_demo():
    call_command("load_demo", "--force", verbosity=0)
    assert list(groups_holding_account_powers()) == []


def test_the_check_notices_a_group_given_user_powers():
    editors = Group.objects.create(name="Careless")
    editors.permissions.add(account_permissions().first())
    assert list(groups_holding_account_powers()) == [editors]
