"""Each notification produced by a real action lands in the inbox and in the chosen channel:
replies and official replies (comments), new items in a followed section (pages), a topic's
deadline two days ahead (the comments job), and a hearing's registration, cancellation by
staff and outcome (hearings)."""

from datetime import datetime, time, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from pages import factories
from participation.comments import services as comments
from participation.comments.models import Comment, CommentsModule, ModerationLog
from participation.core.notifications import follow
from participation.hearings import services as hearings
from participation.hearings.models import Registration
from participation.notifications.models import Channel, Follow, Item, Preference
from participation.notifications.sms import read_file_messages
from participation.residents.factories import UnitFactory, UserFactory, VerifiedResidentFactory
from tests.participation.hearings.conftest import make_hearing

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_quiet_hours(settings):
    """Who gets what, at any hour the tests run (quiet hours: test_delivery)."""
    settings.SMS_QUIET_HOURS = (time(0), time(0))


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def blog(home_page):
    return home_page.add_child(instance=factories.BlogIndexPageFactory.build())


def publish_topic(blog, **fields):
    fields.setdefault("opinions_open_until", timezone.now() + timedelta(days=7))
    return factories.publish_child(blog, factories.BlogPageFactory, **fields)


@pytest.fixture
def topic(blog):
    return publish_topic(blog, title="加装电梯")


@pytest.fixture
def comments_module(topic):
    module = CommentsModule.objects.get(page=topic)
    module.audience = CommentsModule.Audience.SIGNED_IN
    module.save()
    return module


@pytest.fixture
def author(db):
    return VerifiedResidentFactory(
        display_name="王阿姨", unit=UnitFactory(building__number="3", number="1单元201")
    )


@pytest.fixture
def replier(db):
    return VerifiedResidentFactory(
        display_name="张师傅",
        phone="+8613700137000",
        unit=UnitFactory(building__number="5", number="2单元502"),
    )


@pytest.fixture
def staff(db):
    return UserFactory(display_name="社区小刘", is_staff=True, is_superuser=True)


def kinds(user):
    return list(Item.objects.filter(recipient=user).values_list("kind", flat=True))


# -- comments --


def test_a_reply_tells_the_author_by_inbox_and_email_without_personal_data(
    comments_module, author, replier, mailoutbox, run_on_commit
):
    comment = comments.post_comment(author, comments_module, "电梯的费用怎么分摊？")
    with run_on_commit():
        comments.post_comment(replier, comments_module, "按楼层分摊。", parent=comment)
    [item] = Item.objects.filter(recipient=author)
    assert item.kind == "participation_comments.reply"
    assert item.title == f"{replier.public_name} 回复了您在《加装电梯》的评论"
    assert item.url.startswith(comments_module.page.url)
    assert "#comment-" in item.url
    for private in (str(replier.phone), "2单元502", replier.username, replier.email):
        assert private not in item.title
    [mail] = mailoutbox
    assert mail.to == [author.email]
    assert item.title in mail.subject
    assert "2单元502" not in mail.body
    assert str(replier.phone) not in mail.body
    assert kinds(replier) == []


def test_replying_to_ones_own_comment_tells_nobody(comments_module, author):
    comment = comments.post_comment(author, comments_module, "我先说一句。")
    comments.post_comment(author, comments_module, "再补充一句。", parent=comment)
    assert Item.objects.count() == 0


def test_an_official_reply_tells_the_author_as_from_the_staff(
    comments_module, author, staff, mailoutbox, run_on_commit
):
    comment = comments.post_comment(author, comments_module, "路灯坏了。")
    with run_on_commit():
        comments.official_reply(staff, comment, "已报修，本周内修好。")
    [item] = Item.objects.filter(recipient=author)
    assert item.kind == "participation_comments.official_reply"
    assert item.title == "社区工作人员回复了您在《加装电梯》的评论"
    assert [mail.to for mail in mailoutbox] == [[author.email]]
    assert kinds(staff) == []


def test_a_held_reply_is_told_when_approved_not_before(comments_module, author, replier, staff):
    comment = comments.post_comment(author, comments_module, "楼道堆物怎么办？")
    comments_module.moderation = CommentsModule.Moderation.PRE
    comments_module.save()
    reply = comments.post_comment(replier, comments_module, "我也遇到了。", parent=comment)
    assert reply.state == Comment.State.PENDING
    assert kinds(author) == []
    comments.moderate(staff, [reply], ModerationLog.Action.APPROVE)
    assert kinds(author) == ["participation_comments.reply"]
    comments.moderate(staff, [reply], ModerationLog.Action.HIDE)
    comments.moderate(staff, [reply], ModerationLog.Action.RESTORE)
    assert kinds(author) == ["participation_comments.reply"]


