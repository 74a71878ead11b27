"""Results: sealed while open (for everyone, staff included), computed after closing,
certified by a reviewer, published with a chart, CSV, certificate and the receipt list."""

import csv
import io

import pytest
from django.urls import reverse

from participation.ballots import casting, refusals, results
from participation.ballots.models import Ballot, BoxEntry
from participation.residents.factories import UserFactory

from .conftest import close

pytestmark = pytest.mark.django_db


@pytest.fixture
def voted_motion(motion, voters):
    codes = [
        casting.cast_vote(motion, voter, {"vote": vote})
        for voter, vote in zip(voters, ["for", "for", "for", "against", "abstain"], strict=True)
    ]
    return motion, codes


def result_urls(ballot):
    return [
        reverse("participation_ballots:result_csv", args=[ballot.pk]),
        reverse("participation_ballots:certificate", args=[ballot.pk]),
    ]


def test_no_tally_while_open_through_any_url(client, voted_motion, reviewer, officer):
    motion, _codes = voted_motion
    superuser = UserFactory(is_staff=True, is_superuser=True)
    with pytest.raises(results.ResultsSealed):
        results.compute_result(motion)
    for user in (reviewer, officer, superuser):
        client.force_login(user)
        for url in result_urls(motion):
            assert client.get(url).status_code == 403
        assert (
            client.get(reverse("participation_ballots:receipts", args=[motion.pk])).status_code
            == 403
        )
        page = client.get(motion.page.url).text
        assert "审核公布的结果" not in page
        assert "ballot-chart" not in page
        desk = client.get(reverse("participation_ballots_admin:desk", args=[motion.pk]))
        assert desk.status_code == 200
        assert "<h2>计票结果" not in desk.text
        assert "ballot-chart" not in desk.text
        assert "已投票 5 人 / 名册 5 人" in desk.text  # turnout only
    with pytest.raises(refusals.VoteRefused, match="尚未截止"):
        results.certify(motion, reviewer)


def test_box_and_roll_are_not_in_any_admin_listing(client):
    from wagtail.snippets.models import get_snippet_models

    models = get_snippet_models()
    assert not {m.__name__ for m in models} & {"BoxEntry", "RollEntry", "PaperTally"}


def test_closed_result_counts_and_decides(voted_motion):
    motion, _codes = voted_motion
    close(motion)
    result = results.compute_result(motion)
    assert [(row["key"], row["votes"]) for row in result["rows"]] == [
        ("for", 3),
        ("against", 1),
        ("abstain", 1),
    ]
    assert (result["electorate"], result["voted"], result["ballots"]) == (5, 5, 5)
    assert result["outcome"] == "passed"  # 3 of 5 is more than half
    assert result["rows"][0]["share"] == "60.0%"


def test_two_thirds_threshold_with_abstentions_in_base(make_ballot, voters):
    ballot = make_ballot(threshold=Ballot.Threshold.TWO_THIRDS_OF_VOTES)
    for voter, vote in zip(voters[:3], ["for", "for", "abstain"], strict=True):
        casting.cast_vote(ballot, voter, {"vote": vote})
    close(ballot)
    assert results.compute_result(ballot)["outcome"] == "passed"  # 2 of 3: exactly two thirds


def test_missed_quorum_is_void(make_ballot, voters):
    ballot = make_ballot(quorum_numerator=2, quorum_denominator=3)
    for voter in voters[:3]:
        casting.cast_vote(ballot, voter, {"vote": "for"})
    close(ballot)
    result = results.compute_result(ballot)
    assert (result["quorum_met"], result["outcome"]) == (False, "void")


def test_certified_result_is_published_with_chart_csv_certificate_and_receipts(
    client, voted_motion, reviewer, voters
):
    motion, codes = voted_motion
    close(motion)
    page = client.get(motion.page.url).text
    assert "计票结果待审核后公布" in page
    assert "ballot-chart" not in page
    results.certify(motion, reviewer)

    page = client.get(motion.page.url).text
    assert "审核公布的结果" in page
    assert "通过" in page
    assert '<table class="ballot-chart">' in page
    assert "<caption>" in page
    assert 'aria-hidden="true"><span class="bar" style="width: 100%">' in page
    receipts = reverse("participation_ballots:receipts", args=[motion.pk])
    assert f'href="{receipts}"' in page  # the published list has a page of its own

    client.force_login(voters[0])
    listed = client.get(receipts).text
    for code in codes:  # every receipt is in the published list
        assert casting.receipt_hash(motion.pk, code) in listed
    response = client.get(reverse("participation_ballots:result_csv", args=[motion.pk]))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert ["赞成", "3", "60.0%"] in rows
    assert ["结果", "通过"] in rows
    certificate = client.get(reverse("participation_ballots:certificate", args=[motion.pk]))
    assert "票决结果公告" in certificate.text
    assert "print.css" in certificate.text
    assert "onclick" not in certificate.text


