"""Privacy: the public name, personal data only for staff allowed, own-data download, deletion."""

import io
import json
import zipfile

import pytest
from axes.models import AccessLog
from django.contrib.auth.models import Permission
from django.urls import reverse

from participation.comments.models import Comment
from participation.residents.factories import DEMO_PASSWORD, UserFactory
from participation.residents.models import User, VerificationEvent


def test_public_name_is_the_building_and_a_masked_name(resident, unverified):
    assert resident.public_name == "3栋 王**"
    assert unverified.public_name == "新**"


def _admin_with(*codenames):
    user = UserFactory(username="clerk-" + "-".join(codenames), is_staff=True)
    perms = Permission.objects.filter(codename__in=["access_admin", *codenames])
    user.user_permissions.add(*perms)
    return user


@pytest.mark.django_db
def test_personal_data_columns_need_the_permission(client, resident):
    resident.phone = "+8613800138000"
    resident.save()
    url = reverse("participation_residents_user_modeladmin_index")
    client.force_login(_admin_with("verify_resident"))
    without = client.get(url).content.decode()
    assert "王阿姨" in without
    assert "13800138000" not in without
    assert "1单元201" not in without
    client.force_login(_admin_with("verify_resident", "view_personal_data"))
    allowed = client.get(url).content.decode()
    assert "+8613800138000" in allowed
    assert "1单元201" in allowed


@pytest.mark.django_db
def test_display_names_are_escaped_in_the_admin_list(client, unit):
    UserFactory(username="xss", display_name="<script>alert(1)</script>")
    client.force_login(_admin_with("verify_resident"))
    html = client.get(reverse("participation_residents_user_modeladmin_index")).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.django_db
def test_own_data_download(client, resident, comments_module):
    Comment.objects.create(module=comments_module, author=resident, body="我的意见")
    client.force_login(resident)
    response = client.get(reverse("participation_residents:download_data"))
    assert response["Content-Disposition"].startswith("attachment")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    data = json.loads(archive.read("data.json"))
    assert data["account"]["display_name"] == "王阿姨"
    assert data["verification"]["unit"] == "3栋 1单元201"
    assert data["participation_comments"][0]["body"] == "我的意见"


@pytest.mark.django_db
def test_deleting_an_account_keeps_comments_anonymously(client, resident, comments_module):
    comment = Comment.objects.create(module=comments_module, author=resident, body="保留的意见")
    VerificationEvent.objects.create(
        resident=resident, unit=resident.unit, action="verified", method="staff"
    )
    AccessLog.objects.create(username="wang", ip_address="10.0.0.1", user_agent="test")
    client.force_login(resident)
    wrong = client.post(
        reverse("participation_residents:delete_account"), {"password": "x", "confirm": "on"}
    )
    assert "密码不正确" in wrong.content.decode()
    assert User.objects.filter(pk=resident.pk).exists()
    client.post(
        reverse("participation_residents:delete_account"),
        {"password": DEMO_PASSWORD, "confirm": "on"},
    )
    assert not User.objects.filter(pk=resident.pk).exists()
    comment.refresh_from_db()
    assert comment.author is None
    assert comment.author_name == "已注销居民"
    event = VerificationEvent.objects.get()
    assert event.resident is None
    assert event.unit is None
    assert not AccessLog.objects.filter(username="wang").exists()
    page = client.get(comments_module.page.url).content.decode()
    assert "保留的意见" in page
    assert "已注销居民" in page


@pytest.mark.django_db
def test_profile_changes_display_name_with_the_same_rules(client, resident):
    client.force_login(resident)
    response = client.post(reverse("participation_residents:profile"), {"display_name": "管理员"})
    assert "不能冒充社区工作人员" in response.content.decode()
    resident.refresh_from_db()
    assert resident.display_name == "王阿姨"


@pytest.mark.django_db
def test_searching_by_phone_needs_the_permission(client, resident):
    resident.phone = "+8613800138000"
    resident.save()
    url = reverse("participation_residents_user_modeladmin_index") + "?q=13800138000"
    client.force_login(_admin_with("verify_resident"))
    assert "王阿姨" not in client.get(url).content.decode()
    client.force_login(_admin_with("verify_resident", "view_personal_data"))
    assert "王阿姨" in client.get(url).content.decode()
