"""The posts plugin offers pages its posts and the people serving who agreed to be shown."""

import pytest

from participation.posts import services
from participation.residents.factories import VerifiedResidentFactory
from plugins.registry import get_plugin

from .conftest import holder_of, make_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def plugin():
    return get_plugin("participation_posts")


def ids(plugin, kind, wanted=None):
    return [subject.id for subject in plugin.linkable(kind, wanted)]


def test_it_declares_posts_and_people(plugin):
    assert [kind.code for kind in plugin.linkable_kinds] == ["post", "person"]


def test_every_post_is_offered_with_its_public_page(plugin, post):
    other = make_post(name="环卫劝导岗", slug="clean", sort_order=1)
    (patrol, clean) = plugin.linkable("post")
    assert (patrol.id, patrol.label, patrol.url) == (post.pk, "治安巡逻岗", post.get_absolute_url())
    assert clean.id == other.pk
    assert ids(plugin, "post", [other.pk, 999_999]) == [other.pk]


def test_only_people_serving_who_agreed_are_offered(plugin):
    post = make_post(places=5)
    shown = holder_of(post, display_name="公开者")
    hidden = VerifiedResidentFactory(display_name="保密者")
    services.decide(services.apply(hidden, post, "会调解", show_name=False).pk, None, approve=True)
    pending = VerifiedResidentFactory()
    services.apply(pending, post, "巡逻", show_name=True)
    gone = holder_of(make_post(name="环卫劝导岗", slug="clean"))
    services.leave_post(gone.post_applications.get().pk)
    inactive = holder_of(make_post(name="便民服务岗", slug="service"))
    inactive.is_active = False
    inactive.save()

    (person,) = plugin.linkable("person")
    assert person.id == shown.pk
    assert person.label == f"{shown.public_name}（治安巡逻岗）"
    assert person.url == post.get_absolute_url()
    everyone = [shown.pk, hidden.pk, pending.pk, gone.pk, inactive.pk]
    assert ids(plugin, "person", everyone) == [shown.pk]


def test_a_kind_it_does_not_declare_offers_nothing(plugin, post):
    assert plugin.linkable("pairing") == []
    assert plugin.linkable("pairing", [1]) == []
