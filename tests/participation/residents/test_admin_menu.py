"""The office's resident tasks sit in the 居民管理 menu, shown to those allowed to do them."""

import pytest
from django.contrib.auth.models import Permission
from django.test import RequestFactory
from wagtail.admin.menu import admin_menu

from participation.residents.factories import UserFactory

pytestmark = pytest.mark.django_db


def submenu_labels(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    for item in admin_menu.menu_items_for_request(request):
        if str(item.label) == "居民管理":
            return [str(sub.label) for sub in item.menu.menu_items_for_request(request)]
    return None


def test_household_codes_and_unit_import_are_in_the_residents_menu():
    admin = UserFactory(username="office-admin", is_staff=True, is_superuser=True)
    labels = submenu_labels(admin)
    assert labels[-2:] == ["入户认证码", "导入住户单元"]


def test_staff_without_the_permissions_do_not_see_them():
    clerk = UserFactory(username="clerk", is_staff=True)
    clerk.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="verify_resident"),
    )
    labels = submenu_labels(clerk)
    assert "入户认证码" in labels
    assert "导入住户单元" not in labels
