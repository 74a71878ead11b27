"""The services admin of staff of one community (the desk, the duty log, one booking and its
actions, the service blocks, the booking list): that community's only; another's ids read as
missing. The superuser sees both; the district changes nothing. Lists of records that have no
community yet (matters, turns, duties, leave, months) are scoped once they have one."""

import pytest
from django.urls import reverse

from participation.residents.factories import VerifiedResidentFactory
from participation.services import stats
from participation.services.models import Booking, Matter, ServiceBlock, ServiceMonth
from tests.communities import make_community, unit_in
from tests.staff_communities import (
    community_staff,
    district_user,
    shows,
    shows_none,
    superuser,
)

pytestmark = pytest.mark.django_db

DESK = ["participation_services.handle_booking", "participation_services.view_booking"]
DESK += [f"participation_services.{action}_serviceblock" for action in ("add", "change", "view")]


@pytest.fixture
def bookings(site):
    second = make_community()
    made = {}
    for key, community, name in (("a", site, "甲"), ("b", second, "乙")):
        matter = Matter.objects.create(name=f"{name}证明开具", reply_days=3, community=community)
        module = ServiceBlock.objects.create(page=community.root_page, title=f"{name}错时服务")
        author = VerifiedResidentFactory(unit=unit_in(community, building=name))
        made[key] = Booking.objects.create(
            module=module,
            matter=matter,
            author=author,
            mode=Booking.Mode.DELEGATE,
            details=f"{name}的情况说明",
        )
    return made


def handle(booking):
    return reverse("participation_services_admin:handle", args=[booking.pk])


def test_the_desk_and_lists_show_the_staff_members_community_only(client, site, bookings):
    client.force_login(community_staff(site, permissions=DESK))
    mine = bookings["a"]
    assert shows(client, handle(mine), "甲的情况说明")
    bookings_list = reverse("participation_services_booking_modeladmin_index")
    assert shows(client, bookings_list, "甲证明开具")
    for url in (
        reverse("participation_services_admin:desk"),
        reverse("participation_services_admin:log") + f"?month={mine.created_at:%Y-%m}",
        reverse("participation_services_booking_modeladmin_index"),
        reverse("participation_services_serviceblock_modeladmin_index"),
    ):
        assert shows_none(client, url, "乙的情况说明", "乙错时服务", "乙证明开具"), url
    assert shows(
        client, reverse("participation_services_serviceblock_modeladmin_index"), "甲错时服务"
    )


def test_another_communitys_booking_cannot_be_opened_or_handled(client, site, bookings):
    client.force_login(community_staff(site, permissions=DESK))
    theirs = bookings["b"]
    assert client.get(handle(theirs)).status_code == 404
    assert client.post(handle(theirs), {"action": "accept"}).status_code == 404
    inspect = reverse("participation_services_booking_modeladmin_inspect", args=[theirs.pk])
    assert client.get(inspect).status_code == 404
    block = reverse("participation_services_serviceblock_modeladmin_edit", args=[theirs.module_id])
    assert client.get(block).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == Booking.Status.SUBMITTED
    assert client.post(handle(bookings["a"]), {"action": "accept"}).status_code == 302


def test_the_superuser_sees_both_communities(client, bookings):
    client.force_login(superuser())
    index = reverse("participation_services_booking_modeladmin_index")
    assert shows(client, index, "甲证明开具", "乙证明开具")


def test_the_district_reads_and_handles_nothing(client, bookings):
    client.force_login(district_user(permissions=DESK))
    blocks = reverse("participation_services_serviceblock_modeladmin_index")
    assert shows(client, blocks, "甲错时服务", "乙错时服务")
    for booking in bookings.values():
        assert client.post(handle(booking), {"action": "accept"}).status_code == 404
        booking.refresh_from_db()
        assert booking.status == Booking.Status.SUBMITTED


def test_the_checks_and_the_roster_are_of_the_community_the_admin_is_reached_through(
    client, site, bookings
):
    from tests.communities import SECOND_HOST

    checks = ["participation_services.view_checks", "participation_services.sign_off_month"]
    client.force_login(community_staff(site, permissions=[*DESK, *checks]))
    month = f"{bookings['a'].created_at:%Y-%m}"
    page = client.get(reverse("participation_services_admin:checks") + f"?month={month}")
    assert page.status_code == 200
    assert page.context["data"] == stats.checks(page.context["month"], community_ids=[site.pk])
    sign_off = reverse("participation_services_admin:sign_off") + f"?month={month}"
    build = reverse("participation_services_admin:build_roster") + f"?month={month}"
    refused = client.post(sign_off, {"note": "已检查"}, HTTP_HOST=SECOND_HOST)
    assert refused.url == "/admin/"  # Wagtail's answer to "permission denied"
    client.post(build, {"publish": "1"}, HTTP_HOST=SECOND_HOST)
    assert not ServiceMonth.objects.exists()
    client.post(sign_off, {"note": "已检查"})
    assert ServiceMonth.objects.get().community == site


def test_a_cadre_handles_the_bookings_assigned_to_them_and_no_other(client, bookings):
    from django.contrib.auth.models import Permission

    from participation.residents.factories import UserFactory

    cadre = UserFactory(username="cadre-on-duty", is_staff=True)
    cadre.user_permissions.add(Permission.objects.get(codename="access_admin"))
    Booking.objects.filter(pk=bookings["a"].pk).update(cadre=cadre)
    client.force_login(cadre)
    assert client.get(handle(bookings["a"])).status_code == 200
    assert client.get(handle(bookings["b"])).status_code == 404