def test_the_first_comment_follows_the_topic_and_a_later_one_does_not_refollow(
    comments_module, author
):
    comments.post_comment(author, comments_module, "第一条。")
    assert Follow.objects.filter(user=author, module=comments_module).exists()
    Follow.objects.filter(user=author).delete()
    comments.post_comment(author, comments_module, "第二条。")
    assert not Follow.objects.filter(user=author).exists()


# -- pages: a new item in a followed section --


def test_a_new_topic_tells_the_sections_followers_once(blog, author, mailoutbox, run_on_commit):
    follow(author, page=blog)
    with run_on_commit():
        new = publish_topic(blog, title="停车位划线")
    [item] = Item.objects.filter(recipient=author)
    assert (item.kind, item.title, item.url) == ("pages.new_topic", "新的议题：停车位划线", new.url)
    assert [mail.to for mail in mailoutbox] == [[author.email]]
    new.title = "停车位划线（修订）"
    new.save_revision().publish()
    assert Item.objects.filter(recipient=author).count() == 1


def test_a_new_disclosure_and_a_new_hearing_notice_tell_their_followers(home_page, author):
    disclosures = home_page.add_child(instance=factories.DisclosureIndexPageFactory.build())
    notices = home_page.add_child(instance=factories.HearingIndexPageFactory.build())
    follow(author, page=disclosures)
    factories.publish_child(notices, factories.HearingNoticePageFactory, title="恳谈会")
    assert kinds(author) == []  # not following the hearings section
    follow(author, page=notices)
    category = factories.DisclosureCategoryFactory()
    factories.publish_child(
        disclosures, factories.DisclosurePageFactory, title="财务公开", category=category
    )
    factories.publish_child(notices, factories.HearingNoticePageFactory, title="听证会")
    assert sorted(Item.objects.filter(recipient=author).values_list("kind", "title")) == [
        ("pages.new_disclosure", "新的公开事项：财务公开"),
        ("pages.new_hearing", "新的会议通知：听证会"),
    ]


# -- the opinion deadline, two days ahead --


def test_the_deadline_job_tells_followers_once_per_deadline_by_their_channel(
    blog, phone_only, author, sms_folder, mailoutbox
):
    closing = publish_topic(
        blog, title="垃圾分类", opinions_open_until=timezone.now() + timedelta(days=1, hours=20)
    )
    later = publish_topic(
        blog, title="绿化", opinions_open_until=timezone.now() + timedelta(days=5)
    )
    module = CommentsModule.objects.get(page=closing)
    Preference.objects.create(
        user=phone_only, kind="participation_comments.deadline_soon", channel=Channel.SMS
    )
    follow(phone_only, page=closing)
    follow(author, module=module)
    follow(author, page=later)

    call_command("notify_opinion_deadlines", verbosity=0)
    call_command("notify_opinion_deadlines", verbosity=0)

    assert kinds(phone_only) == ["participation_comments.deadline_soon"]
    assert kinds(author) == ["participation_comments.deadline_soon"]
    assert Item.objects.get(recipient=author).title.startswith("《垃圾分类》将于")
    [sms] = read_file_messages(sms_folder)
    assert sms["phone"] == phone_only.phone
    assert [mail.to for mail in mailoutbox] == [[author.email]]

    closing.opinions_open_until = timezone.now() + timedelta(days=1)  # a new deadline
    closing.save_revision().publish()
    call_command("notify_opinion_deadlines", verbosity=0)
    assert Item.objects.filter(recipient=author).count() == 2


# -- hearings --


@pytest.fixture
def notice(home_page):
    notices = home_page.add_child(instance=factories.HearingIndexPageFactory.build())
    return factories.publish_child(
        notices, factories.HearingNoticePageFactory, title="关于停车管理的听证会"
    )


def test_registering_confirms_by_inbox_and_email_and_follows_the_hearing(
    notice, author, mailoutbox, run_on_commit
):
    hearing = make_hearing(notice)
    with run_on_commit():
        hearings.register(author, hearing)
    assert kinds(author) == ["participation_hearings.registration_confirmed"]
    assert [mail.to for mail in mailoutbox] == [[author.email]]
    assert Follow.objects.filter(user=author, module=hearing).exists()


def test_a_cancellation_by_staff_tells_the_resident_and_promotes_the_next(
    notice, author, staff, sms_folder, mailoutbox, run_on_commit
):
    hearing = make_hearing(notice, capacity=1)
    registration = hearings.register(author, hearing)
    waiting = hearings.register(VerifiedResidentFactory(email="", phone="+8613600136000"), hearing)
    mailoutbox.clear()
    with run_on_commit():
        hearings.cancel_by_staff(staff, registration.pk)
    assert kinds(author)[0] == "participation_hearings.cancelled_by_staff"
    assert Item.objects.filter(recipient=author).first().title == (
        "工作人员取消了您在《关于停车管理的听证会》的报名"
    )
    assert [mail.to for mail in mailoutbox] == [[author.email]]
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED
    assert read_file_messages(sms_folder)[-1]["phone"] == "+8613600136000"
    with pytest.raises(hearings.HearingError):
        hearings.cancel_by_staff(staff, registration.pk)
    with pytest.raises(hearings.HearingError):
        hearings.cancel_by_staff(author, waiting.pk)


