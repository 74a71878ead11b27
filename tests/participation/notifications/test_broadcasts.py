"""Notices (通知公告) in the admin: the permission, the audience, the preview's counts, bad
input that sends nothing, and what a sent notice records and delivers."""

from datetime import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Page

from participation.hearings.models import Registration
from participation.notifications import broadcasts
from participation.notifications.audiences import audiences
from participation.notifications.models import (
    Broadcast,
    Channel,
    Delivery,
    Item,
    Preference,
    SmsOptOut,
)
from participation.notifications.notices import KIND, sms_parts
from participation.notifications.sms import read_file_messages
from participation.residents.factories import (
    BuildingFactory,
    RepresentativeFactory,
    UnitFactory,
    UserFactory,
    VerifiedResidentFactory,
)
from participation.residents.models import default_community_id
from tests.participation.hearings.conftest import make_hearing

pytestmark = pytest.mark.django_db
NEW = reverse("participation_notifications_admin:broadcast_new")


@pytest.fixture(autouse=True)
def no_quiet_hours(settings):
    settings.SMS_QUIET_HOURS = (time(0), time(0))


@pytest.fixture
def sender(editor, grant):
    return grant(editor, "send_broadcast")


@pytest.fixture
def building_three(db):
    """Building 3: two residents with e-mail, one with only a phone, one who chose SMS for
    notices, one with only a phone who replied TD; building 4 has one resident."""
    three = BuildingFactory(number="3", block="西片区")
    residents = {
        "mail": [VerifiedResidentFactory(unit=UnitFactory(building=three)) for _ in range(2)],
        "phone": VerifiedResidentFactory(
            unit=UnitFactory(building=three), email="", phone="+8613800000001"
        ),
        "chose_sms": VerifiedResidentFactory(
            unit=UnitFactory(building=three), phone="+8613800000002"
        ),
        "opted_out": VerifiedResidentFactory(
            unit=UnitFactory(building=three), email="", phone="+8613800000003"
        ),
        "elsewhere": VerifiedResidentFactory(
            unit=UnitFactory(building=BuildingFactory(number="4"))
        ),
    }
    Preference.objects.create(user=residents["chose_sms"], kind=KIND, channel=Channel.SMS)
    SmsOptOut.objects.create(user=residents["opted_out"])
    return three, residents


def notice(building, **extra):
    return {
        "audience": "buildings",
        "values:buildings": [str(building.pk)],
        "title": "明日停水",
        "body": "3栋明天9点至12点停水检修，请提前储水。",
        "url": "/notices/water/",
        **extra,
    }


def nothing_stored():
    return not Broadcast.objects.exists() and not Item.objects.exists()


def test_an_editor_without_the_permission_is_refused_on_the_server(client, editor, building_three):
    client.force_login(editor)
    for response in (
        client.get(NEW),
        client.post(NEW, notice(building_three[0], confirm="1")),
        client.get(reverse("participation_notifications_admin:broadcasts")),
    ):
        assert response.status_code == 302
        assert response["Location"] == reverse("wagtailadmin_home")
    assert nothing_stored()


def test_the_preview_counts_recipients_per_channel_and_sms(client, sender, building_three):
    building, residents = building_three
    client.force_login(sender)
    response = client.post(NEW, notice(building, urgent="on"))
    assert response.status_code == 200
    plan = response.context["plan"]
    # Urgent: the phone-only resident gets an SMS; the one who replied TD only the inbox.
    assert plan.counts == {Channel.EMAIL: 2, Channel.SMS: 2, Channel.NONE: 1}
    assert len(plan.recipients) == 5
    text = broadcasts.sms_text("明日停水", notice(building)["body"], "/notices/water/")
    assert plan.sms_parts == sms_parts(text)
    assert plan.sms_messages == 2 * plan.sms_parts
    assert f"= {plan.sms_messages}" in response.text
    assert nothing_stored()
    back = client.post(NEW, notice(building, urgent="on", edit="1"))
    assert "plan" not in back.context
    assert back.context["form"]["title"].value() == "明日停水"
    assert nothing_stored()


def test_without_urgency_a_phone_only_resident_is_told_in_the_inbox(sender, building_three):
    building, _residents = building_three
    group = audiences()["buildings"]
    community = default_community_id()
    plan = broadcasts.plan(
        group.recipient_ids([str(building.pk)], community),
        community,
        title="t",
        body="b",
        url="",
        urgent=False,
    )
    assert plan.counts == {Channel.EMAIL: 2, Channel.SMS: 1, Channel.NONE: 2}


