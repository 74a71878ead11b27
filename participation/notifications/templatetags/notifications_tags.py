"""The header's link to 我的消息 with the unread count: ``{% notifications_link %}``."""

from django import template

from participation.notifications import unread
from plugins.switches import is_enabled

register = template.Library()

LABEL = "participation_notifications"


def unread_count(request) -> int | None:
    """Unread messages of the signed-in resident; None when signed out or switched off."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not is_enabled(LABEL, request=request):
        return None
    return unread.unread_count(user)


@register.inclusion_tag("participation_notifications/header_link.html", takes_context=True)
def notifications_link(context):
    """Renders nothing for visitors who are signed out or where notifications are off."""
    unread = unread_count(context.get("request"))
    return {"show": unread is not None, "unread": unread or 0}
