"""Following: the button on sections and topic pages, the list in the settings, the core's
``follow`` and ``notify(followers_of=…)`` resolved by the notifications plugin."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageViewRestriction

from pages import factories
from participation.comments.models import CommentsModule
from participation.core.notifications import follow, notify
from participation.notifications.models import Follow, Item
from participation.residents.factories import UserFactory
from plugins.models import PluginSettings

pytestmark = pytest.mark.django_db

SETTINGS = "/participate/participation_notifications/settings/"


@pytest.fixture
def blog(home_page):
    return home_page.add_child(instance=factories.BlogIndexPageFactory.build())


@pytest.fixture
def topic(blog):
    return factories.publish_child(
        blog,
        factories.BlogPageFactory,
        title="加装电梯",
        opinions_open_until=timezone.now() + timedelta(days=7),
    )


def follow_url(page):
    return reverse("participation_notifications:follow", args=[page.pk])


def switch_off(site):
    settings = PluginSettings.for_site(site)
    settings.disabled_plugins = ["participation_notifications"]
    settings.save()


def test_a_resident_follows_and_unfollows_a_section_with_the_button(client, resident, blog):
    client.force_login(resident)
    page = client.get(blog.url).text
    assert f'action="{follow_url(blog)}"' in page
    assert 'aria-pressed="false"' in page

    response = client.post(follow_url(blog), {"following": "1", "next": blog.url})
    assert response.status_code == 302
    assert response["Location"] == blog.url
    assert Follow.objects.filter(user=resident, page=blog).exists()
    assert 'aria-pressed="true"' in client.get(blog.url).text

    client.post(follow_url(blog), {"following": "0"})
    assert not Follow.objects.filter(user=resident).exists()


def test_following_twice_keeps_one_follow(client, resident, blog):
    client.force_login(resident)
    client.post(follow_url(blog), {"following": "1"})
    client.post(follow_url(blog), {"following": "1"})
    assert Follow.objects.filter(user=resident, page=blog).count() == 1


def test_anonymous_visitors_get_no_button_and_cannot_follow(client, blog):
    assert "follow-form" not in client.get(blog.url).text
    response = client.post(follow_url(blog), {"following": "1"})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert not Follow.objects.exists()


def test_following_takes_a_post_with_csrf(resident, blog):
    client = Client(enforce_csrf_checks=True)
    client.force_login(resident)
    assert client.get(follow_url(blog)).status_code == 405
    assert client.post(follow_url(blog), {"following": "1"}).status_code == 403
    assert not Follow.objects.exists()


def test_nobody_follows_a_page_they_may_not_view(client, resident, blog, topic):
    restriction = PageViewRestriction.objects.create(
        page=topic, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.create(name="党员"))
    client.force_login(resident)
    assert client.post(follow_url(topic), {"following": "1"}).status_code == 404
    topic.unpublish()
    assert client.post(follow_url(topic), {"following": "1"}).status_code == 404
    assert not Follow.objects.exists()


def test_the_button_never_sends_the_resident_off_site(client, resident, blog):
    client.force_login(resident)
    response = client.post(follow_url(blog), {"following": "1", "next": "https://evil.example/"})
    assert response["Location"] == blog.url


def test_the_topic_page_shows_following_when_the_resident_follows_its_comments(
    client, resident, topic
):
    module = CommentsModule.objects.get(page=topic)
    follow(resident, module=module)
    client.force_login(resident)
    assert 'aria-pressed="true"' in client.get(topic.url).text
    client.post(follow_url(topic), {"following": "0"})
    assert not Follow.objects.filter(user=resident).exists()


def test_the_settings_list_what_one_follows_with_one_click_unfollow(client, resident, blog, topic):
    follow(resident, page=blog)
    follow(resident, module=CommentsModule.objects.get(page=topic))
    other = Follow.objects.create(user=UserFactory(), page=topic)
    client.force_login(resident)
    page = client.get(SETTINGS).text
    assert blog.title in page
    assert "加装电梯" in page
    mine = Follow.objects.get(user=resident, page=blog)
    client.post(reverse("participation_notifications:unfollow", args=[mine.pk]))
    assert not Follow.objects.filter(pk=mine.pk).exists()
    response = client.post(reverse("participation_notifications:unfollow", args=[other.pk]))
    assert response.status_code == 404
    assert Follow.objects.filter(pk=other.pk).exists()


def test_followers_of_a_page_include_those_of_its_modules_and_only_once(resident, topic):
    module = CommentsModule.objects.get(page=topic)
    by_page, by_module, both, actor = UserFactory.create_batch(4)
    follow(by_page, page=topic)
    follow(by_module, module=module)
    follow(both, page=topic)
    follow(both, module=module)
    follow(actor, page=topic)
    notify("pages.new_topic", [], title="议题", url="/", followers_of=topic, exclude=[actor])
    told = set(Item.objects.values_list("recipient", flat=True))
    assert told == {by_page.pk, by_module.pk, both.pk}
    Item.objects.all().delete()
    notify("pages.new_topic", [], title="议题", url="/", followers_of=module)
    assert Item.objects.count() == 4


def test_followers_who_may_not_view_the_page_are_not_told(topic):
    members = Group.objects.create(name="党员")
    member, outsider = UserFactory.create_batch(2)
    member.groups.add(members)
    restriction = PageViewRestriction.objects.create(
        page=topic, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(members)
    follow(member, page=topic)
    follow(outsider, page=topic)
    notify("pages.new_topic", [], title="议题", url="/", followers_of=topic)
    assert list(Item.objects.values_list("recipient", flat=True)) == [member.pk]


def test_switched_off_nothing_is_followed_and_no_button_shows(client, site, resident, blog):
    switch_off(site)
    follow(resident, page=blog)
    assert not Follow.objects.exists()
    client.force_login(resident)
    assert "follow-form" not in client.get(blog.url).text
    assert client.post(follow_url(blog), {"following": "1"}).status_code == 404


def test_the_button_and_the_list_speak_english_under_en(client, resident, blog):
    client.force_login(resident)
    english = "/en" + blog.url
    assert ">Follow</button>" in client.get(english).text
    follow(resident, page=blog)
    assert ">Following</button>" in client.get(english).text
    assert "What I follow" in client.get("/en" + SETTINGS).text
