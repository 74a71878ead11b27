"""Following a topic, a reply arriving in 我的消息 with the header's unread count, and the
e-mail's one-click unsubscribe, in Chromium.

Selectors are roles, form actions and URLs, never wording.
"""

from urllib.parse import urlsplit

from django.core import mail
from playwright.sync_api import expect

from tests.browser.conftest import sign_in, site_path
from tests.browser.support import contrast, serious_violations

INBOX = "/participate/participation_notifications/"


def click_and_wait(locator):
    with locator.page.expect_navigation():
        locator.click()


def test_a_resident_follows_a_topic_reads_a_reply_and_unsubscribes(
    open_page, topic, resident, unique
):
    from participation.comments import services
    from participation.comments.models import CommentsModule
    from participation.notifications.models import Channel, Preference
    from participation.residents.factories import VerifiedResidentFactory

    module = CommentsModule.objects.get(page=topic)
    neighbour = VerifiedResidentFactory(username=f"n-{unique}", display_name=f"邻居{unique[:4]}")
    follower = open_page()
    sign_in(follower.context, resident)
    follower.goto(site_path(topic))
    click_and_wait(follower.locator("form.follow-form button[aria-pressed=false]"))
    expect(follower.locator("form.follow-form button")).to_have_attribute("aria-pressed", "true")
    found = serious_violations(follower)
    comment = services.post_comment(resident, module, "电梯加装的费用怎么分摊？")

    replier = open_page()
    sign_in(replier.context, neighbour)
    replier.goto(site_path(topic))
    replier.locator(f"a.comment-reply-link[data-parent='{comment.pk}']").click()
    form = replier.locator(f"form#comment-form-{module.pk}")
    form.locator("textarea[name=body]").fill("按楼层高低分摊，一楼不出。")
    mail.outbox.clear()
    click_and_wait(form.locator("[type=submit]").last)

    follower.goto("/")
    link = follower.locator(f".site-header a[href='{INBOX}']")
    expect(link.locator(".badge")).to_have_text("1")
    assert contrast(link.locator(".badge")) >= 4.5
    click_and_wait(link)
    found += serious_violations(follower)
    item = follower.locator("main .notification-list li.unread")
    expect(item.locator("a[href*='#comment-']")).to_contain_text(neighbour.public_name)
    click_and_wait(item.locator("form button"))
    expect(follower.locator("main .notification-list li.unread")).to_have_count(0)
    expect(follower.locator(f".site-header a[href='{INBOX}'] .badge")).to_have_count(0)
    follower.goto(f"{INBOX}settings/")
    expect(
        follower.locator(f"main .follow-list a[href='{site_path(topic)}']").first
    ).to_be_visible()
    found += serious_violations(follower)
    assert found == []

    [message] = [m for m in mail.outbox if m.to == [resident.email]]
    unsubscribe = urlsplit(message.extra_headers["List-Unsubscribe"].strip("<>")).path
    stranger = open_page()  # the link works without signing in
    stranger.goto(unsubscribe)
    click_and_wait(stranger.locator("main form[method=post] button"))
    expect(stranger.locator("main [role=status]")).to_be_visible()
    choice = Preference.objects.get(user=resident, kind="participation_comments.reply")
    assert choice.channel == Channel.NONE
