"""A topic published with an opinion deadline has a working comment form, with no step more;
choosers tell modules apart; reviewers are told that their approval took."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from pages import factories
from pages.models import BlogPage
from participation.comments.models import Comment, CommentsModule
from participation.residents.factories import VerifiedResidentFactory

pytestmark = pytest.mark.django_db


def local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def submit_topic(client, blog_index, deadline):
    url = reverse("wagtailadmin_pages:add", args=["pages", "blogpage", blog_index.pk])
    data = nested_form_data(
        {
            "title": "加装电梯",
            "slug": "lift",
            "summary": "老旧楼栋加装电梯，征求居民意见。",
            "published_on": timezone.localdate().isoformat(),
            "opinions_open_until": local(deadline),
            "tags": "",
            "body": streamfield([("paragraph", rich_text("<p>方案见附件。</p>"))]),
            "outcome": rich_text(""),
            "comments": inline_formset([]),
        }
    )
    data["action-submit"] = "Submit"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    return BlogPage.objects.get(slug="lift")


def approve(client, topic):
    task_state = topic.current_workflow_state.current_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[topic.pk, "approve", task_state.pk])
    return client.post(url, {"comment": ""}, headers={"x-requested-with": "XMLHttpRequest"})


def test_an_approved_topic_with_a_deadline_takes_comments(client, blog_index, editor, reviewer):
    deadline = timezone.now() + datetime.timedelta(days=10)
    client.force_login(editor)
    topic = submit_topic(client, blog_index, deadline)
    client.force_login(reviewer)
    response = approve(client, topic)
    messages = [str(message) for message in get_messages(response.wsgi_request)]
    assert messages[-1] == "已审核通过并发布《加装电梯》。"

    module = CommentsModule.objects.get(page=topic)
    assert module.closes_at == deadline.replace(second=0, microsecond=0)
    resident = Client()
    resident.force_login(VerifiedResidentFactory())
    page = resident.get(topic.url).text
    assert 'class="comment-form"' in page
    resident.post(reverse("participation_comments:post", args=[module.pk]), {"body": "支持加装"})
    assert Comment.public.get(module=module).body == "支持加装"


def test_a_new_deadline_moves_the_modules_window(blog_index):
    deadline = timezone.now() + datetime.timedelta(days=5)
    topic = factories.publish_child(
        blog_index, factories.BlogPageFactory, opinions_open_until=deadline
    )
    later = deadline + datetime.timedelta(days=7)
    topic.opinions_open_until = later
    topic.save_revision().publish()
    assert CommentsModule.objects.get(page=topic).closes_at == later
    assert len([block for block in topic.specific.body if block.block_type == "participation"]) == 1


def test_a_topic_without_a_deadline_gets_no_comments(blog_index):
    topic = factories.publish_child(blog_index, factories.BlogPageFactory, opinions_open_until=None)
    assert not CommentsModule.objects.filter(page=topic).exists()


def test_the_module_chooser_tells_modules_apart(client, admin_user, blog_index):
    for title, days in [("加装电梯", 10), ("楼道堆物清理", 20)]:
        factories.publish_child(
            blog_index,
            factories.BlogPageFactory,
            title=title,
            published_on=datetime.date(2026, 11, 1),
            opinions_open_until=datetime.datetime(
                2026, 11, days, 18, tzinfo=timezone.get_current_timezone()
            ),
        )
    client.force_login(admin_user)
    chooser = client.get(reverse("wagtailsnippetchoosers_participation_core_module:choose"))
    html = chooser.json()["html"]
    assert "《加装电梯》 · 评论 · 11月1日–11月10日" in html
    assert "《楼道堆物清理》 · 评论 · 11月1日–11月20日" in html