def test_confirming_sends_records_and_shows_the_status(
    client, sender, building_three, mailoutbox, sms_folder
):
    building, residents = building_three
    client.force_login(sender)
    response = client.post(NEW, notice(building, urgent="on", confirm="1"), follow=True)
    broadcast = Broadcast.objects.get()
    assert (broadcast.sent_by, broadcast.recipients, broadcast.urgent) == (sender, 5, True)
    assert broadcast.counts == {"email": 2, "sms": 2, "none": 1}
    assert broadcast.audience == {"code": "buildings", "values": [str(building.pk)]}
    assert str(building) in broadcast.audience_label
    items = Item.objects.filter(kind=KIND, object_id=broadcast.pk)
    assert items.count() == 5
    assert residents["elsewhere"].pk not in set(items.values_list("recipient_id", flat=True))
    # The immediate task backend of the tests delivered at once; the worker does it in production.
    assert sorted(mail.to[0] for mail in mailoutbox) == sorted(
        user.email for user in residents["mail"]
    )
    assert "请提前储水" in mailoutbox[0].body
    assert "List-Unsubscribe" in mailoutbox[0].extra_headers
    phones = sorted(message["phone"] for message in read_file_messages(sms_folder))
    assert phones == ["+8613800000001", "+8613800000002"]
    assert all("请提前储水" in message["text"] for message in read_file_messages(sms_folder))
    assert broadcasts.delivery_status(broadcast) == {"email": {"sent": 2}, "sms": {"sent": 2}}
    assert response.context["rows"][0][1][2] == 2  # e-mail, sent
    assert "通知公告已保存" in response.text


def test_an_empty_audience_sends_nothing_and_says_so(client, sender):
    empty = BuildingFactory(number="9")
    client.force_login(sender)
    for data in (notice(empty), notice(empty, confirm="1")):
        response = client.post(NEW, data)
        assert "所选对象中没有可以接收通知的居民" in response.text
    response = client.post(NEW, {**notice(empty), "values:buildings": []})
    assert "请至少选择一项" in response.text
    assert nothing_stored()


def test_an_sms_over_the_length_limit_is_refused(client, sender, building_three):
    client.force_login(sender)
    body = "停水" * 150
    response = client.post(NEW, notice(building_three[0], body=body, confirm="1"))
    assert "短信过长" in response.text
    assert nothing_stored()
    with pytest.raises(broadcasts.BroadcastRefused):
        broadcasts.check_sms_length("t", body)


@pytest.mark.parametrize(("length", "parts"), [(70, 1), (71, 2), (134, 2), (135, 3), (268, 4)])
def test_sms_parts_follow_the_providers_rule(length, parts):
    assert sms_parts("字" * length) == parts


def test_a_link_must_be_a_path_of_the_site(client, sender, building_three):
    client.force_login(sender)
    response = client.post(
        NEW, notice(building_three[0], url="https://evil.example/x", confirm="1")
    )
    assert "以“/”开头" in response.text
    assert nothing_stored()


def test_blocks_verified_residents_and_representatives(building_three):
    building, residents = building_three
    unverified = UserFactory()
    representative = RepresentativeFactory(
        user=VerifiedResidentFactory(unit=UnitFactory(building=BuildingFactory(number="77")))
    )
    groups = audiences()
    west = set(groups["blocks"].recipient_ids(["西片区"], default_community_id()))
    assert west == {user.pk for user in residents["mail"]} | {
        residents[key].pk for key in ("phone", "chose_sms", "opted_out")
    }
    everyone = set(groups["verified"].recipient_ids([], default_community_id()))
    assert unverified.pk not in everyone
    assert residents["elsewhere"].pk in everyone
    assert set(groups["representatives"].recipient_ids([], default_community_id())) == {
        representative.user_id
    }
    assert ("西片区", "西片区") in groups["blocks"].options(default_community_id())


