"""The staggered-hours service never crosses communities: only residents of the community whose
tree holds the service's page book there, online or through the desk."""

from datetime import date

import pytest
from django.urls import reverse

from home.models import HomePage
from participation.core.embedding import embed_module
from participation.residents.factories import UserFactory, VerifiedResidentFactory
from participation.services import services, stats
from participation.services.models import (
    Booking,
    Duty,
    DutyPattern,
    Leave,
    Matter,
    ServiceBlock,
    ServiceMonth,
)
from participation.services.presentation import module_context, published_roster
from participation.services.roster import keep_roster_ahead
from tests.communities import SECOND_HOST, make_community, unit_in

from .conftest import make_duty, this_month

pytestmark = pytest.mark.django_db


@pytest.fixture
def second(db):
    return make_community()


@pytest.fixture
def outsider(second):
    """A verified resident of the second community."""
    return VerifiedResidentFactory(unit=unit_in(second, building="8"))


@pytest.mark.parametrize("host", ["localhost", SECOND_HOST])
def test_a_resident_of_another_community_cannot_book(client, module, outsider, matter, duty, host):
    client.force_login(outsider)
    data = {"matter": matter.pk, "mode": "visit", "duty": duty.pk, "details": "开居住证明"}
    url = reverse("participation_services:book", args=[module.pk])
    response = client.post(url, data, HTTP_HOST=host)
    assert not Booking.objects.exists()
    assert not outsider.has_perm("participation_services.book", module)
    if host == "localhost":
        assert "这项服务属于其他社区，只有该社区的居民可以预约。" in response.text


def test_the_desk_cannot_book_a_resident_of_another_community(
    module, outsider, matter, duty, cadre
):
    request = services.Request(
        matter=matter, mode="visit", duty_id=duty.pk, channel="phone", consent=True
    )
    with pytest.raises(services.BookingError, match="其他社区"):
        services.book(module, outsider, request, recorded_by=cadre)
    assert not Booking.objects.exists()
    ours = VerifiedResidentFactory()
    assert services.book(module, ours, request, recorded_by=cadre).author == ours


# -- the roster of each community ---------------------------------------------------------


@pytest.fixture
def their_cadre(db):
    return UserFactory(username="cadre-wang", display_name="王书记", is_staff=True)


@pytest.fixture
def theirs(second, their_cadre):
    """The second community's service: its page and module, a matter and a slot of its own."""
    page = second.root_page.add_child(instance=HomePage(title="错时服务", slug="services"))
    module = ServiceBlock.objects.create(page=page, title="第二社区错时服务")
    embed_module(module)
    matter = Matter.objects.create(
        community=second, name="老年证办理", can_delegate=True, reply_days=3
    )
    return module, matter, make_duty(their_cadre, community=second, hour=20)


def _book_page(client, module, user, host):
    client.force_login(user)
    return client.get(reverse("participation_services:book", args=[module.pk]), HTTP_HOST=host)


def test_a_communitys_module_offers_only_its_own_matters_and_slots(
    client, module, matter, duty, outsider, theirs, resident
):
    their_module, their_matter, their_duty = theirs
    page = _book_page(client, their_module, outsider, SECOND_HOST).text
    assert their_matter.name in page
    assert f'value="{their_duty.pk}"' in page
    assert matter.name not in page
    assert f'value="{duty.pk}"' not in page
    ours = _book_page(client, module, resident, "localhost").text
    assert matter.name in ours
    assert f'value="{duty.pk}"' in ours
    assert their_matter.name not in ours
    assert f'value="{their_duty.pk}"' not in ours
    context = module_context(None, their_module)
    assert context["matters"] == [their_matter]


def test_a_slot_or_matter_of_another_community_is_refused(client, matter, duty, outsider, theirs):
    their_module, their_matter, their_duty = theirs
    with pytest.raises(services.BookingError, match="不在当班轮流表内"):
        services.book(
            their_module,
            outsider,
            services.Request(matter=their_matter, mode="visit", duty_id=duty.pk),
        )
    with pytest.raises(services.BookingError, match="请选择服务目录中的事项"):
        services.book(
            their_module,
            outsider,
            services.Request(matter=matter, mode="visit", duty_id=their_duty.pk),
        )
    client.force_login(outsider)
    url = reverse("participation_services:book", args=[their_module.pk])
    data = {"matter": their_matter.pk, "mode": "visit", "duty": duty.pk, "details": "x"}
    response = client.post(url, data, HTTP_HOST=SECOND_HOST)
    assert "所选时段不在当班轮流表内" in response.text
    assert not Booking.objects.exists()
    booked = services.book(
        their_module,
        outsider,
        services.Request(matter=their_matter, mode="visit", duty_id=their_duty.pk),
    )
    assert booked.duty == their_duty


