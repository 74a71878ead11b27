"""The party-member roster: its own view and export permissions, every look recorded."""

import pytest

from participation.core.models import AccessLogEntry
from participation.posts.models import PartyMember
from participation.residents.factories import VerifiedResidentFactory

from .conftest import staff_with

pytestmark = pytest.mark.django_db
INDEX = "/admin/participation_posts/partymember/"


@pytest.fixture
def members(db):
    account = VerifiedResidentFactory()
    return [
        PartyMember.objects.create(name="示例甲", kind="registered", user=account, phone="139"),
        PartyMember.objects.create(name="示例乙", kind="in_service", workplace="某单位"),
        PartyMember.objects.create(name="示例丙", kind="incoming"),
    ]


def test_viewing_the_roster_is_recorded_with_its_residents(client, members):
    client.force_login(staff_with("view_partymember"))
    response = client.get(INDEX)
    assert response.status_code == 200
    assert "示例乙" in response.content.decode()
    entry = AccessLogEntry.objects.get()
    assert (entry.what, entry.records, entry.action) == ("党员名册", 3, "view")
    assert set(entry.subjects.values_list("resident_id", flat=True)) == {members[0].user_id}


def test_staff_without_the_permission_and_residents_are_refused(client, members):
    for user in (
        staff_with("change_postapplication", "view_dutysignup"),
        VerifiedResidentFactory(),
    ):
        client.force_login(user)
        response = client.get(INDEX)
        assert response.status_code in (302, 403)
        assert "示例乙" not in response.content.decode()
    assert not AccessLogEntry.objects.exists()


def test_export_needs_its_own_permission(client, members):
    client.force_login(staff_with("view_partymember"))
    refused = client.get(INDEX + "?export=csv")
    assert refused.status_code in (302, 403)  # the admin sends a refused user to its home
    assert "示例乙" not in refused.content.decode()
    assert not AccessLogEntry.objects.filter(action="export").exists()
    client.force_login(staff_with("view_partymember", "export_partymember"))
    response = client.get(INDEX + "?export=xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    csv = b"".join(client.get(INDEX + "?export=csv").streaming_content).decode()
    assert "示例乙" in csv
    assert "某单位" in csv
    assert AccessLogEntry.objects.filter(action="export", what="党员名册").count() == 2


def test_a_member_without_an_account_is_recorded(client):
    client.force_login(staff_with("view_partymember", "add_partymember"))
    data = {"name": "示例丁", "user": "", "kind": "incoming", "workplace": "", "phone": "138"}
    response = client.post(INDEX + "create/", data)
    assert response.status_code == 302
    assert PartyMember.objects.get().user is None


def test_an_in_service_member_needs_a_workplace(client):
    client.force_login(staff_with("view_partymember", "add_partymember"))
    data = {"name": "示例戊", "user": "", "kind": "in_service", "workplace": " "}
    response = client.post(INDEX + "create/", data)
    assert response.status_code == 200
    assert "在职党员请填写工作单位" in response.content.decode()
    assert not PartyMember.objects.exists()
