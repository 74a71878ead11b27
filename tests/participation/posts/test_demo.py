"""The demo: the plan's eight posts, volunteers with invented names, duty days this month with
hours served, pledges, members of each kind; running it twice changes nothing."""

import pytest

from participation.posts import demo
from participation.posts.models import (
    DutyDay,
    DutySignup,
    Pairing,
    PartyMember,
    Pledge,
    Post,
    Visit,
)

pytestmark = pytest.mark.django_db
EIGHT = ["治安巡逻岗", "政策宣传岗", "义务教育岗", "爱心奉献岗"]
EIGHT += ["便民服务岗", "纠纷调解岗", "环卫劝导岗", "居务监督岗"]


def counts():
    return [
        m.objects.count() for m in (Post, DutyDay, DutySignup, Pledge, PartyMember, Pairing, Visit)
    ]


def test_the_demo_loads_the_plan_and_is_idempotent(client):
    demo.load()
    assert list(Post.objects.values_list("name", flat=True)) == EIGHT
    assert set(PartyMember.objects.values_list("kind", flat=True)) == {
        "registered",
        "in_service",
        "incoming",
    }
    assert DutySignup.objects.filter(checked_in_at__isnull=False).exists()
    assert all("示例" in name for name in PartyMember.objects.values_list("name", flat=True))
    assert Pairing.objects.count() == Visit.objects.count() == 2
    before = counts()
    demo.load()
    assert counts() == before
    patrol = Post.objects.get(slug="patrol")
    assert "示**" in client.get(patrol.get_absolute_url()).content.decode()
