"""The lean cast and the light pages: a fixed number of queries per cast, every refusal still
refused by the one judgement, a small receipt page, and result and receipt pages whose cost
does not grow with the number of votes."""

import hashlib
from datetime import timedelta

import pytest
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.cache import SessionStore
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from pages.site_data import site_data
from participation.ballots import casting, results, roll, views
from participation.ballots.models import Ballot, BoxEntry, Channel, RollEntry
from participation.core.embedding import embed_module
from participation.residents.factories import VerifiedResidentFactory

from .conftest import close

pytestmark = pytest.mark.django_db


def vote_url(ballot):
    return reverse("participation_ballots:vote", args=[ballot.pk])


def paper(ballot, voter, **fields):
    prefix = f"ballot{ballot.pk}"
    data = {f"{prefix}-{name}": value for name, value in fields.items()}
    return {
        **data,
        f"{prefix}-paper": casting.issue_paper(ballot, voter),
        f"{prefix}-confirm": "on",
    }


def post_to_the_view(ballot, voter, data):
    """The vote view alone, without the site's middleware (whose queries are not the cast's)."""
    request = RequestFactory().post(vote_url(ballot), data)
    request.user = voter
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return views.vote(request, ballot.pk)


# -- the cast ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("kind", "queries"),
    [
        # the ballot and its page (visibility included); the roll mark; the box entry; the
        # savepoint and its release of the cast's transaction (a transaction in production)
        ("motion", 5),
        ("evaluation", 6),  # and the options the paper is made of, read once
    ],
)
def test_a_cast_costs_a_fixed_number_of_queries(
    kind, queries, motion, evaluation, voters, django_assert_num_queries
):
    ballot = {"motion": motion, "evaluation": evaluation}[kind]
    roll.freeze_roll(ballot)  # as the cron does when the ballot opens
    ballot.page.url  # noqa: B018 -- the site's root paths, cached for every request after
    site_data()  # the site's settings and sections, cached for every request after
    marks = {"vote": "for"}
    if kind == "evaluation":
        marks = {f"item_{pk}": "basic" for pk in ballot.options.values_list("pk", flat=True)}
    for voter in voters[:2]:
        with django_assert_num_queries(queries):
            response = post_to_the_view(ballot, voter, paper(ballot, voter, **marks))
        assert response.status_code == 200
    assert BoxEntry.objects.filter(ballot=ballot).count() == 2


def test_a_paper_sent_again_costs_no_more_than_its_first_cast(
    motion, voters, django_assert_num_queries
):
    """The copy's mark matches no row; the box is looked at before the refusal would be
    explained, so it finds the receipt without asking why (the look replaces the box entry)."""
    roll.freeze_roll(motion)
    motion.page.url  # noqa: B018 -- the site's root paths, cached for every request after
    site_data()
    voter = voters[0]
    data = paper(motion, voter, vote="for")
    first = post_to_the_view(motion, voter, data)
    with django_assert_num_queries(5):  # the ballot, the mark, the look, savepoint, release
        again = post_to_the_view(motion, voter, data)
    assert again.status_code == 200
    code = first.content.decode().split('id="receipt-code">')[1].split("<")[0]
    assert f'id="receipt-code">{code}<' in again.content.decode()
    assert "此前已经投出" in again.content.decode()
    assert BoxEntry.objects.filter(ballot=motion).count() == 1


