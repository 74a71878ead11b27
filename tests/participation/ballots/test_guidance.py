"""What a resident is told: the frozen roll, the receipt, missing ratings, sealed receipts."""

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import timezone, translation

from participation.ballots import casting, refusals, roll
from participation.ballots.models import Ballot
from participation.residents.factories import VerifiedResidentFactory

pytestmark = pytest.mark.django_db

FROZEN_UTC = datetime(2026, 3, 1, 2, 5, tzinfo=UTC)  # 10:05 in Asia/Shanghai


def vote_url(ballot):
    return reverse("participation_ballots:vote", args=[ballot.pk])


def receipts_url(ballot, language="zh-hans"):
    with translation.override(language):
        return reverse("participation_ballots:receipts", args=[ballot.pk])


def freeze_at(ballot, when):
    roll.freeze_roll(ballot)
    Ballot.objects.filter(pk=ballot.pk).update(roll_frozen_at=when)
    ballot.refresh_from_db()


def test_resident_verified_after_opening_is_told_the_roll_was_frozen_and_when(
    client, motion, voter
):
    freeze_at(motion, FROZEN_UTC)
    latecomer = VerifiedResidentFactory()
    client.force_login(latecomer)
    page = client.get(motion.page.url).text
    assert "投票人名册在投票开始时已经冻结（2026-03-01 10:05）" in page
    english = client.get("/en" + motion.page.url).text
    assert "The voter roll was frozen when voting opened (2026-03-01 10:05)" in english
    with pytest.raises(refusals.VoteRefused, match="2026-03-01 10:05"):
        casting.cast_vote(motion, latecomer, {"vote": "for"})


def test_resident_outside_the_electorate_is_not_told_about_freezing(make_ballot, voter):
    ballot = make_ballot(electorate=Ballot.Electorate.REPRESENTATIVES)
    with pytest.raises(refusals.VoteRefused) as refusal:
        casting.cast_vote(ballot, voter, {"vote": "for"})
    assert "名册中" in refusal.value.message
    assert "冻结" not in refusal.value.message


def test_receipt_code_stands_in_its_own_panel_with_copy_and_print(client, motion, voter):
    client.force_login(voter)
    data = {
        f"ballot{motion.pk}-vote": "for",
        f"ballot{motion.pk}-confirm": "on",
        f"ballot{motion.pk}-paper": casting.issue_paper(motion, voter),
    }
    response = client.post(vote_url(motion), data)
    code = response.context["receipt_code"]
    html = response.text
    panel = re.search(r'<div class="receipt-panel".*?</div>', html, re.S).group(0)
    assert f'<code id="receipt-code">{code}</code>' in panel
    assert 'data-copy="#receipt-code"' in panel
    assert "data-print" in panel
    assert "participation_ballots/receipt.js" in html
    assert "participation_ballots/ballots.css" in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline script breaks the CSP"
    assert not re.search(r"\son(click|load)=", html)
    script = Path(finders.find("participation_ballots/receipt.js")).read_text(encoding="utf-8")
    assert "clipboard.writeText" in script
    assert "window.print" in script
    css = Path(finders.find("participation_ballots/ballots.css")).read_text(encoding="utf-8")
    assert ".receipt-panel" in css.split("@media print", 1)[1]


def test_missing_ratings_name_each_row_once(client, make_ballot, voter):
    people = ["张书记", "刘副主任", "王委员", "李委员"]
    ballot = make_ballot(options=people, ballot_type=Ballot.Type.EVALUATION)
    first = ballot.options.get(label="张书记")
    client.force_login(voter)
    data = {
        f"ballot{ballot.pk}-item_{first.pk}": "satisfied",
        f"ballot{ballot.pk}-confirm": "on",
        f"ballot{ballot.pk}-paper": casting.issue_paper(ballot, voter),
    }
    response = client.post(vote_url(ballot), data)
    assert response.status_code == 400
    errors = re.search(r'role="alert">(.*?)</div>', response.text, re.S).group(1)
    items = re.findall(r"<li>(.*?)</li>", errors)
    assert items == [f"请对“{name}”作出评价。" for name in people[1:]]


def test_receipts_of_an_open_ballot_explain_why_in_the_site_layout(client, motion, voter):
    client.force_login(voter)
    response = client.get(receipts_url(motion))
    assert response.status_code == 403
    assert "site-header" in response.text  # the site's layout, not a bare "403 Forbidden"
    assert "回执核验清单在投票截止之后才公布" in response.text
    assert timezone.localtime(motion.closes_at).strftime("%Y-%m-%d %H:%M") in response.text
    assert f'href="{motion.page.url}#ballot-{motion.pk}"' in response.text


def test_receipts_of_an_open_ballot_explain_why_in_english(client, motion, voter):
    client.force_login(voter)
    response = client.get(receipts_url(motion, "en"))
    assert response.status_code == 403
    assert "published once voting closes" in response.text
    assert "Back to the ballot" in response.text