def test_receipt_check_finds_my_code_and_the_list_adds_up(client, voted_motion, reviewer, voters):
    motion, codes = voted_motion
    close(motion)
    results.certify(motion, reviewer)
    client.force_login(voters[0])
    url = reverse("participation_ballots:receipts", args=[motion.pk])
    found = client.post(url, {"code": codes[0].lower()})
    assert "找到了" in found.text
    missing = client.post(url, {"code": "AAAA-BBBB-CCCC"})
    assert "清单中没有这个回执码" in missing.text
    assert found.text.count("<li><code>") == len(codes) == motion.certified_result["ballots"]
    assert "找到了" not in client.get(url, {"code": codes[0]}).text  # never from a URL


def test_receipt_list_is_sorted_by_hash_not_by_casting(voted_motion):
    from participation.ballots.presentation import receipt_hashes

    motion, _codes = voted_motion
    hashes = list(receipt_hashes(motion))
    assert hashes == sorted(hashes)


def test_only_reviewers_certify(client, voted_motion, officer, reviewer):
    motion, _codes = voted_motion
    close(motion)
    client.force_login(officer)
    url = reverse("participation_ballots_admin:certify", args=[motion.pk])
    assert client.post(url)["Location"] == "/admin/"  # Wagtail's answer to PermissionDenied
    motion.refresh_from_db()
    assert motion.certified_at is None
    client.force_login(reviewer)
    assert client.post(url).status_code == 302
    motion.refresh_from_db()
    assert motion.certified_by == reviewer
    assert client.post(url).status_code == 302  # a second certification changes nothing
    with pytest.raises(refusals.VoteRefused, match="已经审核"):
        results.certify(motion, reviewer)


def test_reviewer_by_permission_without_group(voted_motion):
    from django.contrib.auth.models import Permission

    motion, _codes = voted_motion
    user = UserFactory(is_staff=True)
    assert not user.has_perm("participation_ballots.certify_results")
    user.user_permissions.add(Permission.objects.get(codename="certify_ballot"))
    user = type(user).objects.get(pk=user.pk)
    assert user.has_perm("participation_ballots.certify_results")


def test_paper_and_online_add_up_with_per_channel_counts(motion, voters, officer, reviewer):
    for voter in voters[:2]:
        casting.mark_voted_in_person(motion, voter, officer)
    casting.cast_vote(motion, voters[2], {"vote": "against"})
    casting.cast_vote(motion, voters[3], {"vote": "for"}, recorded_by=officer, consent_note="签字")
    close(motion)
    with pytest.raises(refusals.VoteRefused, match="纸质计票"):
        results.certify(motion, reviewer)  # two marked in person, no paper tally yet
    with pytest.raises(refusals.VoteRefused, match="多于"):
        results.enter_paper_tally(motion, 3, {"for": 3, "against": 0, "abstain": 0}, officer)
    with pytest.raises(refusals.VoteRefused, match="之和"):
        results.enter_paper_tally(motion, 2, {"for": 3, "against": 0, "abstain": 0}, officer)
    with pytest.raises(refusals.VoteRefused, match="非负整数"):
        results.enter_paper_tally(motion, 2, {"for": 3, "against": -1, "abstain": 0}, officer)
    results.enter_paper_tally(motion, 2, {"for": 2, "against": 0, "abstain": 0}, officer)
    result = results.certify(motion, reviewer)
    assert result["channels"] == {"online": 1, "paper": 2, "assisted": 1}
    assert [row["votes"] for row in result["rows"]] == [3, 1, 0]
    assert (result["ballots"], result["receipts"], result["paper_ballots"]) == (4, 2, 2)
    with pytest.raises(refusals.VoteRefused, match="不能再修改"):
        results.enter_paper_tally(motion, 2, {"for": 0, "against": 2, "abstain": 0}, officer)