def test_the_outcome_tells_registrants_and_followers_once(
    notice, author, staff, replier, mailoutbox, run_on_commit
):
    from participation.hearings.wagtail_hooks import HearingAdmin

    hearing = make_hearing(notice)
    hearings.register(author, hearing)
    follow(replier, page=notice)
    form_class = HearingAdmin().get_edit_handler().bind_to_model(type(hearing)).get_form_class()

    def save(**changes):
        form = form_class(instance=hearing, for_user=staff)
        data = {}
        for name, field in form.fields.items():
            value = form[name].value()
            if isinstance(value, list | tuple):
                data[name] = [str(v) for v in value]
            elif isinstance(value, bool):
                if value:
                    data[name] = "on"
            elif name in ("minutes", "decisions") or isinstance(value, datetime):
                data[name] = field.widget.format_value(value)
            elif value is not None:
                data[name] = str(value)
        data.update(changes)
        form = form_class(data, instance=type(hearing).objects.get(pk=hearing.pk), for_user=staff)
        assert form.is_valid(), form.errors
        form.save()

    save(venue="社区会议室")
    assert Item.objects.filter(kind="participation_hearings.outcome_published").count() == 0
    minutes = form_class(instance=hearing, for_user=staff).fields["minutes"].widget
    mailoutbox.clear()
    with run_on_commit():
        save(minutes=minutes.format_value("<p>同意增设停车位。</p>"))
    assert sorted(mail.to[0] for mail in mailoutbox) == sorted([author.email, replier.email])
    told = Item.objects.filter(kind="participation_hearings.outcome_published")
    assert set(told.values_list("recipient", flat=True)) == {author.pk, replier.pk}
    assert told.first().title == "《关于停车管理的听证会》的会议纪要和结果已公布"
    save(minutes=minutes.format_value("<p>同意增设停车位，下月施工。</p>"))
    assert told.count() == 2


def test_staff_cancel_from_the_attendee_list_and_residents_cannot(client, notice, author, staff):
    hearing = make_hearing(notice)
    registration = hearings.register(author, hearing)
    url = f"/participate/participation_hearings/registrations/{registration.pk}/staff-cancel/"
    client.force_login(author)
    assert client.post(url).status_code == 403
    client.force_login(staff)
    listing = client.get("/admin/participation_hearings/registration/").text
    assert f'href="{url}"' in listing
    assert registration.code in client.get(url).text
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"].endswith(f"?hearing={hearing.pk}")
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED
    assert kinds(author)[0] == "participation_hearings.cancelled_by_staff"


# -- a topic's outcome or a meeting's minutes, published on the page --


def test_a_topics_outcome_tells_its_followers_on_its_first_publish_only(
    blog, author, replier, mailoutbox, run_on_commit
):
    closed = publish_topic(
        blog,
        title="楼道照明",
        published_on=timezone.localdate() - timedelta(days=10),
        opinions_open_until=timezone.now() - timedelta(days=1),
    )
    follow(author, page=closed)
    follow(replier, module=CommentsModule.objects.get(page=closed))
    closed.summary = "改一下摘要"
    closed.save_revision().publish()
    assert Item.objects.count() == 0

    closed.outcome = "<p>社区将在本月更换全部楼道灯。</p>"
    draft = closed.save_revision()  # saved as a draft first, published afterwards
    with run_on_commit():
        draft.publish()
    told = Item.objects.filter(kind="pages.outcome_published")
    assert set(told.values_list("recipient", flat=True)) == {author.pk, replier.pk}
    assert told.first().title == "《楼道照明》公布了结果"
    assert sorted(mail.to[0] for mail in mailoutbox) == sorted([author.email, replier.email])

    closed.outcome = "<p>社区将在本月更换全部楼道灯，下月验收。</p>"
    closed.save_revision().publish()
    assert told.count() == 2


def test_a_meetings_minutes_on_its_notice_tell_the_registrants(notice, author):
    hearing = make_hearing(notice)
    hearings.register(author, hearing)  # registering follows the hearing
    Item.objects.all().delete()
    notice.starts_at = timezone.now() - timedelta(days=1)
    notice.ends_at = notice.starts_at + timedelta(hours=2)
    notice.minutes = "<p>会议同意增设停车位。</p>"
    notice.save_revision().publish()
    assert kinds(author) == ["pages.outcome_published"]
