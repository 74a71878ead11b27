"""Hearings never cross communities: only residents of the community whose tree holds the
hearing's page register or hand in opinions, and its eligibility counts no one else."""

import pytest
from django.urls import reverse

from participation.hearings import services
from participation.hearings.models import Hearing, Opinion, Registration
from participation.hearings.predicates import is_eligible
from participation.residents.factories import RepresentativeFactory, VerifiedResidentFactory
from tests.communities import SECOND_HOST, make_community, unit_in

from .conftest import make_hearing

pytestmark = pytest.mark.django_db


@pytest.fixture
def outsider(db):
    """A verified resident of the second community."""
    return VerifiedResidentFactory(unit=unit_in(make_community(), building="8"))


@pytest.mark.parametrize("host", ["localhost", SECOND_HOST])
def test_a_resident_of_another_community_cannot_register(client, hearing, outsider, host):
    client.force_login(outsider)
    url = reverse("participation_hearings:register", args=[hearing.pk])
    response = client.post(url, follow=True, HTTP_HOST=host)
    assert not Registration.objects.exists()
    assert not outsider.has_perm("participation_hearings.register", hearing)
    if host == "localhost":
        messages = [str(message) for message in response.context["messages"]]
        assert "这次会议属于其他社区，只有该社区的居民可以报名。" in messages
    with pytest.raises(services.HearingError, match="其他社区"):
        services.register(outsider, hearing)


def test_a_resident_of_another_community_cannot_hand_in_an_opinion(client, hearing, outsider):
    client.force_login(outsider)
    url = reverse("participation_hearings:submit_opinion", args=[hearing.pk])
    response = client.post(url, {"text": "我反对这个方案，理由如下。" * 3}, follow=True)
    assert not Opinion.objects.exists()
    assert "只有该社区的居民可以提交书面意见" in response.text
    with pytest.raises(services.HearingError, match="其他社区"):
        services.submit_opinion(outsider, hearing, "外社区的意见")


def test_a_representative_of_another_community_is_not_eligible(notice_page, outsider):
    hearing = make_hearing(notice_page, eligibility=Hearing.Eligibility.REPRESENTATIVES)
    theirs = RepresentativeFactory(user=outsider).user
    ours = RepresentativeFactory().user
    assert is_eligible(ours, hearing)
    assert not is_eligible(theirs, hearing)


def test_buildings_of_another_community_admit_none_of_its_residents(notice_page, outsider):
    hearing = make_hearing(notice_page, eligibility=Hearing.Eligibility.BUILDINGS)
    hearing.buildings.add(outsider.unit.building)
    assert not is_eligible(outsider, hearing)


def test_a_hearings_registrants_as_an_audience_are_of_the_senders_community(hearing, outsider):
    from participation.notifications.audiences import audiences

    ours = VerifiedResidentFactory()
    for position, user in enumerate([ours, outsider]):
        Registration.objects.create(module=hearing, author=user, position=position)
    group = audiences()["participation_hearings.registrants"]
    second = outsider.community_id
    assert list(group.recipient_ids([str(hearing.pk)], ours.community_id)) == [ours.pk]
    assert list(group.recipient_ids([str(hearing.pk)], second)) == [outsider.pk]
    assert group.options(second) == []
    assert (str(hearing.pk), hearing.title) in group.options(ours.community_id)