def test_paper_tally_for_choice_and_evaluation_is_checked(choice, evaluation, voters, officer):
    a, b, c = (str(pk) for pk in choice.options.values_list("pk", flat=True))
    for voter in voters[:2]:
        casting.mark_voted_in_person(choice, voter, officer)
        casting.mark_voted_in_person(evaluation, voter, officer)
    with pytest.raises(refusals.VoteRefused, match="投票截止后"):
        results.enter_paper_tally(choice, 2, {"options": {a: 2}, "blank": 0}, officer)
    close(choice)
    close(evaluation)
    with pytest.raises(refusals.VoteRefused):
        results.enter_paper_tally(choice, 2, {"options": {a: 3}, "blank": 0}, officer)
    with pytest.raises(refusals.VoteRefused):
        results.enter_paper_tally(choice, 2, {"options": {"999": 1, a: 1}, "blank": 0}, officer)
    results.enter_paper_tally(choice, 2, {"options": {a: 2, b: 1, c: 0}, "blank": 0}, officer)
    x, y = (str(pk) for pk in evaluation.options.values_list("pk", flat=True))
    with pytest.raises(refusals.VoteRefused):
        results.enter_paper_tally(evaluation, 2, {"ratings": {x: {"satisfied": 3}}}, officer)
    results.enter_paper_tally(
        evaluation,
        2,
        {"ratings": {x: {"satisfied": 2}, y: {"basic": 1, "dissatisfied": 1}}},
        officer,
    )


def test_evaluation_result_per_person_with_share(evaluation, voters, reviewer, client):
    x, y = (str(pk) for pk in evaluation.options.values_list("pk", flat=True))
    papers = [
        {x: "satisfied", y: "dissatisfied"},
        {x: "basic", y: "dissatisfied"},
        {x: "dissatisfied", y: "satisfied"},
    ]
    for voter, paper in zip(voters, papers, strict=False):
        casting.cast_vote(evaluation, voter, {"ratings": paper})
    close(evaluation)
    result = results.certify(evaluation, reviewer)
    first, second = result["evaluation"]
    assert (first["satisfied"], first["basic"], first["dissatisfied"]) == (1, 1, 1)
    assert (first["approval"], first["approval_exact"]) == ("66.7%", "2/3")
    assert (second["approval"], second["approval_exact"]) == ("33.3%", "1/3")
    assert result["outcome"] == "valid"
    page = client.get(evaluation.page.url).text
    assert "满意及基本满意率" in page
    assert "66.7%" in page
    client.force_login(voters[0])
    response = client.get(reverse("participation_ballots:result_csv", args=[evaluation.pk]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert ["张书记", "1", "1", "1", "66.7%"] in rows


def test_choice_result_names_the_leader(choice, voters, reviewer):
    a, b, _c = choice.options.all()
    for voter, options in zip(voters, [[a.pk], [a.pk, b.pk], [b.pk], [a.pk], []], strict=True):
        casting.cast_vote(choice, voter, {"options": options})
    close(choice)
    result = results.certify(choice, reviewer)
    assert result["outcome"] == "decided"
    assert result["leaders"] == ["方案一"]
    assert result["blank"] == 1


def test_open_ballot_publishes_names_with_choices(make_ballot, voters, reviewer, client):
    ballot = make_ballot(is_secret=False)
    casting.cast_vote(ballot, voters[0], {"vote": "against"})
    close(ballot)
    results.certify(ballot, reviewer)
    page = client.get(ballot.page.url).text
    assert "记名投票：投票人及其选择" in page
    assert voters[0].display_name in page
    assert "反对" in page


def test_certification_mixes_the_box(voted_motion, reviewer):
    motion, _codes = voted_motion
    before = dict(BoxEntry.objects.values_list("id", "receipt_hash"))
    close(motion)
    results.certify(motion, reviewer)
    assert dict(BoxEntry.objects.values_list("id", "receipt_hash")) == before


def test_ballot_nobody_voted_in_is_void_against_its_whole_electorate(make_ballot, voters, reviewer):
    ballot = make_ballot(quorum_numerator=1, quorum_denominator=2)
    close(ballot)  # closed without anyone opening its page while it ran
    result = results.certify(ballot, reviewer)
    assert (result["electorate"], result["voted"], result["outcome"]) == (5, 0, "void")
