import pytest

from participation.residents.factories import UserFactory


@pytest.fixture(autouse=True)
def sms_folder(settings, tmp_path):
    """Each test reads only the SMS its own code wrote (the file backend)."""
    settings.SMS_BACKEND = "participation.notifications.sms.FileBackend"
    settings.SMS_FILE_PATH = tmp_path / "sms"
    return settings.SMS_FILE_PATH


@pytest.fixture
def resident(db):
    return UserFactory(display_name="王阿姨")


@pytest.fixture
def phone_only(db):
    return UserFactory(email="", phone="+8613800138000", display_name="李大爷")


@pytest.fixture
def editor(db):
    """Someone of the Editors group: in the admin, without the notices' permissions."""
    from django.contrib.auth.models import Group, Permission

    from participation.core.staff import EDITORS

    editors = Group.objects.get_or_create(name=EDITORS)[0]
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    user = UserFactory(username="editor", is_staff=True)
    user.groups.add(editors)
    return user


@pytest.fixture
def grant():
    """``grant(user, "send_broadcast")``: one permission of the notifications app."""

    def add(user, *codenames):
        from django.contrib.auth.models import Permission

        for codename in codenames:
            user.user_permissions.add(
                Permission.objects.get(
                    content_type__app_label="participation_notifications", codename=codename
                )
            )
        return type(user).objects.get(pk=user.pk)  # a fresh permission cache

    return add
