"""Every plugin URL refuses a module whose page the user may not view, GET and POST alike.

For a module on a private (Editors-only) page, a login-restricted page and a draft, the walk
requests each URL of each participation plugin with real objects (the module, the resident's
own comment, registration and opinion, someone else's comment, an open and a certified ballot)
as an anonymous visitor and as a verified resident: nothing of the page comes back, nothing
is written, and a module looked up by the resident answers 404 as if it did not exist.
"""

import itertools
import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from wagtail.models import PageViewRestriction

from home.models import HomePage
from participation.ballots import casting, results, roll
from participation.ballots.factories import BallotFactory
from participation.ballots.models import BoxEntry, RollEntry
from participation.comments.models import Comment, CommentReport, CommentsModule
from participation.core.models import Module
from participation.core.staff import EDITORS
from participation.hearings.models import Hearing, Opinion, Registration
from participation.residents.factories import UserFactory, VerifiedResidentFactory
from participation.services.models import Booking, Duty, Matter, ServiceBlock
from plugins.registry import participation_plugins

pytestmark = pytest.mark.django_db

# Refusals that come before any look-up and do not depend on the page.
STAFF_ONLY = {"check_in", "attachment", "staff_cancel"}


def plugin_urls(patterns=None):
    """(namespace, url name, route) of every URL that a participation plugin mounts."""
    mounted = {plugin.label for plugin in participation_plugins() if plugin.urls}

    def leaves(patterns, prefix, namespace):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                yield from leaves(pattern.url_patterns, route, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and namespace in mounted:
                yield namespace, pattern.name, "/" + route

    return list(leaves(get_resolver().url_patterns, "", None))


def build(home_page, name, resident, neighbour):
    """A page holding one module of every plugin, with contributions, while it is public."""
    now = timezone.now()
    page = home_page.add_child(instance=HomePage(title=f"内部页面{name}", slug=name))
    comments = CommentsModule.objects.create(page=page, title=f"评论区{name}")
    hearing = Hearing.objects.create(
        page=page,
        title=f"听证会{name}",
        capacity=5,
        opens_at=now - timedelta(days=1),
        starts_at=now + timedelta(days=3),
        ends_at=now + timedelta(days=3, hours=2),
        opinion_deadline=now + timedelta(days=2),
    )
    certified = BallotFactory(page=page, title=f"已公布的票决{name}")
    roll.freeze_roll(certified)
    casting.cast_vote(certified, resident, {"vote": "for"})
    BallotFactory._meta.model.objects.filter(pk=certified.pk).update(
        opens_at=now - timedelta(days=8), closes_at=now - timedelta(seconds=1)
    )
    certified.refresh_from_db()
    results.certify(certified, UserFactory(is_superuser=True, is_staff=True))
    services_module = ServiceBlock.objects.create(page=page, title=f"错时服务{name}")
    matter, _created = Matter.objects.get_or_create(
        name="证明开具", defaults={"can_delegate": True}
    )
    cadre = UserFactory(is_staff=True)
    Duty.objects.create(
        starts_at=now + timedelta(days=1), ends_at=now + timedelta(days=1, hours=2), cadre=cadre
    )
    ids = {
        ("participation_comments", "module_id"): [comments.pk],
        ("participation_comments", "pk"): [
            Comment.objects.create(module=comments, author=resident, body=f"我的评论{name}").pk,
            Comment.objects.create(module=comments, author=neighbour, body=f"邻居评论{name}").pk,
        ],
        ("participation_hearings", "hearing_id"): [hearing.pk],
        ("participation_hearings", "registration_id"): [
            Registration.objects.create(
                module=hearing, author=resident, status="confirmed", position=1
            ).pk
        ],
        ("participation_hearings", "opinion_id"): [
            Opinion.objects.create(module=hearing, author=resident, text=f"我的意见{name}").pk
        ],
        ("participation_ballots", "ballot_id"): [
            BallotFactory(page=page, title=f"票决{name}").pk,
            certified.pk,
        ],
        ("participation_services", "module_id"): [services_module.pk],
        ("participation_services", "booking_id"): [
            Booking.objects.create(
                module=services_module, author=resident, matter=matter, mode="delegate"
            ).pk
        ],
        ("participation_services", "cadre_id"): [cadre.pk],
        ("tests_dummy", "module_id"): [
            Module.objects.create(page=page, kind="raise_hand", title=f"举手{name}").pk
        ],
    }
    return page, ids


def hide(page, how, editors):
    if how == "draft":
        page.unpublish()
        return
    restriction = PageViewRestriction.objects.create(page=page, restriction_type=how)
    if how == PageViewRestriction.GROUPS:
        restriction.groups.add(editors)


def urls_for(ids):
    for namespace, name, route in plugin_urls():
        params = re.findall(r"<(?:\w+:)?(\w+)>", route)
        choices = []
        for param in params:
            assert (namespace, param) in ids, f"add objects for {namespace} {param} ({route})"
            choices.append(ids[namespace, param])
        for values in itertools.product(*choices):
            values = iter(str(value) for value in values)
            yield name, re.sub(r"<(?:\w+:)?\w+>", lambda _m, v=values: next(v), route)


def writes():
    """Everything a plugin URL could write."""
    return (
        list(Comment.objects.order_by("pk").values_list("pk", "state", "body")),
        CommentReport.objects.count(),
        list(Registration.objects.order_by("pk").values_list("pk", "status", "checked_in_at")),
        list(Opinion.objects.order_by("pk").values_list("pk", "status")),
        BoxEntry.objects.count(),
        RollEntry.objects.filter(voted_at__isnull=False).count(),
        list(Module.objects.filter(kind="raise_hand").values_list("settings", flat=True)),
        list(Booking.objects.order_by("pk").values_list("pk", "status", "rating")),
    )


def form_data(ids):
    data = {"body": "新的评论内容", "text": "新的书面意见", "reason": "举报", "code": "ABCD2345"}
    for ballot in ids["participation_ballots", "ballot_id"]:
        data.update({f"ballot{ballot}-vote": "for", f"ballot{ballot}-confirm": "on"})
    return data


@pytest.mark.parametrize(
    "how",
    [PageViewRestriction.GROUPS, PageViewRestriction.LOGIN, "draft"],
    ids=["private", "login-restricted", "draft"],
)
def test_every_plugin_url_refuses_a_module_on_a_page_one_may_not_view(client, home_page, how):
    editors, _created = Group.objects.get_or_create(name=EDITORS)
    resident, neighbour = VerifiedResidentFactory(), VerifiedResidentFactory()
    page, ids = build(home_page, how, resident, neighbour)
    hide(page, how, editors)
    secrets = [page.title, *Module.objects.values_list("title", flat=True)]
    secrets += Comment.objects.values_list("body", flat=True)
    before = writes()
    # A signed-in resident may view a login-restricted page: only visitors are refused there.
    visitors = [None] if how == PageViewRestriction.LOGIN else [None, resident]
    for visitor, (name, url) in itertools.product(visitors, urls_for(ids)):
        client.logout()
        if visitor is not None:
            client.force_login(visitor)
        for method in (client.get, client.post):
            response = method(url, form_data(ids))
            seen = f"{visitor and 'resident'} {method.__name__} {url}"
            body = response.content.decode() if not response.streaming else ""
            assert not any(secret in body for secret in secrets), seen
            status = response.status_code
            if visitor is None and status == 302:
                assert "login" in response["Location"], seen
            elif status == 403:
                assert name in STAFF_ONLY, seen
            else:
                assert status in {404, 405}, seen
    assert writes() == before


def test_signed_in_residents_take_part_on_a_login_restricted_page(client, home_page):
    from django.urls import reverse

    from pages.listings import open_modules
    from participation.ballots.casting import issue_paper
    from participation.ballots.models import Ballot

    resident, neighbour = VerifiedResidentFactory(), VerifiedResidentFactory()
    page, ids = build(home_page, "members", resident, neighbour)
    hide(page, PageViewRestriction.LOGIN, None)
    assert not any(module.page_id == page.pk for module in open_modules(home_page))
    client.force_login(neighbour)
    [comments] = ids["participation_comments", "module_id"]
    [hearing] = ids["participation_hearings", "hearing_id"]
    ballot = ids["participation_ballots", "ballot_id"][0]
    urls = [
        reverse("participation_comments:post", args=[comments]),
        reverse("participation_hearings:register", args=[hearing]),
        reverse("participation_hearings:submit_opinion", args=[hearing]),
        reverse("participation_ballots:vote", args=[ballot]),
    ]
    paper = issue_paper(Ballot.objects.get(pk=ballot), neighbour)
    for url in urls:
        data = {**form_data(ids), f"ballot{ballot}-paper": paper}
        assert client.post(url, data).status_code in {200, 302}, url
    assert Comment.objects.filter(author=neighbour).exists()
    assert Registration.objects.filter(author=neighbour).exists()
    assert Opinion.objects.filter(author=neighbour).exists()
    assert RollEntry.objects.filter(
        ballot_id=ballot, voter=neighbour, voted_at__isnull=False
    ).exists()
