"""The admin's views, found from the registered URLs, and a record of every model they list.

Shared by the tests that render every admin view (production static storage) and that fuzz
their query parameters. A new modeladmin or snippet is found without touching this module; its
model needs a row in ``one_record_of_each`` (the tests say which one is missing).
"""

from datetime import timedelta

from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

MODELADMIN_MARK = "_modeladmin_"
SNIPPET_NAMESPACE = "wagtailsnippets_"


def _walk(patterns, namespaces=()):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = (*namespaces, pattern.namespace) if pattern.namespace else namespaces
            yield from _walk(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield ":".join((*namespaces, pattern.name)), pattern


def _model_of_modeladmin(name):
    prefix = name.split(MODELADMIN_MARK)[0]
    app_label, model_name = prefix.rsplit("_", 1)
    return apps.get_model(app_label, model_name)


def _model_of_snippet(name):
    namespace = name.split(":")[0].removeprefix(SNIPPET_NAMESPACE)
    app_label, model_name = namespace.rsplit("_", 1)
    return apps.get_model(app_label, model_name)


def admin_model_views():
    """``(url name, model, takes a pk)`` for every modeladmin and snippet view in the admin."""
    views = []
    for name, pattern in _walk(get_resolver().url_patterns):
        if MODELADMIN_MARK in name:
            model = _model_of_modeladmin(name)
        elif name.startswith(SNIPPET_NAMESPACE):
            model = _model_of_snippet(name)
        else:
            continue
        views.append((name, model, bool(pattern.pattern.regex.groupindex)))
    return views


def admin_urls(views):
    """The URL of each view, for the first record of its model when it takes one."""
    urls = []
    for name, model, takes_pk in views:
        record = model._default_manager.order_by("pk").first() if takes_pk else None
        urls.append(reverse(name, args=[record.pk] if takes_pk else []))
    return urls


def one_record_of_each(home_page, staff):
    """A small community: a resident, a building's code sheet, a hearing with a registration,
    an opinion and a group, a comments module with a moderated comment, a ballot, taxonomies."""
    from pages.factories import DisclosureCategoryFactory, FeatureTypeFactory
    from participation.ballots.factories import BallotFactory
    from participation.comments import services as comments
    from participation.comments.models import CommentsModule
    from participation.core.models import AccessLogEntry, Module
    from participation.hearings import services as hearings
    from participation.hearings.models import Hearing, OpinionGroup
    from participation.posts.models import DutyDay, Pairing, PartyMember, Post, Suggestion
    from participation.residents import services as residents
    from participation.residents.factories import RepresentativeFactory, VerifiedResidentFactory

    now = timezone.now()
    resident = VerifiedResidentFactory()
    RepresentativeFactory(building=resident.unit.building)
    residents.verify_by_staff(resident, resident.unit, staff)
    residents.generate_household_codes(resident.unit.building, staff)
    Module.objects.create(page=home_page, kind="raise_hand", title="举手")
    hearing = Hearing.objects.create(
        page=home_page,
        title="听证会",
        capacity=5,
        waiting_list=True,
        opens_at=now - timedelta(days=1),
        starts_at=now + timedelta(days=3),
        ends_at=now + timedelta(days=3, hours=2),
        opinion_deadline=now + timedelta(days=2),
    )
    hearings.register(resident, hearing, wants_to_speak=True)
    hearings.submit_opinion(resident, hearing, "建议增加车位。", show_name=True)
    OpinionGroup.objects.create(hearing=hearing, title="停车")
    module = CommentsModule.objects.create(page=home_page, title="居民意见")
    comment = comments.post_comment(resident, module, "同意这个方案。")
    comments.official_reply(staff, comment, "谢谢您的意见。")
    BallotFactory(page=home_page)
    one_service_record_of_each(home_page, resident, staff)
    post = Post.objects.create(name="治安巡逻岗", slug="patrol", description="巡逻", duties="巡逻")
    DutyDay.objects.create(post=post, date=now.date(), starts_at="19:00", ends_at="21:00")
    member = PartyMember.objects.create(name="示例党员", kind="registered", user=resident)
    Pairing.objects.create(household="3栋 某户", category="hardship", member=member)
    Suggestion.objects.create(person=resident, title="楼道装灯", text="建议")
    DisclosureCategoryFactory()
    FeatureTypeFactory()
    AccessLogEntry.objects.create(
        keep_until=now + timedelta(days=365),
        actor_id=staff.pk,
        actor_name=staff.username,
        action="view",
        what="居民账号列表",
        records=1,
    )


def one_service_record_of_each(home_page, resident, staff):
    """The staggered-hours service: a block, a matter, a weekly turn, a duty, leave, a month and
    a booking in the duty log."""
    from participation.services import services
    from participation.services.models import Duty, DutyPattern, Leave, Matter, ServiceBlock

    block = ServiceBlock.objects.create(page=home_page, title="错时服务")
    matter = Matter.objects.create(name="证明开具")
    today = timezone.localdate()
    DutyPattern.objects.create(
        cadre=staff, weekday=0, starts_at="19:00", ends_at="21:00", valid_from=today
    )
    starts = timezone.now() + timedelta(days=2)
    duty = Duty.objects.create(starts_at=starts, ends_at=starts + timedelta(hours=2), cadre=staff)
    Leave.objects.create(
        cadre=staff, starts_on=today + timedelta(days=30), ends_on=today + timedelta(days=31)
    )
    services.publish_roster(services.month_start(today))
    services.book(block, resident, services.Request(matter=matter, mode="visit", duty_id=duty.pk))
