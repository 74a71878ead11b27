"""Certified results as open data: on the open-data page and as CSV and JSON per year; nothing
of an open, closed-but-uncertified or private ballot."""

import csv
import io
import json

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from participation.ballots import casting, results
from participation.ballots.models import Ballot

from .conftest import close

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year


def _vote_and_close(ballot, voters, votes):
    for voter, vote in zip(voters, votes, strict=False):
        casting.cast_vote(ballot, voter, vote)
    return close(ballot)


def _download(client, fmt):
    response = client.get(f"/open-data/ballot-results-{YEAR}.{fmt}")
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode()


@pytest.fixture
def certified_motion(make_ballot, voters, reviewer):
    motion = _vote_and_close(
        make_ballot(title="停车位方案"), voters, [{"vote": v} for v in ["for", "for", "against"]]
    )
    results.certify(motion, reviewer)
    return motion


def test_a_certified_motion_is_one_row_per_answer(client, certified_motion):
    rows = list(csv.DictReader(io.StringIO(_download(client, "csv").lstrip("\ufeff"))))
    assert [(row["option"], row["votes"]) for row in rows] == [
        ("for", "2"),
        ("against", "1"),
        ("abstain", "0"),
    ]
    assert {row["ballot"] for row in rows} == {"停车位方案"}
    assert rows[0]["outcome"] == certified_motion.certified_result["outcome"]
    assert rows[0]["electorate"] == str(certified_motion.certified_result["electorate"])


def test_nothing_of_an_open_an_uncertified_or_a_private_ballot(
    client, certified_motion, make_ballot, voters
):
    make_ballot(title="进行中的票决")
    _vote_and_close(make_ballot(title="待审核的票决"), voters, [{"vote": "for"}])
    data = json.loads(_download(client, "json"))
    assert {item["ballot"] for item in data["items"]} == {"停车位方案"}
    assert data["dataset"] == "ballot-results"
    PageViewRestriction.objects.create(page=certified_motion.page, restriction_type="login")
    assert json.loads(_download(client, "json"))["items"] == []


def test_an_evaluation_gives_each_person_their_approval(client, evaluation, voters, reviewer):
    good = {str(option.pk): "satisfied" for option in evaluation.options.all()}
    _vote_and_close(evaluation, voters, [{"ratings": good}] * 2)
    results.certify(Ballot.objects.get(pk=evaluation.pk), reviewer)
    rows = json.loads(_download(client, "json"))["items"]
    assert [(row["option"], row["votes"], row["approval"]) for row in rows] == [
        ("张书记", 2, "100.0%"),
        ("刘副主任", 2, "100.0%"),
    ]


def test_the_open_data_page_offers_the_results_with_their_fields(client, certified_motion):
    text = client.get("/open-data/").text
    assert f'href="/open-data/ballot-results-{YEAR}.csv"' in text
    assert "<code>quorum_met</code>" in text
