"""What the dummy plugin shows: a module inside its page, a resident's raised hands."""

from django.db.models import Count
from wagtail.models import Site

from participation.core.models import Module
from plugins import Linkable, ParticipationRow
from tests.dummy_plugin.models import HandRaise


def hands(module) -> int:
    """Hands counted at the meeting (the module's settings) plus those raised online."""
    return module.settings.get("hands", 0) + module.hand_raises.count()


def module_context(request, module) -> dict:
    user = request.user if request is not None else None
    raised = bool(user and user.is_authenticated and module.hand_raises.filter(user=user).exists())
    return {"hands": hands(module), "raised": raised}


def count_contributions(modules) -> dict[int, int]:
    counts = {}
    for module in modules.annotate(online=Count("hand_raises")):
        total = module.settings.get("hands", 0) + module.online
        counts[module.page_id] = counts.get(module.page_id, 0) + total
    return counts


def _of_communities(communities) -> list[int]:
    sites = Site.objects.filter(pk__in=communities).select_related("root_page")
    return [
        pk
        for site in sites
        for pk in Module.objects.of_community(site).values_list("pk", flat=True)
    ]


def linkable(kind, ids=None, communities=None) -> list[Linkable]:
    """Shows of hands on pages anyone may view, linked to their page."""
    if kind != "show_of_hands":
        return []
    modules = Module.objects.visible_to(None).filter(kind="raise_hand").select_related("page")
    if communities is not None:
        modules = modules.filter(pk__in=_of_communities(communities))
    modules = modules.order_by("pk")
    if ids is not None:
        modules = modules.filter(pk__in=ids)
    return [Linkable(module.pk, module.title, module.page.url) for module in modules]


def my_participation(user) -> list[ParticipationRow]:
    return [
        ParticipationRow(
            title=hand.module.title,
            url=hand.module.page.url or "/",
            action="Raised a hand",
            state="Raised",
            at=hand.raised_at,
        )
        for hand in HandRaise.objects.filter(user=user)
        .select_related("module__page")
        .order_by("-raised_at")
    ]


def broadcast_audiences():
    from participation.core.models import Module
    from plugins import BroadcastAudience
    from tests.dummy_plugin.models import HandRaise

    def options(community_id):
        modules = Module.objects.filter(kind="raise_hand").order_by("pk")
        return [(str(module.pk), str(module)) for module in modules]

    def recipient_ids(values, community_id):
        ids = [int(value) for value in values if value.isdigit()]
        hands = HandRaise.objects.filter(module_id__in=ids, user__community_id=community_id)
        return hands.values_list("user_id", flat=True)

    return [BroadcastAudience("raised", "Raised a hand", options, recipient_ids)]
