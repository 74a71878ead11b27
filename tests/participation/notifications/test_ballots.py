"""Ballots tell their electorate: opening and closing-soon from the scheduled job (each once per
ballot), the certified result from the certify action. Nothing says how, or whether, anyone
else voted."""

from datetime import time, timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageViewRestriction

from participation.ballots import casting
from participation.ballots.models import Ballot
from participation.notifications.models import Channel, Delivery, Follow, Item, Preference
from participation.notifications.sms import read_file_messages
from participation.residents.factories import (
    RepresentativeFactory,
    UserFactory,
    VerifiedResidentFactory,
)
from tests.participation.ballots.conftest import (  # noqa: F401 -- fixtures
    close,
    make_ballot,
    reviewer,
    topic_page,
)

pytestmark = pytest.mark.django_db
OPENED = "participation_ballots.ballot_opened"
CLOSING = "participation_ballots.ballot_closing"
CERTIFIED = "participation_ballots.ballot_certified"


@pytest.fixture(autouse=True)
def no_quiet_hours(settings):
    """These tests are about who gets what, at any hour they run (quiet hours: test_delivery)."""
    settings.SMS_QUIET_HOURS = (time(0), time(0))


@pytest.fixture
def electorate(db):
    return VerifiedResidentFactory.create_batch(3)


def run_job():
    call_command("ballots_maintain", stdout=open("/dev/null", "w"))  # noqa: SIM115 -- discarded


def inbox(kind):
    return set(Item.objects.filter(kind=kind).values_list("recipient_id", flat=True))


def closing_soon(make_ballot):  # noqa: F811 -- the fixture imported above
    """A ballot opened three days ago that closes in twelve hours."""
    now = timezone.now()
    return make_ballot(opens_at=now - timedelta(days=3), closes_at=now + timedelta(hours=12))


def test_the_job_announces_an_opened_ballot_to_its_electorate_once(
    make_ballot,  # noqa: F811
    electorate,
    mailoutbox,
):
    outsider = UserFactory()  # not verified: not on the roll
    ballot = make_ballot(title="加装电梯表决")
    run_job()
    assert inbox(OPENED) == {user.pk for user in electorate}
    assert outsider.pk not in inbox(OPENED)
    assert sorted(message.to[0] for message in mailoutbox) == sorted(u.email for u in electorate)
    assert all("加装电梯表决" in message.subject for message in mailoutbox)
    assert all(ballot.page.url in message.body for message in mailoutbox)
    ballot.refresh_from_db()
    assert ballot.opening_announced_at is not None

    run_job()
    assert Item.objects.filter(kind=OPENED).count() == len(electorate)
    assert len(mailoutbox) == len(electorate)


def test_a_scheduled_ballot_is_announced_when_its_window_opens(
    make_ballot,  # noqa: F811
    electorate,
):
    ballot = make_ballot(opens_at=timezone.now() + timedelta(hours=1))
    run_job()
    assert not Item.objects.exists()
    Ballot.objects.filter(pk=ballot.pk).update(opens_at=timezone.now() - timedelta(seconds=1))
    run_job()
    assert inbox(OPENED) == {user.pk for user in electorate}


def test_a_representatives_ballot_is_announced_to_representatives_only(
    make_ballot,  # noqa: F811
    electorate,
):
    representatives = [RepresentativeFactory().user for _n in range(2)]
    make_ballot(electorate=Ballot.Electorate.REPRESENTATIVES)
    run_job()
    assert inbox(OPENED) == {user.pk for user in representatives}


