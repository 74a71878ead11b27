"""Staff's views in the Wagtail admin: notices (通知公告) with a preview before sending, each
notice's record and delivery status, and the delivery log with the retry of failures."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from participation.core.admin_tools import for_staff, get_for_staff, require_any_permission
from participation.core.notifications import declared_kinds
from participation.notifications import broadcasts
from participation.notifications.admin_forms import BroadcastForm, DeliveryFilter
from participation.notifications.delivery_log import log_rows, masked_contact, retry_failed
from participation.notifications.models import Broadcast, Channel, Delivery
from participation.residents.communities import (
    community_of_request,
    in_community_scope,
    managed_community_ids,
)

SEND = "participation_notifications.send_broadcast"
VIEW_BROADCASTS = "participation_notifications.view_broadcast"
VIEW_LOG = "participation_notifications.view_delivery"
RETRY = "participation_notifications.retry_delivery"
PER_PAGE = 50
RECIPIENTS_COMMUNITY = "item__recipient__community"


def broadcast_index(request):
    require_any_permission(request.user, SEND, VIEW_BROADCASTS)
    notices = for_staff(request, Broadcast.objects.select_related("sent_by"), community="community")
    page = Paginator(notices, PER_PAGE).get_page(request.GET.get("p"))
    context = {"page": page, "can_send": request.user.has_perm(SEND)}
    return TemplateResponse(request, "participation_notifications/admin/broadcasts.html", context)


@require_http_methods(["GET", "POST"])
def broadcast_new(request):
    """Write, preview (recipients per channel, SMS count), confirm: three steps, one form.

    The preview posts the same fields back with ``confirm``; the server plans again then,
    since residents' choices may have changed in between."""
    require_any_permission(request.user, SEND)
    community_id = community_of_request(request).pk
    if not in_community_scope(managed_community_ids(request.user), community_id):
        raise PermissionDenied  # a notice goes to the residents of a community one manages
    form = BroadcastForm(request.POST or None, community_id=community_id)
    if request.method == "POST" and "edit" not in request.POST and form.is_valid():
        group, values, label = form.chosen()
        data = form.cleaned_data
        notice = {key: data[key] for key in ("title", "body", "url", "urgent")}
        try:
            if "confirm" in request.POST:
                broadcast = broadcasts.send(
                    community_id=community_id,
                    audience=group,
                    values=values,
                    label=label,
                    sent_by=request.user,
                    **notice,
                )
                messages.success(request, _("通知公告已保存，正在后台发送。"))
                return redirect("participation_notifications_admin:broadcast", broadcast.pk)
            recipient_ids = group.recipient_ids(values, community_id)
            planned = broadcasts.plan(recipient_ids, community_id, **notice)
        except broadcasts.BroadcastRefused as refused:
            form.add_error(None, str(refused))
        else:
            if not planned.recipients:
                form.add_error(None, _("所选对象中没有可以接收通知的居民，未发送任何消息。"))
            else:
                context = {"form": form, "plan": planned, "label": label, "Channel": Channel}
                return TemplateResponse(
                    request, "participation_notifications/admin/preview.html", context
                )
    return TemplateResponse(
        request, "participation_notifications/admin/broadcast_form.html", {"form": form}
    )


def broadcast_detail(request, pk):
    require_any_permission(request.user, SEND, VIEW_BROADCASTS)
    notices = Broadcast.objects.select_related("sent_by")
    broadcast = get_for_staff(request, notices, community="community", pk=pk)
    status = broadcasts.delivery_status(broadcast)
    rows = [
        (channel.label, [status.get(channel.value, {}).get(s.value, 0) for s in Delivery.Status])
        for channel in (Channel.EMAIL, Channel.SMS)
    ]
    context = {
        "broadcast": broadcast,
        "statuses": Delivery.Status.labels,
        "rows": rows,
        "counts": [(Channel(code).label, count) for code, count in broadcast.counts.items()],
        "can_view_log": request.user.has_perm(VIEW_LOG),
    }
    return TemplateResponse(request, "participation_notifications/admin/broadcast.html", context)


def delivery_log(request):
    require_any_permission(request.user, VIEW_LOG)
    filters = DeliveryFilter(request.GET)
    rows = for_staff(request, filters.filter(log_rows()), community=RECIPIENTS_COMMUNITY)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("p"))
    kinds = {name: kind.label for name, kind in declared_kinds().items()}
    rows = [
        (delivery, masked_contact(delivery), kinds.get(delivery.item.kind, delivery.item.kind))
        for delivery in page
    ]
    context = {
        "filters": filters,
        "page": page,
        "rows": rows,
        "can_retry": request.user.has_perm(RETRY),
        "FAILED": Delivery.Status.FAILED,
        "query": _without_page(request.GET),
    }
    return TemplateResponse(request, "participation_notifications/admin/deliveries.html", context)


def _without_page(query) -> str:
    query = query.copy()
    query.pop("p", None)
    return query.urlencode()


@require_POST
def retry(request):
    require_any_permission(request.user, RETRY)
    ids = [
        value for value in request.POST.getlist("delivery") if value.isascii() and value.isdigit()
    ]
    chosen = Delivery.objects.filter(pk__in=[int(value) for value in ids])
    mine = for_staff(request, chosen, community=RECIPIENTS_COMMUNITY)
    count = retry_failed(list(mine.values_list("pk", flat=True)))
    if count:
        messages.success(
            request,
            ngettext(
                "%(count)d 条失败的投递将重新发送。", "%(count)d 条失败的投递将重新发送。", count
            )
            % {"count": count},
        )
    else:
        messages.error(request, _("没有选中发送失败的投递，未重新发送。"))
    back = request.POST.get("query", "")
    target = redirect("participation_notifications_admin:deliveries")
    if back and back.isprintable() and "\n" not in back:
        target["Location"] += "?" + back
    return target


urlpatterns = [
    path("", broadcast_index, name="broadcasts"),
    path("new/", broadcast_new, name="broadcast_new"),
    path("<int:pk>/", broadcast_detail, name="broadcast"),
    path("deliveries/", delivery_log, name="deliveries"),
    path("deliveries/retry/", retry, name="retry"),
]
