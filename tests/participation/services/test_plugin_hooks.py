"""The service on the plugin contract: registered, rendered in its page, 我的参与, the data
download and account deletion, the per-site switch, the evening-before reminder."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.menu import admin_menu

from participation.core.personal_data import delete_account
from participation.services import reminders, services
from participation.services.models import Booking, ServiceMonth
from plugins.models import PluginSettings
from plugins.registry import get_plugin, participation_plugins
from tests.plugins.test_plugin_contract import download

from .conftest import make_duty, this_month

pytestmark = pytest.mark.django_db


@pytest.fixture
def booking(module, resident, matter, duty):
    return services.book(
        module,
        resident,
        services.Request(matter=matter, mode="visit", duty_id=duty.pk, details="开证明"),
    )


def test_the_plugin_is_registered_with_its_kinds_and_menus():
    plugin = get_plugin("participation_services")
    assert plugin in participation_plugins()
    assert plugin.kind == "services"
    kinds = {kind.code: kind.must_know for kind in plugin.notification_kinds}
    assert kinds == {
        "accepted": True,
        "replied": False,
        "declined": True,
        "message": False,
        "reminder": True,
    }
    registered = {item.name for item in admin_menu.registered_menu_items}
    assert set(plugin.admin_menu_names) <= registered


def test_the_module_shows_the_published_roster_and_the_catalogue(client, module, matter, cadre):
    make_duty(cadre, days=0, hour=23)  # today: always in this month's roster
    html = client.get(module.page.url).text
    assert "刘主任" not in html
    services.publish_roster(this_month())
    html = client.get(module.page.url).text
    assert "证明开具" in html
    assert "身份证" in html
    assert "刘主任" in html
    assert reverse("participation_services:book", args=[module.pk]) in html


def test_an_unpublished_roster_is_not_shown(client, module, cadre):
    make_duty(cadre, days=0, hour=23)
    html = client.get(module.page.url).text
    assert "本月轮流表尚未公布" in html
    assert "刘主任" not in html


def test_the_printable_roster(client, module, duty):
    first = timezone.localdate(duty.starts_at).replace(day=1)
    url = reverse("participation_services:roster", args=[module.pk]) + f"?month={first:%Y-%m}"
    assert "尚未公布" in client.get(url).text
    services.publish_roster(first)
    html = client.get(url).text
    assert "刘主任" in html
    assert "@page { size: A4" in html


def test_bookings_appear_in_my_participation(client, booking, resident):
    client.force_login(resident)
    html = client.get(reverse("my_participation")).text
    assert "错时服务" in html
    assert "证明开具" in html
    assert reverse("participation_services:booking", args=[booking.pk]) in html


def test_switched_off_the_plugin_renders_nothing_and_its_urls_404(
    client, site, module, booking, resident
):
    settings = PluginSettings.for_site(site)
    settings.disabled_plugins = ["participation_services"]
    settings.save()
    client.force_login(resident)
    assert (
        reverse("participation_services:book", args=[module.pk])
        not in client.get(module.page.url).text
    )
    assert (
        client.get(reverse("participation_services:booking", args=[booking.pk])).status_code == 404
    )
    assert (
        client.post(reverse("participation_services:cancel", args=[booking.pk])).status_code == 404
    )
    assert Booking.objects.get().status == "submitted"
    assert "证明开具" not in client.get(reverse("my_participation")).text


def test_bookings_are_in_the_data_download(client, booking, resident):
    client.force_login(resident)
    data, _archive = download(client)
    [record] = data["participation_services"]["bookings"]
    assert (record["id"], record["matter"], record["details"]) == (booking.pk, "证明开具", "开证明")


def test_deleting_the_account_keeps_the_log_entry_without_the_person(
    booking, resident, cadre, notifications
):
    services.accept(booking.pk, cadre)
    replied = services.reply(booking.pk, cadre, "已办理")
    delete_account(resident)
    entry = Booking.objects.get(pk=replied.pk)
    assert (entry.author, entry.details, entry.visitor_name) == (None, "", "")
    assert entry.matter.name == "证明开具"
    assert entry.replied_at == replied.replied_at


def test_deleting_the_account_cancels_open_bookings(booking, resident):
    delete_account(resident)
    entry = Booking.objects.get(pk=booking.pk)
    assert (entry.author, entry.status) == (None, "cancelled")


def test_a_cadre_leaving_flags_their_bookings_for_reassignment(booking, cadre):
    delete_account(cadre)
    entry = Booking.objects.get(pk=booking.pk)
    assert entry.needs_reassignment
    assert entry.is_active


def test_reminder_the_evening_before_once(module, resident, matter, cadre, notifications):
    tomorrow = make_duty(cadre, days=1)
    later = make_duty(cadre, days=3)
    for duty in (tomorrow, later):
        services.book(
            module, resident, services.Request(matter=matter, mode="visit", duty_id=duty.pk)
        )
    assert reminders.send_reminders() == 1
    assert reminders.send_reminders() == 0
    assert notifications == [("participation_services.reminder", [resident.pk])]


def test_reminders_skip_cancelled_bookings(module, resident, matter, cadre, notifications):
    duty = make_duty(cadre, days=1)
    booking = services.book(
        module, resident, services.Request(matter=matter, mode="visit", duty_id=duty.pk)
    )
    services.cancel(resident, booking.pk)
    assert reminders.send_reminders() == 0


def test_the_reminder_job_is_scheduled_in_the_evening():
    jobs = {job.command: job for job in get_plugin("participation_services").scheduled_jobs}
    assert jobs["send_service_reminders"].at.hour >= 17


def test_building_the_month_from_weekly_turns_with_leave(cadre):
    from participation.services.models import DutyPattern, Leave

    first = this_month()
    monday = DutyPattern.objects.create(
        cadre=cadre, weekday=0, starts_at="19:00", ends_at="21:00", valid_from=first
    )
    days = [
        first + timedelta(days=n)
        for n in range(31)
        if (first + timedelta(days=n)).month == first.month
    ]
    mondays = [day for day in days if day.weekday() == 0]
    Leave.objects.create(cadre=cadre, starts_on=mondays[0], ends_on=mondays[0])
    made = services.build_month(first)
    assert len(made) == len(mondays)
    assert services.build_month(first) == []  # idempotent
    on_leave = [duty for duty in made if timezone.localdate(duty.starts_at) == mondays[0]]
    assert on_leave[0].cadre is None
    assert all(duty.cadre == cadre for duty in made if duty not in on_leave)
    assert all(duty.pattern == monday for duty in made)
    assert ServiceMonth.objects.filter(month=first).exists()


def test_bookings_purge_no_page_but_the_roster_purges_the_blocks(module, booking):
    plugin = get_plugin("participation_services")
    assert plugin.module_of(booking) is None
    assert plugin.module_of(services.publish_roster(this_month())).page_id == module.page_id
