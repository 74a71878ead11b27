"""Casting in real parallel on PostgreSQL: one vote per voter, nothing lost, no doubled roll."""

import random
from collections import Counter

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from participation.ballots import services
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
        services.cast_vote(ballot, voter, {"vote": vote})
    except services.VoteRefused:
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
        lambda pk: services.freeze_roll(Ballot.objects.get(pk=pk)), [(ballot.pk,)] * 20
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
        response = client.post(url, {f"{prefix}-vote": vote, f"{prefix}-confirm": "on"})
        return vote if response.status_code == 200 and "receipt_code" in response.context else None

    calls = [(voter, vote) for voter in voters for vote in ("for", "against")]
    cast = [vote for vote in run_in_parallel(post, calls, workers=20) if vote]
    assert len(cast) == 30
    assert BoxEntry.objects.filter(ballot=ballot).count() == 30
    assert RollEntry.objects.filter(ballot=ballot, voted_at__isnull=False).count() == 30
    boxed = Counter(c["vote"] for c in BoxEntry.objects.values_list("choices", flat=True))
    assert boxed == Counter(cast)


def test_casting_locks_only_the_voters_row(make_ballot):
    """While one voter's cast is still uncommitted, another voter's cast goes through at once."""
    from django.db import transaction

    ballot = make_ballot()
    first, second = residents(2)
    services.freeze_roll(ballot)

    def impatient(ballot_id, voter, vote):
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '2s'")  # fail instead of queueing
        return attempt(ballot_id, voter, vote)

    with transaction.atomic():
        services.cast_vote(ballot, first, {"vote": "against"})  # committed only at the end
        [result] = run_in_parallel(impatient, [(ballot.pk, second, "for")], workers=1)
    assert result == "for"
    assert BoxEntry.objects.filter(ballot=ballot).count() == 2
