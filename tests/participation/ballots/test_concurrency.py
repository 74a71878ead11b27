"""Casting in real parallel on PostgreSQL: one vote per voter, nothing lost, no doubled roll."""

import random
import re
from collections import Counter

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from participation.ballots import casting, refusals, roll
from participation.ballots.models import Ballot, BoxEntry, RollEntry
from participation.residents.factories import UnitFactory, VerifiedResidentFactory
from tests.concurrency import run_in_parallel

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def residents(count):
    units = [UnitFactory() for _i in range(10)]
    return [VerifiedResidentFactory(unit=units[i % 10]) for i in range(count)]


def attempt(ballot_id, voter, vote):
    ballot = Ballot.objects.get(pk=ballot_id)
    try:
        casting.cast_vote(ballot, voter, {"vote": vote})
    except refusals.VoteRefused:
        return None
    return vote


def test_500_voters_each_voting_twice_at_once(make_ballot):
    ballot = make_ballot()  # the roll is frozen by the racing casts themselves
    voters = residents(500)
    calls = []
    for voter in voters:
        first, second = random.sample(["for", "against", "abstain"], 2)
        calls += [(ballot.pk, voter, first), (ballot.pk, voter, second)]
    random.shuffle(calls)

    cast = [vote for vote in run_in_parallel(attempt, calls) if vote is not None]

    assert len(cast) == 500
    assert RollEntry.objects.filter(ballot=ballot).count() == 500
    assert RollEntry.objects.filter(ballot=ballot, voted_at__isnull=False).count() == 500
    assert BoxEntry.objects.filter(ballot=ballot).count() == 500
    boxed = Counter(c["vote"] for c in BoxEntry.objects.values_list("choices", flat=True))
    assert boxed == Counter(cast)
    ballot.refresh_from_db()
    assert ballot.electorate_size == 500


def test_parallel_freezes_never_double_the_roll(make_ballot):
    ballot = make_ballot()
    residents(60)
    frozen = run_in_parallel(
        lambda pk: roll.freeze_roll(Ballot.objects.get(pk=pk)), [(ballot.pk,)] * 20
    )
    assert frozen.count(True) == 1
    assert RollEntry.objects.filter(ballot=ballot).count() == 60
    ballot.refresh_from_db()
    assert ballot.electorate_size == 60


def test_parallel_requests_through_the_site(make_ballot):
    ballot = make_ballot()
    voters = residents(30)
    url = reverse("participation_ballots:vote", args=[ballot.pk])
    prefix = f"ballot{ballot.pk}"

    def post(voter, vote):
        client = Client()
        client.force_login(voter)
        paper = casting.issue_paper(ballot, voter)  # each request its own paper (two tabs)
        data = {f"{prefix}-vote": vote, f"{prefix}-confirm": "on", f"{prefix}-paper": paper}
        response = client.post(url, data)
        return (
            vote if response.status_code == 200 and 'id="receipt-code"' in response.text else None
        )

    calls = [(voter, vote) for voter in voters for vote in ("for", "against")]
    cast = [vote for vote in run_in_parallel(post, calls, workers=20) if vote]
    assert len(cast) == 30
    assert BoxEntry.objects.filter(ballot=ballot).count() == 30
    assert RollEntry.objects.filter(ballot=ballot, voted_at__isnull=False).count() == 30
    boxed = Counter(c["vote"] for c in BoxEntry.objects.values_list("choices", flat=True))
    assert boxed == Counter(cast)


def test_the_same_paper_sent_twice_at_once_casts_once_with_one_receipt(make_ballot):
    """A double submit (or a re-send racing the first): one vote, both answers the same receipt."""
    ballot = make_ballot()
    voters = residents(15)
    url = reverse("participation_ballots:vote", args=[ballot.pk])
    prefix = f"ballot{ballot.pk}"
    papers = {voter.pk: casting.issue_paper(ballot, voter) for voter in voters}

    def post(voter):
        client = Client()
        client.force_login(voter)
        data = {
            f"{prefix}-vote": "for",
            f"{prefix}-confirm": "on",
            f"{prefix}-paper": papers[voter.pk],
        }
        response = client.post(url, data)
        assert response.status_code == 200, response.status_code
        # From the text: the test client's captured context is shared between threads.
        return voter.pk, re.search(r'<code id="receipt-code">([^<]+)</code>', response.text)[1]

    answers = run_in_parallel(post, [(voter,) for voter in voters for _copy in (1, 2)])

    codes = {}
    for voter_pk, code in answers:
        codes.setdefault(voter_pk, set()).add(code)
    assert all(len(same) == 1 for same in codes.values())
    assert len(codes) == 15
    assert BoxEntry.objects.filter(ballot=ballot).count() == 15
    assert RollEntry.objects.filter(ballot=ballot, voted_at__isnull=False).count() == 15
    boxed = set(BoxEntry.objects.values_list("receipt_hash", flat=True))
    assert boxed == {casting.receipt_hash(ballot.pk, code) for (code,) in codes.values()}


def test_a_copy_waiting_on_the_first_cast_gets_its_receipt(make_ballot):
    """The race itself, made certain: the copy blocks on the roll row until the first commits."""
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connections, transaction

    ballot = make_ballot()
    [voter] = residents(1)
    roll.freeze_roll(ballot)
    paper = casting.issue_paper(ballot, voter)

    def copy_of_the_paper():
        try:
            return casting.cast_paper(
                Ballot.objects.get(pk=ballot.pk), voter, paper, {"vote": "for"}
            )
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=1) as pool:
        with transaction.atomic():
            first = casting.cast_paper(ballot, voter, paper, {"vote": "for"})
            copy = pool.submit(copy_of_the_paper)
            wait_until_a_query_waits_on_a_lock()
        assert copy.result(timeout=30) == casting.Cast(first.receipt_code, earlier=True)
    assert BoxEntry.objects.filter(ballot=ballot).count() == 1


def wait_until_a_query_waits_on_a_lock(seconds=20):
    import time

    deadline = time.monotonic() + seconds
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute("SELECT pg_stat_clear_snapshot()")  # the view is cached per transaction
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE wait_event_type = 'Lock' AND datname = current_database()"
            )
            if cursor.fetchone()[0]:
                return
            time.sleep(0.05)
    raise AssertionError("the copy never waited on the voter's roll row")


def test_casting_locks_only_the_voters_row(make_ballot):
    """While one voter's cast is still uncommitted, another voter's cast goes through at once."""
    from django.db import transaction

    ballot = make_ballot()
    first, second = residents(2)
    roll.freeze_roll(ballot)

    def impatient(ballot_id, voter, vote):
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '2s'")  # fail instead of queueing
        return attempt(ballot_id, voter, vote)

    with transaction.atomic():
        casting.cast_vote(ballot, first, {"vote": "against"})  # committed only at the end
        [result] = run_in_parallel(impatient, [(ballot.pk, second, "for")], workers=1)
    assert result == "for"
    assert BoxEntry.objects.filter(ballot=ballot).count() == 2
