"""A resident's ballots in 我的参与, their data download and its erasure: never how they voted."""

import json

import pytest
from django.apps import apps
from django.test import RequestFactory
from wagtail.admin.menu import admin_menu
from wagtail.models import PageViewRestriction

from participation.ballots import casting, results
from participation.ballots.models import Ballot, RollEntry
from participation.residents.factories import UserFactory

from .conftest import close

pytestmark = pytest.mark.django_db

SECRET_OPTION = "秘密方案甲"


def config():
    return apps.get_app_config("participation_ballots")


def everything_said(rows) -> str:
    return json.dumps([row.__dict__ for row in rows], default=str, ensure_ascii=False)


@pytest.fixture
def roll_call(make_ballot):
    """An open (roll-call) choice ballot: its choices are published on the roll."""
    return make_ballot(
        options=[SECRET_OPTION, "方案乙"], ballot_type=Ballot.Type.CHOICE, is_secret=False
    )


def test_open_ballots_i_may_vote_in_and_those_i_voted_in(make_ballot, motion, roll_call, voter):
    elsewhere = make_ballot(electorate=Ballot.Electorate.REPRESENTATIVES)
    voted_and_closed = make_ballot(title="已截止的票决")
    casting.cast_vote(voted_and_closed, voter, {"vote": "against"})
    close(voted_and_closed)
    missed = make_ballot(title="错过的票决")
    close(missed)
    option = roll_call.options.get(label=SECRET_OPTION)
    casting.cast_vote(roll_call, voter, {"options": [option.pk]})

    rows = config().my_participation(voter)
    by_title = {row.title: row for row in rows}
    assert set(by_title) == {motion.title, roll_call.title, "已截止的票决"}
    assert elsewhere.title not in by_title
    assert "错过的票决" not in by_title
    assert by_title[motion.title].state == "可以投票"
    assert by_title[motion.title].url.endswith(f"#ballot-{motion.pk}")
    assert by_title[roll_call.title].state == "已投票（网上投票）"
    assert rows[0].title == motion.title  # still to do: first
    said = everything_said(rows)
    assert SECRET_OPTION not in said
    assert "反对" not in said
    assert "against" not in said


def test_a_ballot_on_a_page_i_may_not_view_is_not_offered(motion, voter):
    PageViewRestriction.objects.create(
        page=motion.page, restriction_type=PageViewRestriction.GROUPS
    )
    assert config().my_participation(voter) == []
    assert config().my_participation(UserFactory()) == []


def test_my_data_lists_roll_entries_without_choice_or_receipt(motion, roll_call, voter, officer):
    option = roll_call.options.get(label=SECRET_OPTION)
    code = casting.cast_vote(roll_call, voter, {"options": [option.pk]})
    casting.mark_voted_in_person(motion, voter, officer)
    data = config().personal_data(voter)
    assert [(r["ballot"], r["voted"], r["channel"]) for r in data.records] == [
        (roll_call.title, True, "online"),
        (motion.title, True, "paper"),
    ]
    assert all(r["voted_at"] and r["on_roll_since"] for r in data.records)
    download = json.dumps(data.records, ensure_ascii=False)
    assert SECRET_OPTION not in download
    assert code not in download
    assert casting.receipt_hash(roll_call.pk, code) not in download
    assert "choice" not in download
    assert data.files == ()
    assert config().personal_data(UserFactory()) is None


def test_erasing_a_voter_keeps_tallies_quorum_and_certified_results(make_ballot, voters, reviewer):
    ballot = make_ballot(quorum_numerator=3, quorum_denominator=5)
    certified = make_ballot(quorum_numerator=3, quorum_denominator=5)
    for target in (ballot, certified):
        for person, vote in zip(voters[:3], ["for", "for", "against"], strict=True):
            casting.cast_vote(target, person, {"vote": vote})
        close(target)
    published = results.certify(certified, reviewer)
    before = results.compute_result(ballot)
    assert before["quorum_met"]
    assert before["voted"] == 3

    config().erase_personal_data(voters[0])
    config().erase_personal_data(reviewer)

    assert results.compute_result(ballot) == before
    assert results.compute_result(certified) == published
    certified.refresh_from_db()
    assert certified.certified_result == published
    assert certified.certified_by is None
    assert not RollEntry.objects.filter(voter=voters[0]).exists()
    assert RollEntry.objects.filter(ballot=ballot).count() == ballot.electorate_size == 5
    assert config().personal_data(voters[0]) is None


def test_notification_kinds_and_admin_menu_names_are_declared():
    assert [kind.code for kind in config().notification_kinds] == [
        "ballot_opened",
        "ballot_closing",
        "ballot_certified",
    ]
    request = RequestFactory().get("/admin/")
    request.user = UserFactory(is_staff=True, is_superuser=True)
    names = {item.name for item in admin_menu.menu_items_for_request(request)}
    assert set(config().admin_menu_names) <= names


def test_template_and_urls_come_from_the_label():
    assert config().module_template == "participation_ballots/module.html"
    assert config().urls == "participation.ballots.urls"
