"""The demo loader: the parking motion and the 2026 evaluation, idempotent, pages optional."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from participation.ballots import demo
from participation.ballots.models import Ballot
from participation.core.staff import REVIEWERS
from participation.residents.factories import BuildingFactory, UnitFactory, UserFactory
from participation.residents.models import Representative

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_pages(home_page):
    page_type = type(home_page)
    blog = home_page.add_child(instance=page_type(title="社区博客", slug="blog"))
    blog.add_child(instance=page_type(title="要事票决：小区停车管理方案", slug="parking-motion"))
    blog.add_child(
        instance=page_type(title="2026年度社区干部民主测评", slug="democratic-evaluation-2026")
    )
    for number in range(1, 13):
        UnitFactory(building=BuildingFactory(number=str(number)), number="1单元101")
    reviewer = UserFactory(username="reviewer", is_staff=True)
    reviewer.groups.add(Group.objects.get_or_create(name=REVIEWERS)[0])


def test_loader_skips_missing_pages(home_page):
    demo.load()
    assert not Ballot.objects.exists()


def test_loader_creates_open_ballots_on_their_pages_once(demo_pages, client):
    demo.load()
    demo.load()
    motion = Ballot.objects.get(page__url_path=demo.PARKING_PATH)
    assert motion.ballot_type == Ballot.Type.MOTION
    assert motion.electorate == Ballot.Electorate.REPRESENTATIVES
    assert (motion.quorum_numerator, motion.quorum_denominator) == (2, 3)
    assert motion.threshold == Ballot.Threshold.TWO_THIRDS_OF_VOTES
    assert motion.state() == Ballot.State.OPEN
    evaluation = Ballot.objects.get(title="2026年度社区干部民主测评")
    assert evaluation.ballot_type == Ballot.Type.EVALUATION
    assert evaluation.electorate == Ballot.Electorate.RESIDENTS
    assert evaluation.options.count() == len(demo.CADRES)
    assert Ballot.objects.count() == 3
    assert Representative.objects.current().count() == len(demo.REPRESENTATIVES)
    page = client.get("/blog/parking-motion/").text
    assert "要事票决：小区停车管理方案" in page
    assert "至少 2/3 的有投票权人投票" in page
    assert (
        "张书记" not in page or "2026年度" in client.get("/blog/democratic-evaluation-2026/").text
    )
    body = [block.block_type for block in motion.page.specific.body]
    assert body.count("participation") == 1


def test_a_demo_representative_votes_and_finds_the_receipt(demo_pages, client):
    from participation.ballots import casting
    from participation.residents.models import User

    demo.load()
    motion = Ballot.objects.get(page__url_path=demo.PARKING_PATH)
    rep = User.objects.get(username="rep-building-1")
    client.force_login(rep)
    prefix = f"ballot{motion.pk}"
    response = client.post(
        f"/participate/participation_ballots/{motion.pk}/vote/",
        {
            f"{prefix}-vote": "for",
            f"{prefix}-confirm": "on",
            f"{prefix}-paper": casting.issue_paper(motion, rep),
        },
    )
    code = response.context["receipt_code"]
    assert casting.receipt_hash(motion.pk, code) in set(
        motion.box.values_list("receipt_hash", flat=True)
    )


def test_last_years_evaluation_is_certified_and_published(demo_pages, client):
    demo.load()
    ballot = Ballot.objects.get(title__startswith="2025年度")
    assert ballot.state() == Ballot.State.CERTIFIED
    result = ballot.certified_result
    assert (result["electorate"], result["voted"], result["quorum_met"]) == (6, 6, True)
    assert result["evaluation"][0]["approval_exact"] == "5/6"
    page = client.get("/blog/democratic-evaluation-2026/").text
    assert "审核公布的结果" in page
    assert "83.3%" in page
    # The page gives the list's size and links to it; the list has a page of its own.
    receipts = reverse("participation_ballots:receipts", args=[ballot.pk])
    assert f'href="{receipts}"' in page
    assert "共 6 张网上及代为录入的选票" in page
