"""The voter roll: who is on it for each electorate, frozen at opening, idempotent."""

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from participation.ballots import casting, mixing, results, roll
from participation.ballots.models import Ballot, RollEntry
from participation.residents.factories import (
    BuildingFactory,
    RepresentativeFactory,
    UnitFactory,
    UserFactory,
    VerifiedResidentFactory,
)

pytestmark = pytest.mark.django_db


def roll_of(ballot):
    roll.freeze_roll(ballot)
    return set(RollEntry.objects.filter(ballot=ballot).values_list("voter__username", flat=True))


def test_all_verified_residents_and_only_them(make_ballot):
    verified = VerifiedResidentFactory(username="verified")
    UserFactory(username="unverified")
    VerifiedResidentFactory(username="inactive", is_active=False)
    VerifiedResidentFactory(username="revoked", verification="revoked")
    assert roll_of(make_ballot()) == {verified.username}


def test_current_representatives_only(make_ballot):
    current = RepresentativeFactory(user__username="current").user
    RepresentativeFactory(
        user__username="former", starts_on=date(2020, 1, 1), ends_on=date(2022, 12, 31)
    )
    VerifiedResidentFactory(username="plain")
    ballot = make_ballot(electorate=Ballot.Electorate.REPRESENTATIVES)
    assert roll_of(ballot) == {current.username}


def test_verified_residents_of_chosen_buildings(make_ballot):
    east, west = BuildingFactory(number="3"), BuildingFactory(number="9")
    inside = VerifiedResidentFactory(username="inside", unit=UnitFactory(building=east))
    VerifiedResidentFactory(username="outside", unit=UnitFactory(building=west))
    ballot = make_ballot(
        electorate=Ballot.Electorate.BUILDINGS, opens_at=timezone.now() + timedelta(hours=1)
    )
    ballot.buildings.set([east])
    ballot.save()  # a ParentalManyToManyField is written on save
    Ballot.objects.filter(pk=ballot.pk).update(opens_at=timezone.now() - timedelta(minutes=1))
    ballot.refresh_from_db()
    assert roll_of(ballot) == {inside.username}


def test_roll_is_frozen_once_and_never_before_opening(make_ballot):
    ballot = make_ballot(opens_at=timezone.now() + timedelta(hours=1))
    assert roll.freeze_roll(ballot) is False
    assert not RollEntry.objects.exists()
    opened = make_ballot()
    VerifiedResidentFactory.create_batch(3)
    assert roll.freeze_roll(opened) is True
    VerifiedResidentFactory()  # verified after opening
    assert roll.freeze_roll(opened) is False
    assert RollEntry.objects.filter(ballot=opened).count() == opened.electorate_size == 3


def test_the_first_vote_freezes_the_roll_a_page_view_does_not(client, motion, voter):
    """Issue 11: permission checks only read; the cron, the cast and the desk freeze."""
    client.force_login(voter)
    client.get(motion.page.url)
    motion.refresh_from_db()
    assert motion.roll_frozen_at is None
    casting.cast_vote(motion, voter, {"vote": "for"})
    motion.refresh_from_db()
    assert motion.roll_frozen_at is not None
    assert motion.electorate_size == 1


def test_maintenance_command_freezes_and_mixes(make_ballot, capsys):
    from .conftest import close

    VerifiedResidentFactory.create_batch(2)
    opened, finished = make_ballot(), make_ballot()
    casting.cast_vote(finished, _first_voter(), {"vote": "for"})
    close(finished)
    call_command("ballots_maintain", "--mix-open")
    out = capsys.readouterr().out
    assert "rolls frozen: 1" in out
    assert "boxes mixed: 2" in out
    opened.refresh_from_db()
    assert opened.electorate_size == 2
    assert results.compute_result(finished)["ballots"] == 1


def _first_voter():
    from participation.residents.models import User

    return User.objects.filter(verification="verified").order_by("pk").first()


def test_a_closed_box_is_mixed_once(make_ballot):
    from .conftest import close

    ballot = make_ballot()
    casting.cast_vote(ballot, VerifiedResidentFactory(), {"vote": "for"})
    close(ballot)
    assert mixing.close_due_ballots() == 1
    assert mixing.close_due_ballots() == 0
    ballot.refresh_from_db()
    assert ballot.box_mixed_at is not None
