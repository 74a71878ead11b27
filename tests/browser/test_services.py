"""The staggered-hours service end to end in Chromium: a resident books an evening slot on the
duty-roster page, the cadre on duty accepts and replies on the desk, the resident rates it.

Selectors are field names, values and URLs, never wording.
"""

import re

from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, sign_in, sign_in_with_code, site_path


def click_and_wait(locator):
    with locator.page.expect_navigation():
        locator.click()


def new_cadre_on(duty, unique):
    """A staff member of this test, swapped onto ``duty`` (the demo's cadres stay as they are)."""
    from django.contrib.auth.models import Permission

    from participation.residents.factories import UserFactory
    from participation.services import services

    cadre = UserFactory(username=f"cadre-{unique}", display_name=f"干部{unique[:4]}", is_staff=True)
    cadre.user_permissions.add(Permission.objects.get(codename="access_admin"))
    services.swap(duty.pk, cadre)
    return cadre


def test_a_resident_books_the_cadre_replies_and_the_resident_rates(
    context, browser, live_url, resident, unique
):
    from wagtail.models import Page

    from participation.services.demo import ROSTER_PATH
    from participation.services.models import Booking
    from tests.second_factor import enrol

    sign_in(context, resident)
    page = context.new_page()
    page.goto(site_path(Page.objects.get(url_path=ROSTER_PATH)))
    click_and_wait(page.locator("a[href*='/participate/participation_services/'][href$='/book/']"))
    page.locator("select[name=matter]").select_option(label="证明开具")
    page.locator("input[name=mode][value=visit]").check()
    evening = page.locator("input[name=duty]:not([disabled])").first
    evening.check()
    duty_id = int(evening.get_attribute("value"))
    page.locator("textarea[name=details]").fill("开具居住证明")
    click_and_wait(page.locator("form[action$='/book/'] button[type=submit]"))
    expect(page).to_have_url(re.compile(r"/participate/participation_services/bookings/\d+/$"))
    booking = Booking.objects.get(author=resident)
    assert (booking.duty_id, booking.status) == (duty_id, "submitted")

    cadre = new_cadre_on(booking.duty, unique)
    state = sign_in_with_code(browser, live_url, cadre, enrol(cadre))
    desk_context = browser.new_context(base_url=live_url, viewport=DESKTOP, storage_state=state)
    desk = desk_context.new_page()
    desk.goto(f"/admin/services/bookings/{booking.pk}/")
    click_and_wait(desk.locator("button[name=action][value=accept]"))
    desk.locator("textarea[name=reply]").first.fill("证明已开好，当班时间来取。")
    click_and_wait(desk.locator("button[name=action][value=reply]"))
    click_and_wait(desk.locator("button[name=action][value=done]"))
    desk_context.close()
    booking.refresh_from_db()
    assert (booking.status, booking.cadre) == ("done", cadre)

    page.reload()
    expect(page.locator("main")).to_contain_text("证明已开好，当班时间来取。")
    page.locator("input[name=rating][value=satisfied]").check()
    click_and_wait(
        page.locator(f"form[action$='/bookings/{booking.pk}/rate/'] button[type=submit]")
    )
    booking.refresh_from_db()
    assert booking.rating == "satisfied"
