"""A resident's messages, deliveries, choices and follows: 我的参与, download, erasure."""

from django.utils.translation import gettext as _

from participation.core.links import page_path
from participation.notifications.models import (
    Broadcast,
    Delivery,
    Follow,
    Item,
    Preference,
    SmsOptOut,
)
from participation.notifications.unread import forget_unread
from plugins import ParticipationRow, PersonalData


def _iso(moment):
    return moment.isoformat() if moment else None


def my_participation(user) -> list[ParticipationRow]:
    rows = []
    for follow in Follow.objects.filter(user=user).select_related("page", "module__page"):
        page = follow.page or follow.module.page
        title = page.title if follow.page else str(follow.module)
        rows.append(ParticipationRow(title, page_path(page), _("关注"), at=follow.created_at))
    return sorted(rows, key=lambda row: row.at, reverse=True)


def personal_data(user) -> dict:
    items = Item.objects.filter(recipient=user)
    deliveries = Delivery.objects.filter(item__recipient=user).order_by("pk")
    return PersonalData(
        records={
            "messages": [
                {
                    "kind": item.kind,
                    "title": item.title,
                    "url": item.url,
                    "created_at": _iso(item.created_at),
                    "read_at": _iso(item.read_at),
                }
                for item in items
            ],
            "deliveries": [
                {
                    "message": delivery.item_id,
                    "channel": delivery.channel,
                    "status": delivery.status,
                    "sent_at": _iso(delivery.sent_at),
                }
                for delivery in deliveries
            ],
            "choices": list(
                Preference.objects.filter(user=user).values("kind", "channel", "rhythm")
            ),
            "sms_opt_out": _iso(
                SmsOptOut.objects.filter(user=user).values_list("created_at", flat=True).first()
            ),
            "notices_sent": [
                {"title": title, "sent_at": _iso(sent_at)}
                for title, sent_at in Broadcast.objects.filter(sent_by=user).values_list(
                    "title", "sent_at"
                )
            ],
            "follows": [
                {
                    "page": follow.page_id,
                    "module": follow.module_id,
                    "since": _iso(follow.created_at),
                }
                for follow in Follow.objects.filter(user=user)
            ],
        }
    )


def erase_personal_data(user) -> None:
    """Their messages, choices, follows and opt-out go; notices they sent stay in the log
    (residents received them), without the sender."""
    Item.objects.filter(recipient=user).delete()
    SmsOptOut.objects.filter(user=user).delete()
    Broadcast.objects.filter(sent_by=user).update(sent_by=None)

    forget_unread([user.pk])
    Preference.objects.filter(user=user).delete()
    Follow.objects.filter(user=user).delete()
