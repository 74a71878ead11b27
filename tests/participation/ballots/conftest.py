from datetime import timedelta

import pytest
from django.utils import timezone

from participation.ballots.factories import BallotFactory, BallotOptionFactory
from participation.ballots.models import Ballot
from participation.core.embedding import embed_module
from participation.core.staff import EDITORS, REVIEWERS
from participation.residents.factories import (
    RepresentativeFactory,
    UserFactory,
    VerifiedResidentFactory,
)


@pytest.fixture
def topic_page(home_page):
    """A content page with a StreamField body (a HomePage stands in for a blog topic)."""
    blog = home_page.add_child(instance=type(home_page)(title="社区博客", slug="blog"))
    return blog.add_child(instance=type(home_page)(title="要事票决", slug="parking-motion"))


@pytest.fixture
def make_ballot(topic_page):
    def make(options=(), **fields):
        """A ballot; options are added while it is a draft, then the schedule is set."""
        opens_at = fields.pop("opens_at", timezone.now() - timedelta(minutes=1))
        closes_at = fields.pop("closes_at", opens_at and opens_at + timedelta(days=7))
        ballot = BallotFactory(page=topic_page, opens_at=None, closes_at=None, **fields)
        for order, label in enumerate(options):
            BallotOptionFactory(ballot=ballot, label=label, sort_order=order)
        ballot.opens_at, ballot.closes_at = opens_at, closes_at
        ballot.save()
        embed_module(ballot.module_ptr)
        return ballot

    return make


@pytest.fixture
def motion(make_ballot):
    return make_ballot()


@pytest.fixture
def choice(make_ballot):
    return make_ballot(
        options=["方案一", "方案二", "方案三"], ballot_type=Ballot.Type.CHOICE, max_choices=2
    )


@pytest.fixture
def evaluation(make_ballot):
    return make_ballot(options=["张书记", "刘副主任"], ballot_type=Ballot.Type.EVALUATION)


@pytest.fixture
def voter(db):
    return VerifiedResidentFactory()


@pytest.fixture
def voters(db):
    return VerifiedResidentFactory.create_batch(5)


@pytest.fixture
def unverified(db):
    return UserFactory()


@pytest.fixture
def representative(db):
    return RepresentativeFactory().user


@pytest.fixture
def officer(db, django_user_model):
    """Community staff at the office desk (Editors group)."""
    from django.contrib.auth.models import Group, Permission

    user = UserFactory(is_staff=True)
    group, _created = Group.objects.get_or_create(name=EDITORS)
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(group)
    return user


@pytest.fixture
def reviewer(db):
    from django.contrib.auth.models import Group, Permission

    user = UserFactory(is_staff=True)
    group, _created = Group.objects.get_or_create(name=REVIEWERS)
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(group)
    return user


def close(ballot):
    """Move a ballot's schedule into the past (as time would), bypassing the definition lock."""
    now = timezone.now()
    Ballot.objects.filter(pk=ballot.pk).update(
        opens_at=now - timedelta(days=8), closes_at=now - timedelta(seconds=1)
    )
    ballot.refresh_from_db()
    return ballot
