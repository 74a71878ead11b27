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
