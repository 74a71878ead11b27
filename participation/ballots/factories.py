"""Factories for ballots, shared by the tests and the demo loader."""

from datetime import timedelta

import factory
from django.utils import timezone

from participation.ballots.models import Ballot, BallotOption


class BallotFactory(factory.django.DjangoModelFactory):
    """A secret motion of all verified residents, open from a minute ago for a week."""

    class Meta:
        model = Ballot

    title = factory.Sequence(lambda n: f"要事票决 {n}")
    question = "是否同意本议案？"
    ballot_type = Ballot.Type.MOTION
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(minutes=1))
    closes_at = factory.LazyAttribute(lambda b: b.opens_at + timedelta(days=7))


class BallotOptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BallotOption

    ballot = factory.SubFactory(BallotFactory)
    label = factory.Sequence(lambda n: f"选项{n}")
    sort_order = factory.Sequence(lambda n: n)
