"""The rule "a module is usable only by someone who may view its page", against Wagtail's own."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.core.cache import cache
from django.http import Http404
from django.test import RequestFactory
from wagtail.models import PageViewRestriction

from participation.core.models import Module
from participation.core.predicates import can_view_module
from participation.core.staff import EDITORS
from participation.core.visibility import (
    RESTRICTIONS_VERSION_KEY,
    cached_view_restrictions,
    get_visible_or_404,
    module_visible_to,
    require_visible,
    view_restrictions,
)
from participation.residents.factories import UserFactory, VerifiedResidentFactory

pytestmark = pytest.mark.django_db


def restrict(page, kind, *groups, password=""):
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=kind, password=password
    )
    restriction.groups.set(groups)


@pytest.fixture
def editors(db):
    return Group.objects.get_or_create(name=EDITORS)[0]


@pytest.fixture
def modules(home_page, editors):
    """One module per kind of page, some of them below the restricted page they inherit from."""
    page_type = type(home_page)

    def page(parent, slug, live=True):
        return parent.add_child(instance=page_type(title=slug, slug=slug, live=live))

    public = page(home_page, "public")
    members = page(home_page, "members")
    restrict(members, PageViewRestriction.LOGIN)
    staff = page(home_page, "staff")
    restrict(staff, PageViewRestriction.GROUPS, editors)
    secret = page(home_page, "secret")
    restrict(secret, PageViewRestriction.PASSWORD, password="x")
    pages = {
        "public": public,
        "draft": page(home_page, "draft", live=False),
        "members": members,
        "below members": page(members, "below-members"),
        "staff": staff,
        "below staff": page(staff, "below-staff"),
        "secret": secret,
    }
    return {
        name: Module.objects.create(page=p, kind="comments", title=name)
        for name, p in pages.items()
    }


@pytest.fixture
def users(editors):
    editor = UserFactory()
    editor.groups.add(editors)
    return {
        "anonymous": AnonymousUser(),
        "resident": VerifiedResidentFactory(),
        "editor": editor,
        "superuser": UserFactory(is_superuser=True, is_staff=True),
    }


def wagtail_would_serve(page, user) -> bool:
    """Wagtail's judgement (``accept_request``); a password is never entered in these tests."""
    request = RequestFactory().get("/")
    request.user, request.session = user, {}
    restrictions = page.get_view_restrictions()
    return page.live and all(restriction.accept_request(request) for restriction in restrictions)


def test_the_rule_agrees_with_wagtail_for_every_page_and_user(modules, users):
    for user_name, user in users.items():
        visible = set(Module.objects.visible_to(user).values_list("title", flat=True))
        for name, module in modules.items():
            expected = wagtail_would_serve(module.page, user)
            assert module_visible_to(user, Module.objects.get(pk=module.pk)) is expected, (
                user_name,
                name,
            )
            assert (name in visible) is expected, (user_name, name)


def test_what_each_user_sees(modules, users):
    def seen(user):
        return set(Module.objects.visible_to(users[user]).values_list("title", flat=True))

    everyone = {"public"}
    signed_in = everyone | {"members", "below members"}
    assert seen("anonymous") == everyone
    assert seen("resident") == signed_in
    assert seen("editor") == signed_in | {"staff", "below staff"}
    assert seen("superuser") == signed_in | {"staff", "below staff"}


def test_refused_module_is_a_404_and_the_answer_costs_one_query(
    modules, users, django_assert_num_queries
):
    module = Module.objects.get(pk=modules["staff"].pk)
    resident = users["resident"]
    with django_assert_num_queries(1):
        assert not can_view_module(resident, module)
        assert not can_view_module(resident, module)  # remembered for this user object
    with pytest.raises(Http404):
        require_visible(resident, module)
    require_visible(users["editor"], module)


# -- the same rule from the cached restrictions -----------------------------------------------
def with_page_loaded(module):
    return Module.objects.select_related("page").get(pk=module.pk)


