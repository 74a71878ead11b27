"""Production refuses to start with the SMS file backend unless told that is meant."""

from participation.notifications.checks import sms_backend_delivers
from tests.config.test_settings import manage

FILE = "participation.notifications.sms.FileBackend"
ALIYUN = "participation.notifications.sms.AliyunBackend"


def test_the_file_backend_is_an_error_unless_allowed(settings):
    settings.SMS_BACKEND = FILE
    settings.SMS_ALLOW_FILE_BACKEND = False
    [error] = sms_backend_delivers(None)
    assert error.id == "participation_notifications.E001"
    settings.SMS_ALLOW_FILE_BACKEND = True
    assert sms_backend_delivers(None) == []
    settings.SMS_ALLOW_FILE_BACKEND = False
    settings.SMS_BACKEND = ALIYUN
    assert sms_backend_delivers(None) == []


def test_production_settings_stop_with_the_file_backend(tmp_path):
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "k" * 20 + "-production-like-secret-0123456789abcdefghij",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'sms.sqlite3'}",
        "WAGTAILADMIN_BASE_URL": "https://liubeiqiao.example",
        "SMS_BACKEND": FILE,
    }
    refused = manage("check", **env)
    assert refused.returncode != 0
    assert "participation_notifications.E001" in refused.stderr
    allowed = manage("check", **env, SMS_ALLOW_FILE_BACKEND="1")
    assert allowed.returncode == 0, allowed.stderr
