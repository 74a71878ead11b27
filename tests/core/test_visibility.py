"""The rule "a module is usable only by someone who may view its page", against Wagtail's own."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.http import Http404
from django.test import RequestFactory
from wagtail.models import PageViewRestriction

from participation.core.models import Module
from participation.core.predicates import can_view_module
from participation.core.staff import EDITORS
from participation.core.visibility import module_visible_to, require_visible
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
