"""Showcases link to the posts and the people they are about, resolved each time they render."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.test.utils.form_data import querydict_from_html

from pages import factories
from pages.models import ShowcasePage
from participation.posts.models import PostApplication
from plugins.models import PluginSettings
from tests.participation.posts.conftest import holder_of, make_post

pytestmark = pytest.mark.django_db


def ref(kind, subject_id):
    return ("subject", {"plugin": "participation_posts", "kind": kind, "id": subject_id})


@pytest.fixture
def patrol(db):
    return make_post()


@pytest.fixture
def holder(patrol):
    return holder_of(patrol, display_name="周晓")


def showcase_linking(showcase_index, *subjects):
    return factories.publish_child(
        showcase_index, factories.ShowcasePageFactory, title="巡逻先锋楼", subjects=list(subjects)
    )


def test_the_page_shows_the_linked_post_and_person(client, showcase_index, patrol, holder):
    page = showcase_linking(showcase_index, ref("post", patrol.pk), ref("person", holder.pk))
    text = client.get(page.url).text
    assert "相关岗位" in text
    assert "相关人员" in text
    assert f'<a href="{patrol.get_absolute_url()}">治安巡逻岗</a>' in text
    assert f"{holder.public_name}（治安巡逻岗）" in text
    assert "周晓" not in text  # only as the post page shows them: masked


def test_the_page_in_english_has_english_headings(client, showcase_index, patrol, holder):
    page = showcase_linking(showcase_index, ref("post", patrol.pk), ref("person", holder.pk))
    text = client.get("/en" + page.url).text
    assert "Related posts" in text
    assert "Related people" in text


@pytest.mark.parametrize(
    "withdraw",
    [
        pytest.param(
            lambda post, person: PostApplication.objects.filter(person=person).update(
                show_name=False
            ),
            id="consent-withdrawn",
        ),
        pytest.param(
            lambda post, person: PostApplication.objects.filter(person=person).update(
                status=PostApplication.Status.LEFT
            ),
            id="left-the-post",
        ),
    ],
)
def test_a_person_who_withdraws_or_leaves_is_gone(client, showcase_index, patrol, holder, withdraw):
    page = showcase_linking(showcase_index, ref("person", holder.pk), ref("post", patrol.pk))
    withdraw(patrol, holder)
    response = client.get(page.url)
    assert response.status_code == 200
    assert "相关人员" not in response.text
    assert holder.public_name not in response.text
    assert "相关岗位" in response.text


def test_a_removed_post_is_gone_and_the_page_still_renders(client, showcase_index, patrol):
    page = showcase_linking(showcase_index, ref("post", patrol.pk))
    patrol.delete()
    response = client.get(page.url)
    assert response.status_code == 200
    assert "相关岗位" not in response.text
    assert "治安巡逻岗" not in response.text


def test_with_the_posts_plugin_switched_off_the_links_render_nothing(
    client, site, showcase_index, patrol, holder
):
    page = showcase_linking(showcase_index, ref("post", patrol.pk), ref("person", holder.pk))
    settings = PluginSettings.for_site(site)
    settings.disabled_plugins = ["participation_posts"]
    settings.save()
    response = client.get(page.url)
    assert response.status_code == 200
    assert "相关岗位" not in response.text
    assert "治安巡逻岗" not in response.text
    assert holder.public_name not in response.text


def test_a_forged_id_of_a_person_who_never_agreed_renders_nothing(client, showcase_index, patrol):
    shy = holder_of(patrol, display_name="钱多")
    PostApplication.objects.filter(person=shy).update(show_name=False)
    page = showcase_linking(
        showcase_index,
        ref("person", shy.pk),
        ref("person", 999_999),
        ("subject", {"plugin": "participation_posts", "kind": "pairing", "id": 1}),
        ("subject", {"plugin": "gone_plugin", "kind": "post", "id": patrol.pk}),
        ("subject", {"plugin": "participation_posts", "kind": "person", "id": "x"}),
    )
    response = client.get(page.url)
    assert response.status_code == 200
    assert shy.public_name not in response.text
    assert "相关人员" not in response.text


def test_the_api_never_lists_the_stored_ids(client, showcase_index, patrol, holder):
    page = showcase_linking(showcase_index, ref("person", holder.pk))
    data = client.get(f"/api/v2/pages/{page.pk}/").json()
    assert "subjects" not in data


def test_query_count_does_not_grow_with_the_links(
    client, showcase_index, django_assert_max_num_queries
):
    posts = [make_post(name=f"岗位{n}", slug=f"post-{n}") for n in range(4)]
    people = [holder_of(post) for post in posts]
    one = showcase_linking(showcase_index, ref("post", posts[0].pk), ref("person", people[0].pk))
    many = showcase_linking(
        showcase_index,
        *(ref("post", post.pk) for post in posts),
        *(ref("person", person.pk) for person in people),
    )
    client.get(one.url)  # warm the cached site data and page routes
    client.get(many.url)
    with CaptureQueriesContext(connection) as baseline:
        assert client.get(one.url).status_code == 200
    with django_assert_max_num_queries(len(baseline)):
        text = client.get(many.url).text
    assert all(person.public_name in text for person in people)


# The admin ----------------------------------------------------------------------------------


def add_form(client, showcase_index):
    url = reverse("wagtailadmin_pages:add", args=["pages", "showcasepage", showcase_index.pk])
    response = client.get(url)
    assert response.status_code == 200
    return url, response, querydict_from_html(response.text, form_id="page-edit-form")


def with_subjects(data, *keys):
    data["title"] = "巡逻先锋楼"
    data["slug"] = "patrol-pioneer"
    data["body-count"] = "0"
    data["subjects-count"] = str(len(keys))
    for index, key in enumerate(keys):
        data[f"subjects-{index}-type"] = "subject"
        data[f"subjects-{index}-value"] = key
        data[f"subjects-{index}-deleted"] = ""
        data[f"subjects-{index}-order"] = str(index)
    data["action-publish"] = "action-publish"
    return data


def test_an_editor_chooses_a_post_and_a_person_in_the_admin(
    client, admin_user, showcase_index, patrol, holder
):
    shy = holder_of(make_post(name="环卫劝导岗", slug="clean"), display_name="钱多")
    PostApplication.objects.filter(person=shy).update(show_name=False)
    client.force_login(admin_user)
    url, response, data = add_form(client, showcase_index)
    assert f"participation_posts:post:{patrol.pk}" in response.text
    assert f"participation_posts:person:{holder.pk}" in response.text
    assert f"participation_posts:person:{shy.pk}" not in response.text

    keys = (f"participation_posts:post:{patrol.pk}", f"participation_posts:person:{holder.pk}")
    response = client.post(url, with_subjects(data, *keys))
    assert response.status_code == 302

    page = ShowcasePage.objects.get(slug="patrol-pioneer")
    assert page.live
    assert page.subjects.raw_data[0]["value"] == {
        "plugin": "participation_posts",
        "kind": "post",
        "id": patrol.pk,
    }
    text = client.get(page.url).text
    assert "治安巡逻岗" in text
    assert holder.public_name in text


def test_the_admin_refuses_a_person_who_did_not_agree(client, admin_user, showcase_index, patrol):
    shy = holder_of(patrol, display_name="钱多")
    PostApplication.objects.filter(person=shy).update(show_name=False)
    client.force_login(admin_user)
    url, _response, data = add_form(client, showcase_index)
    response = client.post(url, with_subjects(data, f"participation_posts:person:{shy.pk}"))
    assert response.status_code == 200  # the form again, with the error
    assert not ShowcasePage.objects.filter(slug="patrol-pioneer").exists()


def test_the_post_page_lists_the_public_showcases_about_it(client, showcase_index, patrol):
    about = showcase_linking(showcase_index, ref("post", patrol.pk))
    hidden = factories.publish_child(
        showcase_index,
        factories.ShowcasePageFactory,
        title="撤下的项目",
        subjects=[ref("post", patrol.pk)],
    )
    hidden.unpublish()
    other = make_post(name="环卫劝导岗", slug="clean")
    factories.publish_child(
        showcase_index,
        factories.ShowcasePageFactory,
        title="环卫项目",
        subjects=[ref("post", other.pk)],
    )
    text = client.get(patrol.get_absolute_url()).text
    assert "介绍这个岗位的页面" in text
    assert f'<a href="{about.url}">巡逻先锋楼</a>' in text
    assert "撤下的项目" not in text
    assert "环卫项目" not in text
    lonely = make_post(name="居务监督岗", slug="oversight")
    assert "介绍这个岗位的页面" not in client.get(lonely.get_absolute_url()).text


def test_a_showcase_shows_only_its_own_communitys_posts(client, patrol, holder):
    from participation.core.subjects import offered_subjects
    from tests.communities import SECOND_HOST, make_community

    second = make_community()
    their_index = factories.publish_child(second.root_page, factories.ShowcaseIndexPageFactory)
    page = showcase_linking(their_index, ref("post", patrol.pk), ref("person", holder.pk))
    text = client.get(page.url, HTTP_HOST=SECOND_HOST).text
    assert "治安巡逻岗" not in text
    assert holder.public_name not in text
    assert offered_subjects(communities=[second.pk]) == []
    assert len(offered_subjects(communities=[patrol.community_id])) == 2
