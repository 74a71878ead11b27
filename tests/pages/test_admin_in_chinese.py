"""Wagtail's own interface speaks Chinese to Chinese staff.

Wagtail 8's zh_Hans catalogue lacks several hundred of its newer strings ("Search all pages…",
"%(total)s Pages", "The page could not be saved due to validation errors."); the site catalogue
(site/locale/zh_Hans, which LOCALE_PATHS put before every app's) supplies them. The phrases below
were found by rendering these admin pages and listing every run of ASCII words left in them.
"""

import json
import re

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from pages import factories
from participation.comments.models import Comment, CommentReport, CommentsModule
from participation.core.embedding import embed_module
from participation.residents.factories import VerifiedResidentFactory

pytestmark = pytest.mark.django_db

# Found in these pages before the site catalogue supplied them (a scan for ASCII words).
SEEN_IN_ENGLISH = [
    "Search all pages",
    "Pages created in",
    "Images created in",
    "Exploring",
    "Has child pages",
    "Date updated",
    "Autosave",
    "Content metrics",
    "Readability",
    "Reading time",
    "This data explained",
    "Correct the validation errors",
    "can edit this",
    "seconds ago",
    "Sort by",
    "Moderators approval",
    "Review by the party organisation",
    "Locked by",
    "Grid layout",
    "Usage count",
    "Why not",
    "Root",
    "None",
    "False",
    "comments",
]
# Names, not interface prose: the product, a technology, file formats, the language switch.
NAMES = {
    "wagtail",
    "javascript",
    "xlsx",
    "csv",
    "excel",
    "gif",
    "jpg",
    "jpeg",
    "png",
    "webp",
    "english",
}


@pytest.fixture
def staff_content(home_page, admin_user, editor):
    blog_index = factories.publish_child(home_page, factories.BlogIndexPageFactory)
    topic = factories.publish_child(blog_index, factories.BlogPageFactory, title="楼道堆物清理")
    topic.save_revision(user=editor)
    topic.get_workflow().start(topic, editor)
    factories.ImageFactory(title="楼道绿化照片")
    module = CommentsModule.objects.create(page=home_page, title="居民意见")
    embed_module(module)
    comment = Comment.objects.create(module=module, body="涉嫌广告", state="reported")
    CommentReport.objects.create(
        comment=comment, reporter=VerifiedResidentFactory(username="li"), reason="广告"
    )
    return {"topic": topic, "blog_index": blog_index, "comment": comment}


def admin_urls(content):
    topic = content["topic"]
    return [
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_explore_root"),
        reverse("wagtailadmin_explore", args=[content["blog_index"].pk]),
        reverse("wagtailadmin_pages:edit", args=[topic.pk]),
        reverse("wagtailadmin_pages:add", args=["pages", "blogpage", content["blog_index"].pk]),
        reverse("wagtailadmin_pages:search") + "?q=楼道",
        reverse("wagtailadmin_workflows:index"),
        reverse("wagtailadmin_workflows:task_index"),
        reverse("wagtailadmin_reports:workflow"),
        reverse("wagtailadmin_reports:workflow_tasks"),
        reverse("wagtailadmin_reports:locked_pages"),
        reverse("wagtailadmin_reports:aging_pages"),
        reverse("wagtailadmin_reports:site_history"),
        reverse("wagtailimages:index"),
        reverse("wagtailimages:add_multiple"),
        reverse("wagtaildocs:index"),
        reverse("wagtaildocs:add_multiple"),
        reverse("wagtailsnippets_pages_disclosurecategory:list"),
        reverse("wagtailsnippets_participation_ballots_ballot:list"),
        reverse("wagtailsnippets_participation_core_module:list"),
        reverse("wagtailsnippets_participation_comments_commentsmodule:list"),
        reverse("participation_comments_comment_modeladmin_index"),
        reverse("participation_comments_comment_modeladmin_inspect", args=[content["comment"].pk]),
        reverse("participation_residents_building_modeladmin_index"),
        reverse("participation_hearings_hearing_modeladmin_index"),
        *[
            reverse(f"participation_{app}_{model}_modeladmin_index")
            for app, model in [
                ("residents", "unit"),
                ("residents", "user"),
                ("residents", "representative"),
                ("residents", "verificationevent"),
                ("hearings", "registration"),
                ("hearings", "opinion"),
                ("hearings", "opiniongroup"),
                ("comments", "moderationlog"),
            ]
        ],
        reverse("participation_comments_admin:export_index"),
        reverse("wagtailsnippets_participation_ballots_ballot:add"),
        reverse("wagtailusers_users:index"),
        reverse("wagtailusers_groups:index"),
        reverse("wagtailadmin_collections:index"),
        reverse("wagtailadmin_account"),
    ]


def visible_text(html):
    soup = BeautifulSoup(html, "html.parser")
    for hidden in [*soup(["script", "style", "svg"]), *soup.select("[hidden]")]:
        hidden.decompose()
    for time_zones in soup.select("select[name$=current_time_zone]"):
        time_zones.decompose()
    attributes = [
        value
        for tag in soup.find_all(True)
        for name in ("placeholder", "title", "aria-label", "alt")
        if isinstance(value := tag.get(name), str)
    ]
    text = " ".join([soup.get_text(" "), *attributes])
    # Web and e-mail addresses are data or examples in help texts, not interface prose.
    return re.sub(r"https?://\S+|\S+@\S+", " ", text)


def english_words(text, data_words):
    words = re.findall(r"\b[A-Za-z][A-Za-z']{2,}\b", text)
    return sorted({word for word in words if word.lower() not in NAMES | data_words})


def data_words():
    """Slugs and user names are data, shown as typed (taxonomy lists, the signed-in account)."""
    from pages.models import DisclosureCategory
    from participation.residents.models import User

    slugs = DisclosureCategory.objects.values_list("slug", flat=True)
    names = User.objects.values_list("username", flat=True)
    return {word for slug in [*slugs, *names] for word in slug.split("-")}


def assert_chinese(client, urls):
    known_data = data_words()
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        text = visible_text(response.text)
        assert [phrase for phrase in SEEN_IN_ENGLISH if phrase in text] == [], url
        assert english_words(text, known_data) == [], url


def test_the_admin_pages_staff_use_are_in_chinese(client, admin_user, staff_content):
    client.force_login(admin_user)
    assert_chinese(client, admin_urls(staff_content))


def test_a_reviewers_dashboard_and_review_are_in_chinese(client, reviewer, staff_content):
    """The reviewer's dashboard lists the topic awaiting review, with its approve actions."""
    client.force_login(reviewer)
    topic = staff_content["topic"]
    dashboard = client.get(reverse("wagtailadmin_home")).text
    assert topic.title in dashboard
    assert_chinese(
        client,
        [reverse("wagtailadmin_home"), reverse("wagtailadmin_pages:edit", args=[topic.pk])],
    )


def test_a_failed_save_says_so_in_chinese(client, editor, home_page):
    from tests.pages.conftest import post_edit

    blog_index = factories.publish_child(home_page, factories.BlogIndexPageFactory)
    client.force_login(editor)
    response = post_edit(client, blog_index, title="")
    assert response.status_code == 200
    assert "存在校验错误，页面未能保存。" in response.text
    assert "could not be saved" not in response.text


def test_the_page_editors_script_strings_are_chinese(client, editor):
    client.force_login(editor)
    catalogue = client.get(reverse("wagtailadmin_javascript_catalog")).content.decode()
    assert (
        json.dumps("Autosave in progress…")[1:-1] + '": ' + json.dumps("正在自动保存…") in catalogue
    )
