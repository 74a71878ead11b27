"""A reviewer who approves or rejects from the page editor is told what happened to which page
(Wagtail's editor said only "页面已更新", as if nothing had been reviewed)."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from pages import factories
from tests.pages.conftest import edit_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted_topic(blog_index, editor):
    topic = factories.publish_child(blog_index, factories.BlogPageFactory, title="楼道堆物清理")
    topic.title = "楼道堆物清理（修订）"
    topic.save_revision(user=editor)
    topic.get_workflow().start(topic, editor)
    return topic


@pytest.mark.parametrize(
    ("action", "expected"),
    [
        ("approve", "已审核通过并发布《楼道堆物清理（修订）》。"),
        ("reject", "已退回《楼道堆物清理（修订）》，请编辑修改后重新提交。"),
    ],
)
def test_reviewing_in_the_editor_names_the_outcome(
    client, reviewer, submitted_topic, action, expected
):
    client.force_login(reviewer)
    data = edit_form(client, submitted_topic)
    data.setdefault("body-count", "0")
    data["action-workflow-action"] = "true"
    data["workflow-action-name"] = action
    url = reverse("wagtailadmin_pages:edit", args=[submitted_topic.pk])
    response = client.post(url, data)
    assert response.status_code == 302
    assert expected in [str(message) for message in get_messages(response.wsgi_request)]
