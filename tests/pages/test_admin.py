"""The admin: every page type's form opens, an editor submits through the form, taxonomies list."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from pages.models import BlogPage

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("section", "model"),
    [
        ("blog_index", "blogpage"),
        ("disclosure_index", "disclosurepage"),
        ("hearing_index", "hearingnoticepage"),
        ("showcase_index", "showcasepage"),
    ],
)
def test_add_form_of_each_page_type_opens(client, admin_user, request, section, model):
    parent = request.getfixturevalue(section)
    client.force_login(admin_user)
    url = reverse("wagtailadmin_pages:add", args=["pages", model, parent.pk])
    assert client.get(url).status_code == 200


def test_editor_creates_a_topic_and_submits_it_for_review(client, editor, blog_index):
    client.force_login(editor)
    url = reverse("wagtailadmin_pages:add", args=["pages", "blogpage", blog_index.pk])
    data = nested_form_data(
        {
            "title": "楼道堆物清理",
            "slug": "stairwell-clearing",
            "summary": "清理楼道堆物，征求居民意见。",
            "published_on": "2026-11-01",
            "opinions_open_until": "",
            "tags": "消防",
            "body": streamfield([("paragraph", rich_text("<p>楼道堆物影响消防通道。</p>"))]),
            "outcome": rich_text(""),
            "comments": inline_formset([]),
        }
    )
    data["action-submit"] = "Submit"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    topic = BlogPage.objects.get(slug="stairwell-clearing")
    assert not topic.live
    assert topic.current_workflow_state.status == "in_progress"


@pytest.mark.parametrize("model", ["disclosurecategory", "featuretype"])
def test_editors_manage_taxonomies(client, editor, model):
    client.force_login(editor)
    assert client.get(reverse(f"wagtailsnippets_pages_{model}:list")).status_code == 200
    assert client.get(reverse(f"wagtailsnippets_pages_{model}:add")).status_code == 200


def test_volunteers_do_not_manage_taxonomies(client, volunteer):
    client.force_login(volunteer)
    response = client.get(reverse("wagtailsnippets_pages_featuretype:add"))
    assert response.status_code in (302, 403)
