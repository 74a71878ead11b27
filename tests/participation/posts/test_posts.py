"""Posts: editable in the admin, a public page per post showing who serves as each agreed."""

import pytest
from django.urls import reverse

from participation.posts import services
from participation.posts.models import Post
from participation.residents.factories import VerifiedResidentFactory

from .conftest import holder_of, make_duty, make_post

pytestmark = pytest.mark.django_db


def test_the_public_page_shows_duties_and_only_the_names_people_agreed_to_show(client, post):
    shown = holder_of(post, display_name="公开者")
    hidden = VerifiedResidentFactory(display_name="保密者")
    application = services.apply(hidden, post, "会调解", show_name=False)
    services.decide(application.pk, None, approve=True)
    duty = make_duty(post)
    page = client.get(reverse("participation_posts:post", args=[post.slug])).content.decode()
    assert "发现隐患及时报告" in page
    assert shown.public_name in page
    assert "保密" not in page
    assert "另有 1 位不公开姓名的志愿者" in page
    assert duty.date.strftime("%Y-%m-%d") in page


def test_a_pending_applicant_is_not_shown_as_serving(client, post):
    services.apply(VerifiedResidentFactory(display_name="等待者"), post, "巡逻", show_name=True)
    page = client.get(reverse("participation_posts:post", args=[post.slug])).content.decode()
    assert "等" + "**" not in page


def test_past_duty_days_are_not_listed_as_upcoming(client, post):
    past = make_duty(post, days=-2)
    page = client.get(reverse("participation_posts:post", args=[post.slug])).content.decode()
    assert past.date.strftime("%Y-%m-%d") not in page


def test_an_unknown_post_is_404(client):
    assert client.get(reverse("participation_posts:post", args=["nothing"])).status_code == 404


def test_the_index_lists_every_post(client):
    for order, name in enumerate(["治安巡逻岗", "政策宣传岗"]):
        make_post(name=name, slug=f"post{order}", sort_order=order)
    page = client.get(reverse("participation_posts:index")).content.decode()
    assert page.index("治安巡逻岗") < page.index("政策宣传岗")


def test_staff_edit_a_post_in_the_admin(client, superuser, post):
    client.force_login(superuser)
    url = f"/admin/participation_posts/post/edit/{post.pk}/"
    assert client.get(url).status_code == 200
    data = {
        "name": "治安巡逻岗",
        "slug": "patrol",
        "description": "新的说明",
        "duties": "巡逻",
        "area": "1栋",
        "building": "",
        "places": "8",
        "sort_order": "0",
    }
    assert client.post(url, data).status_code == 302
    post.refresh_from_db()
    assert (post.places, post.description) == (8, "新的说明")


def test_a_post_needs_at_least_one_place(client, superuser, post):
    client.force_login(superuser)
    url = f"/admin/participation_posts/post/edit/{post.pk}/"
    data = {"name": "治安巡逻岗", "slug": "patrol", "description": "x", "duties": "x"}
    response = client.post(url, {**data, "places": "0", "sort_order": "0"})
    assert response.status_code == 200
    assert Post.objects.get(pk=post.pk).places == 2
