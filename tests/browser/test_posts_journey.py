"""设岗定责 end to end: a member chooses a post, signs up for a duty day, staff approve and check
them in, and the hours show on the member's record and in the post's public totals."""

from datetime import time
from decimal import Decimal

from django.utils import timezone

from participation.posts.models import DutyDay, Post
from participation.residents.factories import UserFactory, VerifiedResidentFactory
from tests.browser.conftest import sign_in
from tests.browser.test_journeys import click_and_wait, submit

BASE = "/participate/participation_posts"


def served_hours(page, post) -> Decimal:
    page.goto(f"{BASE}/totals/{timezone.localdate().year}/")
    row = page.locator(
        "table.post-totals tr", has=page.locator(f"a[href='{post.get_absolute_url()}']")
    )
    return Decimal(row.locator("td").nth(2).inner_text())


def test_a_member_serves_a_day_and_the_hours_show(open_page, unique):
    post = Post.objects.get(slug="education")
    duty = DutyDay.objects.create(
        post=post, date=timezone.localdate(), starts_at=time(8, 0), ends_at=time(9, 0), places=2
    )
    member = VerifiedResidentFactory(username=f"member-{unique}", display_name=f"志愿者{unique}")
    staff = UserFactory(username=f"office-{unique}", is_staff=True, is_superuser=True)
    resident_page, staff_page = open_page(), open_page()
    sign_in(resident_page.context, member)
    sign_in(staff_page.context, staff)
    hours_before = served_hours(staff_page, post)

    resident_page.goto(post.get_absolute_url())
    form = resident_page.locator(f"form[action$='/{post.pk}/apply/']")
    form.locator("[name=skill]").fill("会讲故事")
    form.locator("[name=show_name]").check()
    submit(form)

    staff_page.goto(f"{BASE}/applications/")
    row = staff_page.locator("tr", has_text="会讲故事")
    click_and_wait(row.locator("button[value=approve]"))

    resident_page.goto(post.get_absolute_url())
    submit(resident_page.locator(f"form[action$='/duties/{duty.pk}/sign-up/']"))

    staff_page.goto(f"{BASE}/duties/{duty.pk}/check-in/")
    check_in = staff_page.locator("form", has=staff_page.locator("[name=hours]"))
    check_in.locator("[name=hours]").fill("1.5")
    submit(check_in)

    resident_page.goto(f"{BASE}/mine/")
    assert "1.5" in resident_page.locator(".service-total").inner_text()
    assert served_hours(staff_page, post) == hours_before + Decimal("1.5")
