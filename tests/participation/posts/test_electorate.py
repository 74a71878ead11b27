"""The electorate "members and residents' representatives", read through the core's contract."""

import pytest
from django.utils import timezone

from participation.core.electorates import electorate_choices, electorate_users
from participation.posts.models import PartyMember
from participation.residents.factories import (
    RepresentativeFactory,
    UserFactory,
    VerifiedResidentFactory,
)

pytestmark = pytest.mark.django_db
NAME = "participation_posts.members_and_representatives"


def test_members_and_current_representatives_only():
    member = VerifiedResidentFactory()
    PartyMember.objects.create(name="示例", kind="registered", user=member)
    unverified_member = UserFactory()
    PartyMember.objects.create(name="示例二", kind="incoming", user=unverified_member)
    PartyMember.objects.create(name="无账号", kind="incoming")
    representative = RepresentativeFactory().user
    former = RepresentativeFactory(
        starts_on=timezone.localdate().replace(year=2000),
        ends_on=timezone.localdate().replace(year=2001),
    ).user
    VerifiedResidentFactory()
    assert set(electorate_users(NAME)) == {member, representative}
    assert former not in electorate_users(NAME)


def test_the_electorate_is_declared_and_unknown_names_are_refused():
    assert (NAME, "党员和居民代表") in [(n, str(label)) for n, label in electorate_choices()]
    with pytest.raises(LookupError):
        electorate_users("participation_posts.nobody")
