"""Notices (通知公告) never cross communities: staff send from a community's site to its residents
only, pick among its buildings and blocks only, and the notice records that community."""

import pytest
from django.urls import reverse

from participation.notifications.audiences import audiences
from participation.notifications.models import Broadcast, Item
from participation.residents.factories import (
    BuildingFactory,
    RepresentativeFactory,
    UnitFactory,
    VerifiedResidentFactory,
)
from tests.communities import SECOND_HOST, make_community, unit_in

pytestmark = pytest.mark.django_db
NEW = reverse("participation_notifications_admin:broadcast_new")


@pytest.fixture
def sender(editor, grant):
    return grant(editor, "send_broadcast")


@pytest.fixture
def second(db):
    return make_community()


@pytest.fixture
def two_communities(site, second):
    ours = VerifiedResidentFactory(unit=UnitFactory(building=BuildingFactory(block="西片区")))
    theirs = VerifiedResidentFactory(unit=unit_in(second, building="8"))
    theirs.unit.building.block = "东片区"
    theirs.unit.building.save()
    return ours, theirs


def notice(**extra):
    return {"audience": "verified", "title": "明日停水", "body": "明天停水。", "url": "", **extra}


def test_a_notice_sent_from_a_communitys_site_reaches_its_residents_only(
    client, sender, two_communities, second
):
    ours, theirs = two_communities
    client.force_login(sender)
    client.post(NEW, notice(confirm="1"), HTTP_HOST=SECOND_HOST)
    broadcast = Broadcast.objects.get()
    assert broadcast.community == second
    assert (broadcast.recipients, list(Item.objects.values_list("recipient", flat=True))) == (
        1,
        [theirs.pk],
    )


def test_the_form_offers_only_the_communitys_buildings_and_blocks(client, sender, two_communities):
    ours, theirs = two_communities
    client.force_login(sender)
    form = client.get(NEW, HTTP_HOST=SECOND_HOST).text
    assert f'value="{theirs.unit.building_id}"' in form
    assert "东片区" in form
    assert f'value="{ours.unit.building_id}"' not in form
    assert "西片区" not in form
    forged = notice(
        audience="buildings", confirm="1", **{"values:buildings": [ours.unit.building_id]}
    )
    client.post(NEW, forged, HTTP_HOST=SECOND_HOST)
    assert not Broadcast.objects.exists()
    assert not Item.objects.exists()


def test_every_resident_group_counts_its_own_community_only(site, second, two_communities):
    ours, theirs = two_communities
    ours_representative = RepresentativeFactory(user=ours).user
    RepresentativeFactory(user=theirs)
    groups = audiences()
    assert list(groups["verified"].recipient_ids([], site.pk)) == [ours.pk]
    assert list(groups["verified"].recipient_ids([], second.pk)) == [theirs.pk]
    building = [str(theirs.unit.building_id)]
    assert list(groups["buildings"].recipient_ids(building, site.pk)) == []
    assert list(groups["blocks"].recipient_ids(["东片区"], site.pk)) == []
    representatives = groups["representatives"].recipient_ids([], site.pk)
    assert list(representatives) == [ours_representative.pk]
    assert groups["buildings"].options(second.pk) == [(building[0], str(theirs.unit.building))]
