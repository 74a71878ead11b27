"""我的消息 (the inbox), marking read, channel choices and the one-click unsubscribe."""

import hmac
import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from wagtail.models import Page

from participation.core.links import page_path
from participation.core.notifications import PAGES, declared_kinds
from participation.core.visibility import page_visible_to
from participation.notifications.following import (
    follows_of,
    follows_page,
    set_follow,
    unfollow_page,
)
from participation.notifications.forms import PreferencesForm
from participation.notifications.models import Channel, Follow, Item, Preference
from participation.notifications.replies import opt_out_replies
from participation.notifications.unread import forget_unread
from participation.notifications.unsubscribe import read_token
from plugins.registry import get_plugin

PER_PAGE = 20


@never_cache
@login_required
def inbox(request):
    """Only the signed-in resident's own messages, newest first."""
    items = Item.objects.filter(recipient=request.user)
    page = Paginator(items, PER_PAGE).get_page(request.GET.get("page"))
    context = {"page_obj": page, "unread": items.unread().count()}
    return render(request, "participation_notifications/inbox.html", context)


@login_required
@require_POST
def mark_read(request, item_id):
    item = get_object_or_404(Item, pk=item_id, recipient=request.user)
    if item.read_at is None:
        Item.objects.filter(pk=item.pk).update(read_at=timezone.now())
        forget_unread([request.user.pk])
    return redirect("participation_notifications:inbox")


@login_required
@require_POST
def mark_all_read(request):
    Item.objects.filter(recipient=request.user).unread().update(read_at=timezone.now())
    forget_unread([request.user.pk])
    messages.success(request, _("所有消息都已标为已读。"))
    return redirect("participation_notifications:inbox")


def kinds_by_owner():
    """Declared kinds grouped under the name of what declares them (栏目, 听证会…)."""
    groups = {}
    for kind in declared_kinds().values():
        groups.setdefault(kind.owner, []).append(kind)
    return [(_owner_name(owner), kinds) for owner, kinds in groups.items()]


def _owner_name(owner):
    if owner == PAGES:
        return _("栏目")
    plugin = get_plugin(owner)
    return plugin.verbose_name if plugin else owner


@never_cache
@login_required
def preferences(request):
    groups = kinds_by_owner()
    kinds = [kind for _name, group in groups for kind in group]
    form = PreferencesForm(request.user, kinds, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("通知设置已保存。"))
        return redirect("participation_notifications:preferences")
    rows = {kind.name: row for row in form.rows() for kind in [row[0]]}
    sections = [(name, [rows[kind.name] for kind in group]) for name, group in groups]
    return render(
        request,
        "participation_notifications/preferences.html",
        {"form": form, "sections": sections, "follows": followed_pages(request.user)},
        status=400 if form.is_bound else 200,
    )


def followed_pages(user) -> list:
    """(follow, its page) of what ``user`` follows: a module's page for a module."""
    return [(followed, followed.page or followed.module.page) for followed in follows_of(user)]


def follow_control(request, page) -> str:
    """The 关注/取消关注 button of ``page`` for the signed-in resident (never cached)."""
    context = {"page": page, "following": follows_page(request.user, page)}
    context["next"] = request.get_full_path()
    return render_to_string(
        "participation_notifications/follow_button.html", context, request=request
    )


def _back(request, page):
    """Where the button was, when that is on this site; else the page itself."""
    target = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if safe and target.startswith("/") else (page_path(page) or "/")


@login_required
@require_POST
def follow(request, page_id):
    """Follow (``following=1``) or stop following a page; only one the resident may view."""
    page = get_object_or_404(Page, pk=page_id)
    if not page_visible_to(request.user, page):
        raise Http404
    if request.POST.get("following") == "1":
        set_follow(request.user, page_id=page.pk)
        messages.success(
            request, _("已关注“%(title)s”，有新动态时会通知您。") % {"title": page.title}
        )
    else:
        unfollow_page(request.user, page)
        messages.success(request, _("已取消关注“%(title)s”。") % {"title": page.title})
    return redirect(_back(request, page))


@login_required
@require_POST
def unfollow(request, follow_id):
    """One click in the settings page: stop following one thing (only one's own)."""
    followed = get_object_or_404(Follow, pk=follow_id, user=request.user)
    followed.delete()
    messages.success(request, _("已取消关注。"))
    return redirect("participation_notifications:preferences")


@never_cache
@csrf_exempt  # mail programs POST the one-click unsubscribe without a session (RFC 8058)
def unsubscribe(request, token):
    """GET asks (link checkers must not unsubscribe anyone); POST stops these kinds' e-mails
    (one kind, or the kinds a digest gathered).

    Works without signing in: the signed token names the resident and the kinds. A forged or
    expired token changes nothing and says why.
    """
    try:
        user_id, kind_names = read_token(token)
    except signing.SignatureExpired:
        return _refused(request, _("这个退订链接已经过期。请登录后在“通知设置”里修改。"))
    except signing.BadSignature:
        return _refused(request, _("这个退订链接无效。请登录后在“通知设置”里修改。"))
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    kinds = [declared_kinds().get(name) for name in kind_names]
    if user is None or None in kinds:
        return _refused(request, _("这个退订链接对应的账号或消息类型已经不存在。"))
    context = {"label": "、".join(str(kind.label) for kind in kinds), "done": False}
    if request.method == "POST":
        for kind in kinds:
            _stop_emails(user, kind)
        context["done"] = True
    return render(request, "participation_notifications/unsubscribe.html", context)


def _stop_emails(user, kind):
    choice = Preference.objects.filter(user=user, kind=kind.name).first()
    rhythm = choice.rhythm if choice else Preference._meta.get_field("rhythm").default
    Preference.objects.update_or_create(
        user=user, kind=kind.name, defaults={"channel": Channel.NONE, "rhythm": rhythm}
    )


def _refused(request, reason):
    template = "participation_notifications/unsubscribe_refused.html"
    return render(request, template, {"reason": reason}, status=400)


@csrf_exempt  # the SMS provider posts without a session; the secret path segment is the check
@require_POST
def sms_replies(request, token):
    """The provider's push of residents' SMS replies (SmsUp); TD / 退订 / T / N switch SMS off.

    The URL carries ``SMS_INBOUND_TOKEN``: without it configured, or with another token,
    the endpoint does not exist (404). A body that is not a JSON array is a 400, which the
    provider pushes again later."""
    secret = settings.SMS_INBOUND_TOKEN
    if not secret or not hmac.compare_digest(token.encode(), secret.encode()):
        raise Http404
    try:
        replies = json.loads(request.body.decode())
    except (UnicodeDecodeError, ValueError):
        replies = None
    if not isinstance(replies, list):
        return JsonResponse({"code": 1, "msg": "expected a JSON array"}, status=400)
    opt_out_replies(replies)
    return JsonResponse({"code": 0, "msg": "接收成功"}, json_dumps_params={"ensure_ascii": False})