def test_a_hearings_registrants_come_from_the_hearings_plugin(sender):
    hearing = make_hearing(Page.objects.get(depth=1).get_children().first().specific)
    kept, cancelled = VerifiedResidentFactory(), VerifiedResidentFactory()
    for position, (user, status) in enumerate(
        [(kept, Registration.Status.CONFIRMED), (cancelled, Registration.Status.CANCELLED)]
    ):
        Registration.objects.create(module=hearing, author=user, status=status, position=position)
    group = audiences()["participation_hearings.registrants"]
    assert (str(hearing.pk), hearing.title) in group.options(default_community_id())
    assert list(group.recipient_ids([str(hearing.pk)], default_community_id())) == [kept.pk]


def test_sending_stores_in_bulk_whatever_the_number_of_recipients(sender, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    group = audiences()["verified"]

    def queries_to_send(count):
        VerifiedResidentFactory.create_batch(count)
        with CaptureQueriesContext(connection) as queries:
            broadcasts.send(
                community_id=default_community_id(),
                audience=group,
                values=[],
                label="all",
                title="t",
                body="b",
                sent_by=sender,
            )
        return len(queries)

    assert queries_to_send(3) == queries_to_send(12)
    assert Delivery.objects.count() == 3 + 15


def test_a_plugin_adds_an_audience_without_changing_this_app(client, sender, home_page):
    """The test plugin ("raise your hand") offers those who raised a hand in chosen modules."""
    from participation.core.models import Module
    from tests.dummy_plugin.models import HandRaise

    module = Module.objects.create(page=home_page, kind="raise_hand", title="Who comes?")
    raised = UserFactory()
    HandRaise.objects.create(module=module, user=raised)
    UserFactory()  # raised no hand
    client.force_login(sender)
    data = {
        "audience": "tests_dummy.raised",
        "values:tests_dummy.raised": [str(module.pk)],
        "title": "会议改期",
        "body": "会议改到周五晚上。",
        "url": "",
    }
    preview = client.post(NEW, data)
    assert len(preview.context["plan"].recipients) == 1
    client.post(NEW, {**data, "confirm": "1"})
    assert list(Item.objects.values_list("recipient_id", flat=True)) == [raised.pk]
    assert "Raised a hand" in Broadcast.objects.get().audience_label


def test_the_admin_pages_render_for_a_sender(client, sender, building_three):
    client.force_login(sender)
    form = client.get(NEW)
    assert form.status_code == 200
    for label in ("全体已认证居民", "指定楼栋的居民", "指定片区的居民", "听证会报名人"):
        assert label in form.text
    client.post(NEW, notice(building_three[0], confirm="1"))
    broadcast = Broadcast.objects.get()
    listing = client.get(reverse("participation_notifications_admin:broadcasts"))
    assert broadcast.title in listing.text
    detail = client.get(reverse("participation_notifications_admin:broadcast", args=[broadcast.pk]))
    assert "投递状态" in detail.text
    assert str(building_three[0]) in detail.text
    menu = client.get(reverse("wagtailadmin_home"))
    assert reverse("participation_notifications_admin:broadcasts") in menu.text


def test_a_senders_erasure_keeps_the_notice_without_them(sender, building_three):
    from participation.notifications.personal_data import erase_personal_data, personal_data

    group = audiences()["buildings"]
    values = [str(building_three[0].pk)]
    broadcasts.send(
        community_id=default_community_id(),
        audience=group,
        values=values,
        label="3",
        title="t",
        body="b",
        sent_by=sender,
    )
    assert personal_data(sender).records["notices_sent"][0]["title"] == "t"
    erase_personal_data(sender)
    assert Broadcast.objects.get().sent_by is None
    assert Item.objects.count() == 5


def test_party_members_come_from_the_posts_plugin(sender):
    from participation.posts.models import PartyMember

    registered, working = VerifiedResidentFactory(), VerifiedResidentFactory()
    PartyMember.objects.create(name="甲", kind=PartyMember.Kind.REGISTERED, user=registered)
    PartyMember.objects.create(
        name="乙", kind=PartyMember.Kind.IN_SERVICE, workplace="区医院", user=working
    )
    PartyMember.objects.create(name="丙（无账号）", kind=PartyMember.Kind.REGISTERED)
    group = audiences()["participation_posts.members"]
    assert set(group.recipient_ids([], default_community_id())) == {registered.pk, working.pk}
    assert list(group.recipient_ids([PartyMember.Kind.IN_SERVICE], default_community_id())) == [
        working.pk
    ]