def refusals_to_prove(make_ballot, motion, voter, officer, reviewer):
    """Each way a vote is refused: (ballot, voter, the refusal's words)."""
    revoked, deactivated, voted, in_person = VerifiedResidentFactory.create_batch(4)
    roll.freeze_roll(motion)  # all four are on the roll
    latecomer = VerifiedResidentFactory()  # verified after the roll was frozen
    revoked.verification = revoked.Verification.REVOKED
    revoked.save()
    deactivated.is_active = False
    deactivated.save()
    casting.cast_vote(motion, voted, {"vote": "for"})
    casting.mark_voted_in_person(motion, in_person, officer)
    scheduled = make_ballot(opens_at=timezone.now() + timedelta(hours=1))
    closed = close(make_ballot())
    representatives_only = make_ballot(electorate=Ballot.Electorate.REPRESENTATIVES)
    certified = close(make_ballot())
    results.certify(certified, reviewer)
    reopened = timezone.now() + timedelta(days=1)  # a window open again does not undo it
    Ballot.objects.filter(pk=certified.pk).update(closes_at=reopened)
    certified.refresh_from_db()
    return {
        "revoked verification": (motion, revoked, "只有已认证的居民才能投票"),
        "deactivated account": (motion, deactivated, "只有已认证的居民才能投票"),
        "verified after the freeze": (motion, latecomer, "投票人名册在投票开始时已经冻结"),
        "already voted online": (motion, voted, "您已经投过票了"),
        "voted in person": (motion, in_person, "您已经投过票了"),
        "not open yet": (scheduled, voter, "投票尚未开始"),
        "closed": (closed, voter, "投票已截止"),
        "certified": (certified, voter, "投票已截止"),
        "outside the electorate": (representatives_only, voter, "不在本次票决的投票人名册中"),
    }


def test_each_refusal_still_refuses_through_the_site(
    client, make_ballot, motion, voter, officer, reviewer
):
    """The view asks no rule before the cast: the cast's one judgement refuses each case."""
    cases = refusals_to_prove(make_ballot, motion, voter, officer, reviewer)
    del cases["deactivated account"]  # cannot sign in at all: the service's case, below
    boxed = BoxEntry.objects.count()
    for case, (ballot, person, words) in cases.items():
        client.force_login(person)
        marked = RollEntry.objects.filter(voted_at__isnull=False).count()
        response = client.post(vote_url(ballot), paper(ballot, person, vote="for"), follow=True)
        assert words in response.text, case
        assert "receipt_code" not in response.context, case
        assert BoxEntry.objects.count() == boxed, case
        assert RollEntry.objects.filter(voted_at__isnull=False).count() == marked, case


def test_each_refusal_still_refuses_in_the_service(make_ballot, motion, voter, officer, reviewer):
    cases = refusals_to_prove(make_ballot, motion, voter, officer, reviewer)
    boxed = BoxEntry.objects.count()
    for case, (ballot, person, words) in cases.items():
        marked = RollEntry.objects.filter(voted_at__isnull=False).count()
        token = casting.issue_paper(ballot, person)
        with pytest.raises(casting.VoteRefused, match=words):
            casting.cast_paper(ballot, person, token, {"vote": "for"})
        assert BoxEntry.objects.count() == boxed, case
        assert RollEntry.objects.filter(voted_at__isnull=False).count() == marked, case


def test_in_person_marks_are_refused_by_the_same_judgement(make_ballot, motion, officer):
    """The desk's mark skips only the account check (the paper is handed in at the meeting)."""
    revoked = VerifiedResidentFactory()
    casting.mark_voted_in_person(motion, VerifiedResidentFactory(), officer)  # freezes the roll
    revoked.verification = revoked.Verification.REVOKED
    revoked.save()
    casting.mark_voted_in_person(motion, revoked, officer)
    assert RollEntry.objects.get(voter=revoked).channel == Channel.PAPER
    with pytest.raises(casting.VoteRefused, match="已经投过票"):
        casting.mark_voted_in_person(motion, revoked, officer)
    closed = close(make_ballot())
    with pytest.raises(casting.VoteRefused, match="投票已截止"):
        casting.mark_voted_in_person(closed, VerifiedResidentFactory(), officer)


def test_the_receipt_is_a_light_page_in_the_site_language(client, motion, voters):
    for voter, language, words in (
        (voters[0], "zh-hans", "投票成功"),
        (voters[1], "en", "Your vote is cast"),
    ):
        client.force_login(voter)
        with translation.override(language):
            url = vote_url(motion)
        response = client.post(url, paper(motion, voter, vote="for"))
        html = response.text
        assert response.status_code == 200
        assert f'<html lang="{language}">' in html
        assert words in html
        assert "<main" in html
        assert "<h1>" in html
        assert f'<code id="receipt-code">{response.context["receipt_code"]}</code>' in html
        assert "site-header" not in html  # not the full layout: no header, sections, footer
        assert len(response.content) < 4000