def test_the_cached_restrictions_give_the_same_answers(modules, users):
    view_restrictions()  # as the site's data does when a page is served
    for user_name, user in users.items():
        visible = set(Module.objects.visible_to(user).values_list("title", flat=True))
        for name, module in modules.items():
            expected = wagtail_would_serve(module.page, user)
            fresh_user = type(user).objects.get(pk=user.pk) if user.pk else AnonymousUser()
            assert module_visible_to(fresh_user, with_page_loaded(module)) is expected, (
                user_name,
                name,
            )
            lookup = Module.objects.select_related("page")
            if expected:
                assert get_visible_or_404(lookup, fresh_user, pk=module.pk) == module
            else:
                with pytest.raises(Http404):
                    get_visible_or_404(lookup, fresh_user, pk=module.pk)
            assert (name in visible) is expected, (user_name, name)


def test_a_module_on_its_loaded_page_is_judged_without_a_query(
    modules, users, django_assert_num_queries
):
    """Only a groups restriction met by a signed-in user who is not a superuser needs the
    database (their groups); every other answer comes from the page and the cached rows."""
    view_restrictions()
    asks_the_database = {("resident", "staff"), ("editor", "staff")}
    for user_name in ("anonymous", "resident", "superuser", "editor"):
        for name in ("public", "draft", "members", "below members", "secret", "staff"):
            module = with_page_loaded(modules[name])
            user = users[user_name]
            user = type(user).objects.get(pk=user.pk) if user.pk else AnonymousUser()
            groups_restriction_counts = user.is_authenticated and not user.is_superuser
            queries = 1 if groups_restriction_counts else 0
            if not groups_restriction_counts or (user_name, name) in asks_the_database:
                with django_assert_num_queries(queries):
                    module_visible_to(user, module)


def test_a_site_without_groups_restrictions_judges_everyone_without_a_query(
    home_page, users, django_assert_num_queries
):
    page = home_page.add_child(instance=type(home_page)(title="members", slug="members"))
    restrict(page, PageViewRestriction.LOGIN)
    module = Module.objects.create(page=page, kind="comments", title="members")
    view_restrictions()
    for user_name, user in users.items():
        user = type(user).objects.get(pk=user.pk) if user.pk else AnonymousUser()
        loaded = with_page_loaded(module)
        with django_assert_num_queries(0):
            assert module_visible_to(user, loaded) is (user_name != "anonymous")


def test_a_change_of_restrictions_shows_at_once(home_page, users, editors):
    page = home_page.add_child(instance=type(home_page)(title="notes", slug="notes"))
    module = Module.objects.create(page=page, kind="comments", title="notes")
    resident = users["resident"]

    def visible(user):
        view_restrictions()  # refilled by the next page served
        user = type(user).objects.get(pk=user.pk) if user.pk else AnonymousUser()
        return module_visible_to(user, with_page_loaded(module))

    assert visible(AnonymousUser())
    restrict(page, PageViewRestriction.LOGIN)
    assert not visible(AnonymousUser())
    assert visible(resident)
    restriction = PageViewRestriction.objects.get(page=page)
    restriction.restriction_type = PageViewRestriction.GROUPS
    restriction.save()
    restriction.groups.set([editors])
    assert not visible(resident)
    assert visible(users["editor"])
    restriction.groups.clear()
    assert not visible(users["editor"])
    restriction.delete()
    assert visible(AnonymousUser())


def test_a_restricted_page_moved_elsewhere_keeps_its_pages_refused(home_page):
    """A move rewrites the tree paths the cached restrictions are kept by."""
    members = home_page.add_child(instance=type(home_page)(title="members", slug="members"))
    restrict(members, PageViewRestriction.LOGIN)
    page = members.add_child(instance=type(home_page)(title="notes", slug="notes"))
    module = Module.objects.create(page=page, kind="comments", title="notes")
    archive = home_page.add_child(instance=type(home_page)(title="archive", slug="archive"))
    view_restrictions()
    assert not module_visible_to(AnonymousUser(), with_page_loaded(module))
    members.move(archive, pos="last-child")
    view_restrictions()
    assert not module_visible_to(AnonymousUser(), with_page_loaded(module))


def test_the_cached_restrictions_are_replaced_again_when_a_change_commits(
    home_page, django_capture_on_commit_callbacks
):
    """A copy read from the database between the save and the commit lacks the change."""
    view_restrictions()
    with django_capture_on_commit_callbacks(execute=True):
        restrict(home_page, PageViewRestriction.LOGIN)
        view_restrictions()  # as another process could, before the commit
        assert cached_view_restrictions() is not None
    assert cached_view_restrictions() is None  # the copy stored in between is not current
    assert cache.get(RESTRICTIONS_VERSION_KEY) is not None