def test_a_ballot_on_a_page_restricted_to_a_group_is_announced_to_its_members_only(
    make_ballot,  # noqa: F811
    electorate,
):
    ballot = make_ballot()
    members = Group.objects.create(name="业委会")
    electorate[0].groups.add(members)
    restriction = PageViewRestriction.objects.create(
        page=ballot.page, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(members)
    run_job()
    assert inbox(OPENED) == {electorate[0].pk}


def test_opening_reaches_a_phone_only_voter_by_sms_only_if_they_chose_it(
    make_ballot,  # noqa: F811
    sms_folder,
):
    """Opening is not must-know: by default a phone-only voter sees it in the inbox alone."""
    default, chose_sms = (
        VerifiedResidentFactory(email="", phone=f"+861390013900{n}") for n in (1, 2)
    )
    Preference.objects.create(user=chose_sms, kind=OPENED, channel=Channel.SMS)
    make_ballot(title="停车位表决")
    run_job()
    assert inbox(OPENED) == {default.pk, chose_sms.pk}
    [sms] = read_file_messages(sms_folder)
    assert sms["phone"] == "+8613900139002"
    assert "停车位表决" in sms["params"]["title"]
    assert Delivery.objects.get().status == Delivery.Status.SENT


def test_closing_soon_reminds_only_those_who_have_not_voted_once(
    make_ballot,  # noqa: F811
    electorate,
    mailoutbox,
):
    ballot = closing_soon(make_ballot)
    voted, *waiting = electorate
    casting.cast_vote(ballot, voted, {"vote": "for"})
    run_job()
    assert inbox(CLOSING) == {user.pk for user in waiting}
    reminders = [message.to[0] for message in mailoutbox if "截止" in message.subject]
    assert sorted(reminders) == sorted(user.email for user in waiting)

    casting.cast_vote(ballot, waiting[0], {"vote": "against"})
    run_job()
    assert Item.objects.filter(kind=CLOSING).count() == len(waiting)


def test_closing_soon_waits_until_a_day_before_closing(make_ballot, electorate):  # noqa: F811
    now = timezone.now()
    ballot = make_ballot(opens_at=now - timedelta(days=2), closes_at=now + timedelta(days=3))
    run_job()
    assert inbox(CLOSING) == set()
    Ballot.objects.filter(pk=ballot.pk).update(closes_at=timezone.now() + timedelta(hours=23))
    run_job()
    assert inbox(CLOSING) == {user.pk for user in electorate}


def test_a_ballot_open_for_a_day_or_less_gets_no_closing_reminder(
    make_ballot,  # noqa: F811
    electorate,
):
    now = timezone.now()
    make_ballot(opens_at=now - timedelta(hours=1), closes_at=now + timedelta(hours=20))
    run_job()
    assert inbox(OPENED) == {user.pk for user in electorate}
    assert inbox(CLOSING) == set()


def test_certifying_tells_the_electorate_and_the_followers(
    client,
    make_ballot,  # noqa: F811
    electorate,
    reviewer,  # noqa: F811
    mailoutbox,
):
    ballot = make_ballot(title="绿化改造表决")
    casting.cast_vote(ballot, electorate[0], {"vote": "for"})
    page_follower, ballot_follower, bystander = UserFactory.create_batch(3)
    Follow.objects.create(user=page_follower, page=ballot.page)
    Follow.objects.create(user=ballot_follower, module=ballot.module_ptr)
    close(ballot)
    mailoutbox.clear()
    client.force_login(reviewer)
    client.post(reverse("participation_ballots_admin:certify", args=[ballot.pk]))
    ballot.refresh_from_db()
    assert ballot.certified_at is not None
    told = {user.pk for user in [*electorate, page_follower, ballot_follower]}
    assert inbox(CERTIFIED) == told
    assert bystander.pk not in inbox(CERTIFIED)
    assert len(mailoutbox) == len(told)
    assert all("绿化改造表决" in message.subject for message in mailoutbox)


def test_a_certification_that_fails_tells_nobody(make_ballot, electorate, reviewer):  # noqa: F811
    from participation.ballots import refusals, results

    ballot = close(make_ballot())
    results.certify(ballot, reviewer)
    with pytest.raises(refusals.VoteRefused):
        results.certify(ballot, reviewer)
    assert Item.objects.filter(kind=CERTIFIED).count() == len(electorate)


def test_no_ballot_notification_reveals_who_voted_or_how(
    client,
    make_ballot,  # noqa: F811
    reviewer,  # noqa: F811
    mailoutbox,
    sms_folder,
):
    """Every member of the electorate gets the same words; none names another resident, a
    choice or a receipt, and a voter's own message does not differ from a non-voter's."""
    electorate = [
        VerifiedResidentFactory(display_name=f"居民{name}", username=f"voter-{name}")
        for name in ("甲", "乙", "丙", "丁")
    ]
    phone_only = VerifiedResidentFactory(email="", phone="+8613700137000", display_name="居民戊")
    for kind in (OPENED, CLOSING, CERTIFIED):
        Preference.objects.create(user=phone_only, kind=kind, channel=Channel.SMS)
    electorate.append(phone_only)
    now = timezone.now()
    ballot = make_ballot(
        options=["修建车棚", "增设花坛"],
        ballot_type=Ballot.Type.CHOICE,
        opens_at=now - timedelta(days=3),
        closes_at=now + timedelta(hours=12),
    )
    options = list(ballot.options.values_list("pk", flat=True))
    receipts = [
        casting.cast_vote(ballot, electorate[0], {"options": [str(options[0])]}),
        casting.cast_vote(ballot, electorate[1], {"options": [str(options[1])]}),
    ]
    run_job()
    close(ballot)
    client.force_login(reviewer)
    client.post(reverse("participation_ballots_admin:certify", args=[ballot.pk]))

    items = list(Item.objects.filter(kind__startswith="participation_ballots."))
    assert {item.kind for item in items} == {OPENED, CLOSING, CERTIFIED}
    for kind in (OPENED, CLOSING, CERTIFIED):
        words = {(item.title, item.url) for item in items if item.kind == kind}
        assert len(words) == 1, f"{kind}: every recipient gets the same title and link"
    messages = [(m.to[0], f"{m.subject}\n{m.body}\n{m.extra_headers}") for m in mailoutbox]
    messages += [(sms["phone"], str(sms)) for sms in read_file_messages(sms_folder)]
    assert {to for to, _text in messages} == {u.email for u in electorate[:-1]} | {"+8613700137000"}
    secrets = ["修建车棚", "增设花坛", *receipts]
    for user in electorate:
        secrets += [user.display_name, user.username]
    texts = [item.title + item.url for item in items] + [text for _to, text in messages]
    for text in texts:
        assert not [secret for secret in secrets if secret in text], text
    for to, text in messages:
        others = [u for u in electorate if to not in (u.email, str(u.phone))]
        assert not [u.email for u in others if u.email and u.email in text]
        assert not [str(u.phone) for u in others if u.phone and str(u.phone) in text]
