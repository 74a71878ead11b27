"""Registration rules: who, when, how many, the waiting list, cancellation and its e-mails."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from pages.models import HearingNoticePage
from participation.hearings import services
from participation.hearings.models import Hearing, Registration
from participation.residents.factories import BuildingFactory, UnitFactory, VerifiedResidentFactory

from .conftest import make_hearing

pytestmark = pytest.mark.django_db
Status = Registration.Status


def register_url(hearing):
    return reverse("participation_hearings:register", args=[hearing.pk])


def post_register(client, user, hearing, data=None):
    client.force_login(user)
    return client.post(register_url(hearing), data or {}, follow=True)


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def test_resident_registers_with_one_click_and_sees_code_and_qr(
    client, hearing, resident, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post_register(client, resident, hearing)
    registration = Registration.objects.get(author=resident)
    assert registration.status == Status.CONFIRMED
    assert registration.position == 1
    assert len(registration.code) == 8
    assert f"报名码：<strong>{registration.code}</strong>" in response.text
    assert 'class="hearing-qr" src="data:image/svg+xml' in response.text
    [mail] = mailoutbox
    assert mail.to == [resident.email]
    assert registration.code in mail.body
    names = {name: (content, mimetype) for name, content, mimetype in mail.attachments}
    calendar, mimetype = names["hearing.ics"]
    assert mimetype.startswith("text/calendar")
    calendar = calendar.decode() if isinstance(calendar, bytes) else calendar
    assert "BEGIN:VEVENT" in calendar
    assert registration.code in calendar
    assert "LOCATION:社区居委会二楼会议室" in calendar
    assert names[f"{registration.code}.png"][0].startswith(b"\x89PNG")


def test_speaker_chooses_an_agenda_item(client, hearing, resident):
    post_register(
        client, resident, hearing, {"wants_to_speak": "on", "agenda_item": "二、居民发言"}
    )
    registration = Registration.objects.get(author=resident)
    assert registration.wants_to_speak
    assert registration.agenda_item == "二、居民发言"


def test_unknown_agenda_item_is_refused(client, hearing, resident):
    response = post_register(
        client, resident, hearing, {"wants_to_speak": "on", "agenda_item": "X"}
    )
    assert "请选择本次会议议程中的一项。" in messages_of(response)
    assert not Registration.objects.exists()


def test_full_hearing_puts_residents_on_the_waiting_list_in_order(client, hearing):
    people = VerifiedResidentFactory.create_batch(4)
    for person in people:
        services.register(person, hearing)
    statuses = list(Registration.objects.order_by("position").values_list("author", "status"))
    assert statuses == [
        (people[0].pk, Status.CONFIRMED),
        (people[1].pk, Status.CONFIRMED),
        (people[2].pk, Status.WAITING),
        (people[3].pk, Status.WAITING),
    ]
    client.force_login(people[3])
    assert "您在候补名单第 2 位" in client.get(hearing.page.url).text


def test_without_waiting_list_a_full_hearing_refuses(client, notice_page, resident):
    hearing = make_hearing(notice_page, capacity=1, waiting_list=False)
    services.register(VerifiedResidentFactory(), hearing)
    response = post_register(client, resident, hearing)
    assert "座位已满，本次会议不设候补名单。" in messages_of(response)
    assert not Registration.objects.filter(author=resident).exists()


def test_registration_before_opening_is_refused(client, notice_page, resident):
    hearing = make_hearing(notice_page, opens_at=timezone.now() + timedelta(hours=1))
    response = post_register(client, resident, hearing)
    assert "报名尚未开始。" in messages_of(response)
    assert not Registration.objects.exists()


def test_registration_after_closing_is_refused(client, notice_page, resident):
    now = timezone.now()
    hearing = make_hearing(
        notice_page, opens_at=now - timedelta(days=2), closes_at=now - timedelta(minutes=1)
    )
    response = post_register(client, resident, hearing)
    assert "报名已经截止。" in messages_of(response)
    assert not Registration.objects.exists()


def test_registration_closes_at_the_page_deadline_when_the_block_sets_none(notice_page):
    hearing = make_hearing(notice_page)
    hearing.page = HearingNoticePage(
        starts_at=hearing.starts_at,
        ends_at=hearing.ends_at,
        venue=hearing.venue,
        registration_deadline=timezone.now() - timedelta(hours=1),
    )
    assert not hearing.registration_is_open()


def test_unverified_account_is_refused(client, hearing, unverified):
    response = post_register(client, unverified, hearing)
    assert "只有已认证的居民可以报名。请先完成居民认证。" in messages_of(response)
    assert not Registration.objects.exists()


def test_representatives_only(client, notice_page, resident, representative):
    hearing = make_hearing(notice_page, eligibility=Hearing.Eligibility.REPRESENTATIVES)
    response = post_register(client, resident, hearing)
    assert any("您不在本次会议的报名范围内" in text for text in messages_of(response))
    post_register(client, representative, hearing)
    assert list(Registration.objects.values_list("author", flat=True)) == [representative.pk]


def test_former_representative_is_not_a_current_one(client, notice_page):
    from participation.residents.factories import RepresentativeFactory

    today = timezone.localdate()
    former = RepresentativeFactory(
        starts_on=today.replace(year=today.year - 4), ends_on=today - timedelta(days=1)
    ).user
    hearing = make_hearing(notice_page, eligibility=Hearing.Eligibility.REPRESENTATIVES)
    post_register(client, former, hearing)
    assert not Registration.objects.exists()


def test_residents_of_chosen_buildings(client, notice_page):
    chosen, other = BuildingFactory(number="3"), BuildingFactory(number="9")
    inside = VerifiedResidentFactory(unit=UnitFactory(building=chosen))
    outside = VerifiedResidentFactory(unit=UnitFactory(building=other))
    hearing = make_hearing(notice_page, eligibility=Hearing.Eligibility.BUILDINGS)
    hearing.buildings.add(chosen)
    response = post_register(client, outside, hearing)
    assert any("您不在本次会议的报名范围内" in text for text in messages_of(response))
    post_register(client, inside, hearing)
    assert list(Registration.objects.values_list("author", flat=True)) == [inside.pk]


def test_registering_twice_is_refused(client, hearing, resident):
    post_register(client, resident, hearing)
    response = post_register(client, resident, hearing)
    assert "您已经报名了这次会议。" in messages_of(response)
    assert Registration.objects.filter(author=resident).count() == 1


def test_the_database_refuses_a_second_active_registration(hearing, resident):
    from django.db import IntegrityError, transaction

    services.register(resident, hearing)
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(
            module=hearing, author=resident, status=Status.WAITING, position=99
        )


def test_cancelling_promotes_the_first_waiting_and_tells_them(
    client, hearing, django_capture_on_commit_callbacks, mailoutbox
):
    first, second, third, fourth = VerifiedResidentFactory.create_batch(4)
    for person in (first, second, third, fourth):
        services.register(person, hearing)
    client.force_login(first)
    registration = Registration.objects.get(author=first)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("participation_hearings:cancel", args=[registration.pk]))
    assert response.status_code == 302
    assert dict(Registration.objects.values_list("author", "status")) == {
        first.pk: Status.CANCELLED,
        second.pk: Status.CONFIRMED,
        third.pk: Status.CONFIRMED,
        fourth.pk: Status.WAITING,
    }
    [mail] = mailoutbox
    assert mail.to == [third.email]
    assert "候补成功" in mail.subject
    assert Registration.objects.get(author=third).code in mail.body
    assert any(name == "hearing.ics" for name, _c, _m in mail.attachments)


def test_a_cancelled_registration_cannot_be_cancelled_again(client, hearing, resident):
    registration = services.register(resident, hearing)
    services.cancel(resident, registration.pk)
    client.force_login(resident)
    url = reverse("participation_hearings:cancel", args=[registration.pk])
    response = client.post(url, follow=True)
    assert "这条报名已经取消过了。" in messages_of(response)
    registration.refresh_from_db()
    assert registration.status == Status.CANCELLED


def test_nobody_cancels_someone_elses_registration(client, hearing, resident):
    registration = services.register(resident, hearing)
    client.force_login(VerifiedResidentFactory())
    url = reverse("participation_hearings:cancel", args=[registration.pk])
    assert client.post(url).status_code == 404
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED


def test_after_cancelling_a_resident_may_register_again_at_the_end(hearing, resident):
    registration = services.register(resident, hearing)
    services.cancel(resident, registration.pk)
    services.register(VerifiedResidentFactory(), hearing)
    again = services.register(resident, hearing)
    assert again.position == 3
    assert again.status == Status.CONFIRMED


def test_waiting_list_mail_tells_the_place(
    notice_page, resident, django_capture_on_commit_callbacks, mailoutbox
):
    hearing = make_hearing(notice_page, capacity=1)
    services.register(VerifiedResidentFactory(), hearing)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.register(resident, hearing)
    [mail] = mailoutbox
    assert "候补" in mail.subject
    assert mail.attachments == []


def test_ticket_and_calendar_are_for_the_owner_only(client, hearing, resident):
    registration = services.register(resident, hearing)
    client.force_login(VerifiedResidentFactory())
    assert (
        client.get(reverse("participation_hearings:ticket", args=[registration.pk])).status_code
        == 404
    )
    assert (
        client.get(reverse("participation_hearings:calendar", args=[registration.pk])).status_code
        == 404
    )
    client.force_login(resident)
    ticket = client.get(reverse("participation_hearings:ticket", args=[registration.pk]))
    assert registration.code in ticket.text
    calendar = client.get(reverse("participation_hearings:calendar", args=[registration.pk]))
    assert calendar["Content-Type"].startswith("text/calendar")
    assert b"SUMMARY:" in calendar.content


def test_anonymous_visitors_see_the_block_without_personal_parts(client, hearing, resident):
    services.register(resident, hearing)
    response = client.get(hearing.page.url)
    assert "共 2 个，剩余 1 个" in response.text
    assert "登录后报名参会或提交书面意见" in response.text
    assert "csrfmiddlewaretoken" not in response.text
    assert "报名码" not in response.text


def test_page_reads_meeting_details_from_the_notice_page_through_the_contract(notice_page):
    hearing = make_hearing(
        notice_page, starts_at=None, ends_at=None, venue="", opinion_deadline=None
    )
    starts = timezone.now() + timedelta(days=5)
    hearing.page = HearingNoticePage(
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        venue="柳背桥社区活动室",
        opinion_deadline=starts - timedelta(days=1),
    )
    assert hearing.meeting_starts_at == starts
    assert hearing.meeting_venue == "柳背桥社区活动室"
    assert hearing.opinions_close_at == starts - timedelta(days=1)
    assert hearing.registration_closes_at == starts


def test_the_register_rule_agrees_with_the_service(notice_page, resident, unverified):
    open_hearing = make_hearing(notice_page)
    closed = make_hearing(notice_page, closes_at=timezone.now() - timedelta(minutes=1))
    closed.opens_at = timezone.now() - timedelta(days=2)
    closed.save()
    reps_only = make_hearing(notice_page, eligibility=Hearing.Eligibility.REPRESENTATIVES)
    assert resident.has_perm("participation_hearings.register", open_hearing)
    for user, hearing in [(unverified, open_hearing), (resident, closed), (resident, reps_only)]:
        assert not user.has_perm("participation_hearings.register", hearing)
        with pytest.raises(services.HearingError):
            services.check_can_register(user, hearing)
