"""The complete data download (a zip: data.json and files) and deletion through every plugin."""

import io
import json
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from participation.comments.models import Comment
from participation.core import personal_data
from participation.residents.factories import DEMO_PASSWORD, VerifiedResidentFactory
from participation.residents.models import User
from plugins import PersonalData, PersonalFile
from plugins.registry import get_plugin
from tests.dummy_plugin.models import HandRaise

pytestmark = pytest.mark.django_db


def download(client):
    response = client.get(reverse("participation_residents:download_data"))
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="my-data-')
    assert response["Content-Disposition"].endswith('.zip"')
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_the_download_needs_sign_in(client):
    response = client.get(reverse("participation_residents:download_data"))
    assert response.status_code == 302


def test_the_zip_holds_residents_part_and_every_plugins_part(client, resident, comments_module):
    Comment.objects.create(module=comments_module, author=resident, body="我的意见")
    HandRaise.objects.create(module=comments_module, user=resident)
    client.force_login(resident)
    archive = download(client)
    data = json.loads(archive.read("data.json"))
    assert {"account", "verification", "representative_terms"} <= set(data)
    assert data["participation_comments"][0]["body"] == "我的意见"
    assert data["tests_dummy"][0]["module"] == "居民意见"
    assert any(name.startswith("tests_dummy/receipts/") for name in archive.namelist())


def test_another_residents_data_never_appears(client, resident, comments_module):
    neighbour = VerifiedResidentFactory(username="li", display_name="李大爷", unit=resident.unit)
    Comment.objects.create(module=comments_module, author=neighbour, body="邻居的意见")
    HandRaise.objects.create(module=comments_module, user=neighbour)
    client.force_login(resident)
    archive = download(client)
    everything = b"".join(archive.read(name) for name in archive.namelist()).decode()
    assert "邻居的意见" not in everything
    assert "李大爷" not in everything
    assert archive.namelist() == ["data.json"]


def test_file_names_stay_inside_the_plugins_folder(resident, monkeypatch):
    plugin = get_plugin("tests_dummy")
    escaping = PersonalFile(name="../../etc/passwd", file=ContentFile(b"x"))
    monkeypatch.setattr(
        type(plugin), "personal_data", lambda self, user: PersonalData([], (escaping,))
    )
    with zipfile.ZipFile(personal_data.personal_data_archive(resident)) as archive:
        assert "tests_dummy/etc/passwd" in archive.namelist()


def test_a_failing_deletion_forgets_nothing(resident, comments_module, monkeypatch):
    """The plugins erase first, residents deletes last: a failure there rolls back the plugins."""
    HandRaise.objects.create(module=comments_module, user=resident)
    Comment.objects.create(module=comments_module, author=resident, body="留着")

    def refuse(user):
        raise RuntimeError("database went away")

    monkeypatch.setattr(personal_data.residents, "delete_account", refuse)
    with pytest.raises(RuntimeError):
        personal_data.delete_account(resident)
    assert User.objects.filter(pk=resident.pk).exists()
    assert HandRaise.objects.filter(user=resident).exists()
    assert Comment.objects.get(body="留着").author == resident


def test_deleting_the_account_calls_every_plugin(client, resident, comments_module):
    HandRaise.objects.create(module=comments_module, user=resident)
    client.force_login(resident)
    client.post(
        reverse("participation_residents:delete_account"),
        {"password": DEMO_PASSWORD, "confirm": "on"},
    )
    assert not User.objects.filter(username="wang").exists()
    assert not HandRaise.objects.exists()
