"""Certified results in the read-only API; nothing of an open, uncertified or private ballot."""

import pytest
from django.test import Client
from wagtail.models import PageViewRestriction

from participation.ballots import casting, results

from .conftest import close

pytestmark = pytest.mark.django_db


def _results():
    response = Client().get("/api/v2/ballot-results/")
    assert response.status_code == 200, response.content
    assert response["Access-Control-Allow-Origin"] == "*"
    return response.json()["results"]


def test_only_certified_ballots_on_public_pages(make_ballot, voters, reviewer):
    certified = make_ballot(title="停车位方案")
    make_ballot(title="进行中")
    closed = make_ballot(title="待审核")
    for voter, vote in zip(voters, ["for", "for", "against"], strict=False):
        casting.cast_vote(certified, voter, {"vote": vote})
    casting.cast_vote(closed, voters[0], {"vote": "for"})
    close(closed)
    results.certify(close(certified), reviewer)
    found = _results()
    assert [item["title"] for item in found] == ["停车位方案"]
    result = found[0]["result"]
    assert [(o["key"], o["votes"]) for o in result["options"]] == [
        ("for", 2),
        ("against", 1),
        ("abstain", 0),
    ]
    assert result["voted"] == 3
    assert "receipt" not in str(found)
    PageViewRestriction.objects.create(page=certified.page, restriction_type="login")
    assert _results() == []


def test_each_community_lists_its_own_results(make_ballot, voters, reviewer):
    from datetime import timedelta

    from django.utils import timezone

    from participation.ballots.factories import BallotFactory
    from participation.core.embedding import embed_module
    from participation.residents.factories import VerifiedResidentFactory
    from tests.communities import SECOND_HOST, make_community, unit_in

    ours = make_ballot(title="柳背桥的表决")
    casting.cast_vote(ours, voters[0], {"vote": "for"})
    results.certify(close(ours), reviewer)
    second = make_community()
    opens = timezone.now() - timedelta(minutes=1)
    theirs = BallotFactory(
        page=second.root_page,
        title="第二社区的表决",
        opens_at=opens,
        closes_at=opens + timedelta(days=7),
    )
    embed_module(theirs.module_ptr)
    casting.cast_vote(theirs, VerifiedResidentFactory(unit=unit_in(second)), {"vote": "for"})
    results.certify(close(theirs), reviewer)
    assert [item["title"] for item in _results()] == ["柳背桥的表决"]
    response = Client().get("/api/v2/ballot-results/", HTTP_HOST=SECOND_HOST)
    assert [item["title"] for item in response.json()["results"]] == ["第二社区的表决"]
