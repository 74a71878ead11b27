"""The delivery log of staff of one community: its residents' deliveries only, and a retry
of another community's delivery does nothing; the district retries nothing. Notices
(broadcasts) are scoped by their community once they have one."""

import pytest
from django.urls import reverse

from participation.notifications.models import Channel, Delivery, Item
from participation.notifications.notices import KIND
from participation.residents.factories import VerifiedResidentFactory
from tests.communities import make_community, unit_in
from tests.staff_communities import community_staff, district_user, shows, shows_none

pytestmark = pytest.mark.django_db

RIGHTS = ["participation_notifications.view_delivery", "participation_notifications.retry_delivery"]
LOG = "participation_notifications_admin:deliveries"


@pytest.fixture
def deliveries(site):
    second = make_community()
    made = {}
    for key, community, name in (("a", site, "甲"), ("b", second, "乙")):
        recipient = VerifiedResidentFactory(unit=unit_in(community, building=name))
        item = Item.objects.create(
            recipient=recipient, kind="broadcast", title=f"{name}停水通知", url="/"
        )
        made[key] = Delivery.objects.create(
            item=item, channel=Channel.EMAIL, status=Delivery.Status.FAILED
        )
    return made


def retry(client, delivery):
    return client.post(
        reverse("participation_notifications_admin:retry"), {"delivery": [delivery.pk]}
    )


def test_the_log_shows_and_retries_the_staff_members_community_only(client, site, deliveries):
    client.force_login(community_staff(site, permissions=RIGHTS))
    assert shows(client, reverse(LOG), "甲停水通知")
    assert shows_none(client, reverse(LOG), "乙停水通知")
    retry(client, deliveries["b"])
    retry(client, deliveries["a"])
    for delivery in deliveries.values():
        delivery.refresh_from_db()
    assert deliveries["a"].status != Delivery.Status.FAILED  # queued again (and sent)
    assert deliveries["b"].status == Delivery.Status.FAILED


def test_the_district_reads_every_log_and_retries_nothing(client, deliveries):
    client.force_login(district_user(permissions=RIGHTS))
    assert shows(client, reverse(LOG), "甲停水通知", "乙停水通知")
    for delivery in deliveries.values():
        retry(client, delivery)
        delivery.refresh_from_db()
        assert delivery.status == Delivery.Status.FAILED


def test_a_notice_of_one_communitys_staff_reaches_no_other_community(client, site, deliveries):
    sender = community_staff(site, permissions=["participation_notifications.send_broadcast"])
    client.force_login(sender)
    data = {
        "audience": "verified",
        "title": "明日停水",
        "body": "明天9点至12点停水检修。",
        "url": "",
        "confirm": "1",
    }
    client.post(reverse("participation_notifications_admin:broadcast_new"), data)
    told = set(Item.objects.filter(kind=KIND).values_list("recipient", flat=True))
    assert told == {deliveries["a"].item.recipient_id}
