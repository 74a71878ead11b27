"""我的参与 rows, the data download and erasure with the account."""

import json
import zipfile

import pytest

from participation.core.my_participation import sections_for
from participation.core.personal_data import delete_account, personal_data_archive
from participation.posts import services
from participation.posts.models import DutySignup, PartyMember, Pledge, PostApplication, Suggestion

from .conftest import holder_of, make_duty

pytestmark = pytest.mark.django_db


@pytest.fixture
def served(post):
    person = holder_of(post)
    signup = services.sign_up(person, make_duty(post, days=0))
    services.check_in(signup.pk, None, 2)
    services.record_pledge(person, 2026, "deed", "为楼道装灯", True)
    Suggestion.objects.create(person=person, title="楼道装灯", text="建议")
    PartyMember.objects.create(name="示例", kind="registered", user=person)
    return person


def test_my_participation_lists_the_post_the_duty_day_and_the_pledge(served):
    [section] = [s for s in sections_for(served) if s.plugin.label == "participation_posts"]
    actions = [row.action for row in section.rows]
    assert any("申请岗位" in action for action in actions)
    assert any("服务日" in action for action in actions)
    assert "为楼道装灯" in actions
    assert any("已服务 2.0 小时" in row.state for row in section.rows)


def test_the_download_holds_posts_shifts_hours_and_pledges(served, post):
    with zipfile.ZipFile(personal_data_archive(served)) as archive:
        data = json.loads(archive.read("data.json"))["participation_posts"]
    assert data["posts"][0]["post"] == post.name
    assert data["duty_days"][0]["hours"] == "2.0"
    assert data["pledges"][0]["text"] == "为楼道装灯"
    assert data["ideas"][0]["title"] == "楼道装灯"


def test_the_download_holds_nothing_of_anyone_else(served):
    other = holder_of(served.post_applications.get().post)
    data = json.loads(zipfile.ZipFile(personal_data_archive(other)).read("data.json"))
    assert data["participation_posts"]["pledges"] == []
    assert data["participation_posts"]["duty_days"] == []


def test_erasure_removes_the_persons_records_and_keeps_ideas_and_the_roster_unlinked(served):
    delete_account(served)
    assert not PostApplication.objects.exists()
    assert not DutySignup.objects.exists()
    assert not Pledge.objects.exists()
    assert Suggestion.objects.get().person is None
    assert PartyMember.objects.get().user is None
