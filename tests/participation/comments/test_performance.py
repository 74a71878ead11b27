"""What a comments module costs inside its page: a fixed number of queries whatever the number
of comments, the page read once (not again through ``page.specific``), the visitor's
permissions decided once per module rather than per comment."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.test import RequestFactory
from django.utils import timezone
from wagtail.models import Site

from pages.site_data import site_data
from participation.comments.models import Comment, CommentsModule
from participation.core.models import Module
from participation.core.rendering import render_module
from participation.core.visibility import view_restrictions
from participation.residents.factories import VerifiedResidentFactory
from plugins.switches import is_enabled

pytestmark = pytest.mark.django_db


def discuss(module, threads: int, replies_each: int = 1) -> None:
    start = timezone.now() - timedelta(days=1)
    authors = [VerifiedResidentFactory() for _ in range(3)]
    for n in range(threads):
        at = start + timedelta(minutes=n)
        top = Comment.objects.create(
            module=module, author=authors[n % 3], body=f"意见{n}", created_at=at
        )
        for r in range(replies_each):
            Comment.objects.create(
                module=module,
                author=authors[(n + r + 1) % 3],
                parent=top,
                body=f"回复{n}-{r}",
                created_at=at + timedelta(seconds=r + 1),
            )


def prepared(module, user=None):
    """A request for the module's page and the module as the page's block hands it over (the
    core Module), with the site's switches read, as the page reads them before its blocks."""
    request = RequestFactory().get(module.page.url)
    request.user = user or AnonymousUser()
    is_enabled("participation_comments", request=request)
    site_data()  # the site's settings and sections, cached for every request after
    return request, Module.objects.get(pk=module.pk)


def render(module, user=None, queries=None) -> str:
    request, core_module = prepared(module, user)
    if queries is None:
        return render_module(core_module, request=request, page=module.page)
    with queries:
        return render_module(core_module, request=request, page=module.page)


@pytest.fixture
def topic_module(comments_module):
    comments_module.page = comments_module.page.specific
    return comments_module


@pytest.mark.parametrize("threads", [3, 45])
def test_anonymous_render_queries(topic_module, threads, django_assert_num_queries):
    discuss(topic_module, threads)
    cache.clear()
    # The module's own row, then count, threads and their replies.
    render(topic_module, queries=django_assert_num_queries(4))
    # Rendered before: the list comes from the cache.
    render(topic_module, queries=django_assert_num_queries(1))


@pytest.mark.parametrize("threads", [3, 45])
def test_signed_in_render_queries(topic_module, resident, threads, django_assert_num_queries):
    discuss(topic_module, threads)
    cache.clear()
    user = type(resident).objects.get(pk=resident.pk)
    # Module, the list (3). Whether they may view the page comes from the page being rendered
    # and the cached view restrictions (participation.core.visibility); whether they may
    # comment from the audience, so their permissions are not read (moderators only).
    html = render(topic_module, user, django_assert_num_queries(4))
    assert html.count('class="comment-reply-link"') == min(threads, 20)
    user = type(resident).objects.get(pk=resident.pk)
    render(topic_module, user, django_assert_num_queries(1))


def test_page_queries_do_not_grow_with_the_comments(client, topic_module, resident):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(topic_module.page.url).status_code == 200
        return len(captured)

    discuss(topic_module, 2)
    queries()  # the first visit creates the site's settings rows
    few = queries()
    discuss(topic_module, 40, replies_each=2)
    assert queries() == few
    client.force_login(resident)
    few = queries()
    discuss(topic_module, 10)
    assert queries() == few


@pytest.fixture
def permission_checks(monkeypatch):
    """Every has_perm asked of a resident, by permission name."""
    asked = []
    user_model = type(VerifiedResidentFactory.build())
    has_perm = user_model.has_perm

    def counting(self, perm, obj=None):
        asked.append(perm)
        return has_perm(self, perm, obj)

    monkeypatch.setattr(user_model, "has_perm", counting)
    return asked


@pytest.mark.parametrize("threads", [2, 30])
def test_permissions_are_decided_once_per_module(
    topic_module, resident, threads, permission_checks
):
    discuss(topic_module, threads)
    neighbour_comment = Comment.objects.filter(parent=None).exclude(author=resident).first()
    Comment.objects.create(module=topic_module, author=resident, body="我自己的意见")
    html = render(topic_module, type(resident).objects.get(pk=resident.pk))
    rules_asked = [perm for perm in permission_checks if perm.startswith("participation_")]
    # Moderators may always comment, but a resident the audience admits is never asked whether
    # they moderate (their permissions would be two queries).
    assert rules_asked == ["participation_comments.add_comment"]
    assert f"/{neighbour_comment.pk}/report/" in html
    own = Comment.objects.get(body="我自己的意见")
    assert f"/{own.pk}/edit/" in html
    assert f"/{own.pk}/delete/" in html
    assert f"/{own.pk}/report/" not in html


def test_the_links_shown_follow_the_rules(topic_module, resident):
    """The links decided once per module say what the rules say, comment by comment."""
    discuss(topic_module, 3)
    old = Comment.objects.create(
        module=topic_module,
        author=resident,
        body="一小时前的意见",
        created_at=timezone.now() - timedelta(hours=1),
    )
    Comment.objects.create(module=topic_module, author=resident, body="刚发的意见")
    user = type(resident).objects.get(pk=resident.pk)
    html = render(topic_module, user)
    for comment in Comment.public.filter(module=topic_module):
        for action, perm in (
            ("edit", "edit_comment"),
            ("delete", "delete_own_comment"),
            ("report", "report_comment"),
        ):
            shown = f"/{comment.pk}/{action}/" in html
            assert shown == user.has_perm(f"participation_comments.{perm}", comment), (
                comment.body,
                action,
            )
    assert f"/{old.pk}/edit/" not in html


def test_the_audience_is_asked_before_the_permissions(
    comments_module, resident, unverified, moderator, django_assert_num_queries
):
    """Who may comment is unchanged (moderators always, others as the audience says); only a
    visitor the audience leaves out has their permissions read."""
    module = CommentsModule.objects.select_related("page").get(pk=comments_module.pk)
    module.is_open()  # its window read from its page once, as its render does
    view_restrictions()
    Site.get_site_root_paths()  # cached, as every render has them for the page's URL
    fresh = {user.pk: type(user).objects.get(pk=user.pk) for user in (resident, unverified)}
    with django_assert_num_queries(0):
        assert fresh[resident.pk].has_perm("participation_comments.add_comment", module)
    with django_assert_num_queries(2):  # the user's own permissions, then their groups'
        assert not fresh[unverified.pk].has_perm("participation_comments.add_comment", module)
    assert moderator.has_perm("participation_comments.add_comment", module)
