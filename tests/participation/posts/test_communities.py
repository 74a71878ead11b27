"""Posts never cross communities: each community's site shows its own posts and totals, and
only its verified residents apply, sign up, or are told as its party members."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from participation.posts import services
from participation.posts.models import DutySignup, PartyMember, Post, PostApplication, Suggestion
from participation.residents.factories import VerifiedResidentFactory
from tests.communities import SECOND_HOST, make_community, unit_in

from .conftest import holder_of, make_duty, make_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def second(db):
    return make_community()


@pytest.fixture
def outsider(second):
    """A verified resident of the second community."""
    return VerifiedResidentFactory(unit=unit_in(second, building="8"))


def test_each_community_shows_only_its_own_posts(client, post, second):
    theirs = make_post(name="环境卫生岗", slug="cleaning", community=second)
    ours_page = client.get(reverse("participation_posts:index")).text
    their_page = client.get(reverse("participation_posts:index"), HTTP_HOST=SECOND_HOST).text
    assert post.name in ours_page
    assert theirs.name not in ours_page
    assert theirs.name in their_page
    assert post.name not in their_page
    assert client.get(post.get_absolute_url(), HTTP_HOST=SECOND_HOST).status_code == 404
    assert client.get(theirs.get_absolute_url(), HTTP_HOST=SECOND_HOST).status_code == 200


def test_a_resident_of_another_community_cannot_apply_for_a_post(client, post, outsider):
    client.force_login(outsider)
    url = reverse("participation_posts:apply", args=[post.pk])
    assert client.post(url, {"skill": "会修电器"}, HTTP_HOST=SECOND_HOST).status_code == 404
    response = client.post(url, {"skill": "会修电器"}, follow=True)
    assert "这个岗位属于其他社区" in response.text
    assert not PostApplication.objects.exists()
    assert not outsider.has_perm("participation_posts.apply", post)
    assert VerifiedResidentFactory().has_perm("participation_posts.apply", post)


def test_a_resident_of_another_community_cannot_sign_up_for_a_duty_day(client, post, outsider):
    duty = make_duty(post)
    url = reverse("participation_posts:sign_up", args=[duty.pk])
    client.force_login(outsider)
    assert client.post(url, HTTP_HOST=SECOND_HOST).status_code == 404
    # Even one who holds the post (moved since) cannot sign up there any more.
    PostApplication.objects.create(post=post, person=outsider, skill="x", status="approved")
    with pytest.raises(services.PostsError, match="其他社区"):
        services.sign_up(outsider, duty)
    assert not DutySignup.objects.exists()


def test_totals_are_of_the_community_asked(client, post, second):
    theirs = make_post(name="环境卫生岗", slug="cleaning", community=second)
    holder_of(post)
    url = reverse("participation_posts:totals", args=[timezone.localdate().year])
    assert post.name not in client.get(url, HTTP_HOST=SECOND_HOST).text
    assert theirs.name in client.get(url, HTTP_HOST=SECOND_HOST).text


def test_an_idea_belongs_to_the_community_it_was_handed_in_on(client, outsider, second):
    client.force_login(outsider)
    data = {"idea": "1", "title": "楼道装灯", "text": "建议"}
    client.post(reverse("participation_posts:mine"), data, HTTP_HOST=SECOND_HOST)
    assert Suggestion.objects.get().community == second


def test_party_members_as_an_audience_are_of_the_senders_community(outsider):
    from participation.notifications.audiences import audiences

    ours = VerifiedResidentFactory()
    PartyMember.objects.create(name="甲", kind=PartyMember.Kind.REGISTERED, user=ours)
    PartyMember.objects.create(
        name="乙", kind=PartyMember.Kind.REGISTERED, user=outsider, community=outsider.community
    )
    group = audiences()["participation_posts.members"]
    assert list(group.recipient_ids([], ours.community_id)) == [ours.pk]
    assert list(group.recipient_ids([], outsider.community_id)) == [outsider.pk]


def test_two_communities_may_each_have_a_patrol_post_found_on_its_own_host(client, post, second):
    theirs = make_post(community=second, description="第二社区的夜间巡逻。")
    assert (theirs.name, theirs.slug) == (post.name, post.slug)
    url = reverse("participation_posts:post", args=["patrol"])
    ours_page = client.get(url).text
    their_page = client.get(url, HTTP_HOST=SECOND_HOST).text
    assert "协助社区做好治安巡逻。" in ours_page
    assert "第二社区的夜间巡逻。" not in ours_page
    assert "第二社区的夜间巡逻。" in their_page
    assert "协助社区做好治安巡逻。" not in their_page


def test_a_name_or_slug_repeats_in_no_community(post):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_post(slug="patrol-2")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_post(name="治安巡逻岗（二）")


def test_the_admin_refuses_a_taken_slug_as_a_form_error(client, post):
    from participation.residents.factories import UserFactory

    client.force_login(UserFactory(username="editor", is_staff=True, is_superuser=True))
    url = reverse("participation_posts_post_modeladmin_create")
    data = {"name": "环境卫生岗", "slug": "patrol", "description": "x", "duties": "x"}
    data |= {"places": 2, "sort_order": 0}
    response = client.post(url, data)
    assert response.status_code == 200
    assert Post.objects.count() == 1
    assert client.post(url, {**data, "slug": "cleaning"}).status_code == 302
    assert Post.objects.get(slug="cleaning").community == post.community