# -- the certified page and the receipt list ---------------------------------------------------
def fill_the_box(ballot, votes):
    """``votes`` online votes, written straight into the box and the roll (as a bench would)."""
    BoxEntry.objects.bulk_create(
        BoxEntry(
            ballot=ballot,
            choices={"vote": "for"},
            receipt_hash=hashlib.sha256(f"{ballot.pk}:{i}".encode()).hexdigest(),
        )
        for i in range(votes)
    )
    RollEntry.objects.bulk_create(
        RollEntry(ballot=ballot, voted_at=timezone.now(), channel=Channel.ONLINE)
        for _i in range(votes)
    )


def certified_with(make_ballot, reviewer, votes, page=None):
    ballot = make_ballot()
    if page is not None:  # a page of its own (the definition is locked once opened)
        Ballot.objects.filter(pk=ballot.pk).update(page=page)
        ballot.refresh_from_db()
        embed_module(ballot.module_ptr)
    roll.freeze_roll(ballot)
    fill_the_box(ballot, votes)
    close(ballot)
    results.certify(ballot, reviewer)
    ballot.refresh_from_db()
    return ballot


def queries_and_bytes(client, url, **kwargs):
    client.get(url, **kwargs)  # caches warmed, as on a live site
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **kwargs)
    assert response.status_code == 200
    return len(queries), len(response.content)


def test_the_certified_page_costs_the_same_queries_and_stays_small_with_many_votes(
    client, make_ballot, reviewer, voter, topic_page
):
    client.force_login(voter)  # past the page cache, which would answer both for nothing
    few = certified_with(make_ballot, reviewer, 3)
    few_queries, few_bytes = queries_and_bytes(client, few.page.url)
    other = topic_page.get_parent().add_child(
        instance=type(topic_page)(title="另一个票决", slug="another-ballot")
    )
    many = certified_with(make_ballot, reviewer, 2000, page=other)
    many_queries, many_bytes = queries_and_bytes(client, other.url)
    assert many_queries == few_queries
    assert many_bytes < 50_000
    assert many_bytes - few_bytes < 400  # the counts' digits and the titles, not the hashes
    page = client.get(other.url).text
    assert reverse("participation_ballots:receipts", args=[many.pk]) in page
    assert "2000" in page


def test_the_receipt_list_is_paginated_and_the_check_searches_the_whole_box(
    client, make_ballot, reviewer, voter
):
    ballot = certified_with(make_ballot, reviewer, 450)
    hashes = sorted(BoxEntry.objects.filter(ballot=ballot).values_list("receipt_hash", flat=True))
    url = reverse("participation_ballots:receipts", args=[ballot.pk])
    client.force_login(voter)
    counts = {}
    for number in (1, 3):
        client.get(url, {"page": number})
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, {"page": number})
        counts[number] = len(queries)
        assert response.status_code == 200
    assert counts[1] == counts[3]
    first = client.get(url).text
    assert first.count("<li><code>") == views.RECEIPTS_PER_PAGE
    assert hashes[0] in first
    assert hashes[200] not in first
    assert "450" in first
    assert "?page=2" in first
    last = client.get(url, {"page": 3}).text
    assert last.count("<li><code>") == 50
    assert 'start="401"' in last
    assert hashes[-1] in last
    # A code whose hash is on the last page is found from the first.
    code = casting.new_receipt_code()
    BoxEntry.objects.create(
        ballot=ballot, choices={"vote": "for"}, receipt_hash=casting.receipt_hash(ballot.pk, code)
    )
    found = client.post(url, {"code": code})
    assert "找到了" in found.text
    assert casting.receipt_hash(ballot.pk, code) in found.text