def test_each_community_publishes_its_own_roster_summary_and_cadre_calendar(
    client, module, delegable, duty, cadre, second, outsider, theirs, their_cadre, notifications
):
    their_module, their_matter, their_duty = theirs
    services.publish_roster(this_month())
    assert published_roster(this_month(), second.pk) is None  # the default community's only
    services.publish_roster(this_month(), second.pk)

    def roster(module, host):
        url = reverse("participation_services:roster", args=[module.pk])
        return client.get(f"{url}?month={this_month():%Y-%m}", HTTP_HOST=host)

    ours, their_sheet = roster(module, "localhost").text, roster(their_module, SECOND_HOST).text
    assert "刘主任" in ours
    assert "王书记" not in ours
    assert "王书记" in their_sheet
    assert "刘主任" not in their_sheet
    assert roster(module, SECOND_HOST).status_code == 404
    assert roster(their_module, "localhost").status_code == 404

    def feed(module, cadre, host):
        url = reverse("participation_services:cadre_calendar", args=[module.pk, cadre.pk])
        return client.get(url, HTTP_HOST=host)

    assert f"service-duty-{their_duty.pk}@" in feed(their_module, their_cadre, SECOND_HOST).text
    assert feed(their_module, cadre, SECOND_HOST).status_code == 404
    assert feed(module, their_cadre, "localhost").status_code == 404

    for _n in range(3):
        services.book(module, VerifiedResidentFactory(), services.Request(delegable, "delegate"))
    services.book(their_module, outsider, services.Request(their_matter, "delegate"))
    assert stats.public_summary(this_month(), delegable.community_id)["requests"] == 3
    summary = stats.public_summary(this_month(), their_matter.community_id)
    assert summary["requests"] == "<3"
    assert [row["matter"] for row in summary["rows"]] == ["老年证办理"]


def test_the_daily_job_builds_each_community_from_its_own_turns(site, second, cadre, their_cadre):
    first_turn = DutyPattern.objects.create(
        cadre=cadre, weekday=5, starts_at="08:30", ends_at="12:00", valid_from=date(2026, 1, 1)
    )
    their_turn = DutyPattern.objects.create(
        community=second,
        cadre=their_cadre,
        weekday=5,
        starts_at="08:30",
        ends_at="12:00",
        valid_from=date(2026, 1, 1),
    )
    Leave.objects.create(
        community=second, cadre=their_cadre, starts_on=date(2026, 12, 5), ends_on=date(2026, 12, 5)
    )
    made, published = keep_roster_ahead(today=date(2026, 12, 10))
    assert made == 2 * (4 + 5)  # each community's Saturdays of December and January
    for turn, community in ((first_turn, site), (their_turn, second)):
        assert set(turn.duties.values_list("community", flat=True)) == {community.pk}
    assert (
        not Duty.objects.filter(pattern=their_turn, cadre__isnull=True)
        .exclude(starts_at__date=date(2026, 12, 5))
        .exists()
    )
    assert Duty.objects.filter(pattern=first_turn, cadre__isnull=True).count() == 0
    assert Duty.objects.filter(pattern=their_turn, cadre__isnull=True).count() == 1
    assert sorted((month.community_id, month.month) for month in published) == sorted(
        [(site.pk, date(2026, 12, 1)), (second.pk, date(2026, 12, 1))]
    )
    assert ServiceMonth.objects.filter(month=date(2027, 1, 1)).count() == 2


ADD_MATTER = "wagtailsnippets_participation_services_matter:add"
MATTER = {"name": "证明开具", "reply_days": 3, "usual_minutes": 15, "sort_order": 0}


def test_on_one_community_a_new_matter_is_of_that_community_without_asking(client, site):
    client.force_login(UserFactory(username="editor", is_staff=True, is_superuser=True))
    url = reverse(ADD_MATTER)
    assert 'type="hidden" name="community"' in client.get(url).text
    assert client.post(url, MATTER).status_code == 302
    assert Matter.objects.get().community == site
    assert client.post(url, MATTER).status_code == 200  # the name is taken: a form error
    assert Matter.objects.count() == 1


def test_staff_of_several_communities_choose_one_and_names_repeat_across_them(client, site, second):
    client.force_login(UserFactory(username="editor", is_staff=True, is_superuser=True))
    url = reverse(ADD_MATTER)
    assert client.post(url, MATTER).status_code == 200  # which community: a choice to make
    assert client.post(url, {**MATTER, "community": site.pk}).status_code == 302
    assert client.post(url, {**MATTER, "community": second.pk}).status_code == 302
    assert set(Matter.objects.values_list("community", flat=True)) == {site.pk, second.pk}


def test_staff_of_one_community_make_matters_and_turns_of_theirs(client, site, second, cadre):
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import GroupPagePermission

    group = Group.objects.create(name="第二社区工作人员")
    group.permissions.add(
        *Permission.objects.filter(
            codename__in=["access_admin", "add_matter", "add_dutypattern", "view_dutypattern"]
        )
    )
    GroupPagePermission.objects.create(
        group=group,
        page=second.root_page,
        permission=Permission.objects.get(codename="change_page"),
    )
    staff = UserFactory(username="second-staff", is_staff=True)
    staff.groups.add(group)
    client.force_login(staff)
    url = reverse(ADD_MATTER)
    assert client.post(url, {**MATTER, "community": site.pk}).status_code == 200  # not theirs
    assert client.post(url, MATTER).status_code == 302
    assert Matter.objects.get().community == second
    turn = {"cadre": cadre.pk, "weekday": 5, "starts_at": "08:30", "ends_at": "12:00"}
    turn |= {"capacity": 4, "venue": "第二社区服务中心", "valid_from": "2026-01-01"}
    add_turn = reverse("participation_services_dutypattern_modeladmin_create")
    assert client.post(add_turn, turn).status_code == 302
    assert DutyPattern.objects.get().community == second
