"""The cadres' desk in the Wagtail admin: bookings of their duty and their status flow, phone
and walk-in requests, the duty log with its overdue entries, the month's roster, and the
committee's checks. Every view checks its rule on the server first."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from participation.core.access_log import record_access
from participation.core.admin_tools import for_staff
from participation.core.exports import spreadsheet_response
from participation.core.params import text_param
from participation.residents.communities import (
    community_id_of_module,
    community_of_request,
    in_community_scope,
    staff_community_ids,
)
from participation.services import services, stats
from participation.services.forms import (
    DeclineForm,
    MessageForm,
    OnBehalfForm,
    ReplyForm,
    SignOffForm,
)
from participation.services.models import Booking, Duty, ServiceBlock, ServiceMonth

Status = Booking.Status


def _require(user, rule, obj=None):
    if not user.has_perm(f"participation_services.{rule}", obj):
        raise PermissionDenied


def _community_id(request) -> int:
    """The community the checks and the roster are of: the site the admin is reached through,
    if the member of staff may read it (GET) or act on it (POST) there; else 403."""
    site = community_of_request(request)
    if site is None or not in_community_scope(staff_community_ids(request), site.pk):
        raise PermissionDenied
    return site.pk


def _month(request) -> date:
    raw = text_param(request.GET, "month", max_length=7) or text_param(
        request.POST, "month", max_length=7
    )
    try:
        year, month = (int(part) for part in raw.split("-"))
        return date(year, month, 1)
    except ValueError:
        return services.month_start(timezone.localdate())


def _my_bookings(request):
    """What the desk lists: all bookings of the staff member's communities for the desk, a
    cadre's of their duty otherwise (staff assigned them, in whichever community)."""
    user = request.user
    bookings = Booking.objects.select_related("matter", "duty__cadre", "cadre", "author")
    if user.has_perm("participation_services.handle_booking"):
        return for_staff(request, bookings, page="module__page")
    return bookings.filter(_assigned_to(user))


def _assigned_to(user) -> Q:
    return Q(cadre=user) | Q(duty__cadre=user)


@require_GET
def desk(request):
    _require(request.user, "use_desk")
    bookings = _my_bookings(request)
    now = timezone.now()
    open_ones = list(bookings.filter(status__in=Booking.ACTIVE).order_by("created_at"))
    context = {
        "open_bookings": open_ones,
        "flagged": [booking for booking in open_ones if booking.needs_reassignment],
        "overdue": [booking for booking in open_ones if booking.is_overdue(now)],
        "duties": Duty.objects.filter(starts_at__gte=now, cadre=request.user)[:10],
        "can_check": request.user.has_perm("participation_services.see_checks"),
        "now": now,
    }
    record_access(
        request,
        gettext_lazy("错时服务预约"),
        records=len(open_ones),
        subjects=[booking.author_id for booking in open_ones if booking.author_id],
    )
    return render(request, "participation_services/admin/desk.html", context)


@require_GET
def log(request):
    """The duty log (当班记录簿) of a month: every entry, overdue ones highlighted."""
    _require(request.user, "use_desk")
    first = _month(request)
    starts, ends = stats.month_bounds(first)
    entries = list(
        _my_bookings(request)
        .filter(created_at__gte=starts, created_at__lt=ends)
        .select_related("corrects")
        .order_by("created_at", "pk")
    )
    now = timezone.now()
    for entry in entries:
        entry.overdue = entry.is_overdue(now)
    record_access(
        request,
        gettext_lazy("当班记录簿"),
        records=len(entries),
        subjects=[entry.author_id for entry in entries if entry.author_id],
    )
    context = {"entries": entries, "month": first, "overdue_only": request.GET.get("overdue")}
    if context["overdue_only"]:
        context["entries"] = [entry for entry in entries if entry.overdue]
    return render(request, "participation_services/admin/log.html", context)


def _handled(request, booking_id) -> Booking:
    """A booking of the staff member's communities, or one assigned to them; else 404."""
    bookings = Booking.objects.select_related("matter", "duty__cadre", "cadre", "author", "module")
    reachable = for_staff(request, bookings, page="module__page") | bookings.filter(
        _assigned_to(request.user)
    )
    booking = get_object_or_404(reachable, pk=booking_id)
    _require(request.user, "handle", booking)
    return booking


ACTIONS = {
    "accept": lambda booking, user, data: services.accept(booking.pk, user),
    "start": lambda booking, user, data: services.start(booking.pk, user),
    "done": lambda booking, user, data: services.complete(booking.pk, user),
}
FORM_ACTIONS = {
    "reply": (ReplyForm, lambda b, u, d: services.reply(b.pk, u, d["reply"], d["result"])),
    "correct": (ReplyForm, lambda b, u, d: services.correct(b.pk, u, d["reply"], d["result"])),
    "decline": (DeclineForm, lambda b, u, d: services.decline(b.pk, u, d["reason"])),
    "message": (MessageForm, lambda b, u, d: services.post_message(b.pk, u, d["text"])),
}
DONE_MESSAGES = {
    "accept": gettext_lazy("已受理。"),
    "start": gettext_lazy("已开始办理。"),
    "done": gettext_lazy("已办结。"),
    "reply": gettext_lazy("答复已发送给居民。"),
    "correct": gettext_lazy("已新增一条更正记录。"),
    "decline": gettext_lazy("已告知居民不予受理的理由。"),
    "message": gettext_lazy("留言已发送。"),
}


@require_http_methods(["GET", "POST"])
def handle(request, booking_id):
    """One entry: what the resident asked, and the next step of its flow."""
    booking = _handled(request, booking_id)
    forms = {"reply": ReplyForm(), "decline": DeclineForm(), "message": MessageForm()}
    if request.method == "POST":
        action = text_param(request.POST, "action", max_length=20)
        outcome = _act(request, booking, action, forms)
        if outcome is not None:
            return outcome
        booking.refresh_from_db()
    elif booking.author_id:
        record_access(
            request, gettext_lazy("错时服务预约"), records=1, subjects=[booking.author_id]
        )
    context = {
        "booking": booking,
        "forms": forms,
        "booking_messages": booking.messages.all(),
        "corrections": booking.corrections.all(),
        "overdue": booking.is_overdue(),
    }
    return render(request, "participation_services/admin/handle.html", context)


def _act(request, booking, action, forms):
    """Run ``action``; a redirect when done, None to show the page again with the errors."""
    try:
        if action in ACTIONS:
            ACTIONS[action](booking, request.user, {})
        elif action in FORM_ACTIONS:
            form_class, act = FORM_ACTIONS[action]
            form = form_class(request.POST)
            forms["reply" if action == "correct" else action] = form
            if not form.is_valid():
                return None
            act(booking, request.user, form.cleaned_data)
        else:
            messages.error(request, _("未知的操作。"))
            return None
    except services.BookingError as error:
        messages.error(request, error.message)
        return None
    messages.success(request, DONE_MESSAGES[action])
    return redirect("participation_services_admin:handle", booking.pk)


@require_http_methods(["GET", "POST"])
def on_behalf(request):
    """A cadre records a phone call or a walk-in for a resident, with their consent."""
    _require(request.user, "book_on_behalf")
    module = for_staff(request, ServiceBlock.objects.order_by("pk"), page="page").first()
    community_id = community_id_of_module(module) if module else None
    form = OnBehalfForm(request.POST or None, community_id=community_id)
    if request.method == "POST" and form.is_valid():
        if module is None:
            messages.error(request, _("还没有页面放置错时服务模块，请先在页面中添加。"))
        else:
            data = form.cleaned_data
            try:
                booking = services.book(
                    module,
                    data["resident"],
                    services.Request(
                        matter=data["matter"],
                        mode=data["mode"],
                        duty_id=data.get("duty"),
                        requested_time=data.get("requested_time"),
                        details=data.get("details", ""),
                        channel=data["channel"],
                        visitor_name=data.get("visitor_name", ""),
                        consent=data["consent"],
                    ),
                    recorded_by=request.user,
                )
            except services.BookingError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("已登记。"))
                return redirect("participation_services_admin:handle", booking.pk)
    context = {"form": form, "duties": services.open_duties(community_id)[:40]}
    return render(request, "participation_services/admin/on_behalf.html", context)


@require_GET
def checks(request):
    """专项检查: the month per cadre, for the committee."""
    _require(request.user, "see_checks")
    first, community_id = _month(request), _community_id(request)
    months = ServiceMonth.objects.filter(month=first, community_id=community_id)
    month = months.select_related("checked_by").first()
    context = {
        "month": first,
        "data": stats.checks(first, community_ids=[community_id]),
        "service_month": month,
        "ratings": list(Booking.Rating.values),
        "can_export": request.user.has_perm("participation_services.export"),
        "sign_off_form": SignOffForm()
        if request.user.has_perm("participation_services.sign_off")
        and not (month and month.checked_at)
        else None,
    }
    return render(request, "participation_services/admin/checks.html", context)


@require_GET
def export_checks(request, fmt):
    _require(request.user, "export")
    if fmt not in ("csv", "xlsx"):
        raise Http404
    first = _month(request)
    rows = stats.check_rows(first, community_ids=[_community_id(request)])
    return spreadsheet_response(
        fmt,
        f"service-checks-{first:%Y-%m}",
        rows,
        title=_("专项检查 %(month)s") % {"month": f"{first:%Y-%m}"},
    )


@require_POST
def sign_off(request):
    _require(request.user, "sign_off")
    first, community_id = _month(request), _community_id(request)
    form = SignOffForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, errors[0])
    else:
        try:
            note = form.cleaned_data["note"]
            services.sign_off(first, request.user, note, community_id=community_id)
        except services.BookingError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("已签署本月检查。"))
    return redirect(f"{_checks_url()}?month={first:%Y-%m}")


def _checks_url():
    return reverse("participation_services_admin:checks")


@require_POST
def build_roster(request):
    """Make the month's duties from the weekly turns, and publish the month's roster."""
    _require(request.user, "handle")
    first, community_id = _month(request), _community_id(request)
    made = services.build_month(first, community_id)
    if text_param(request.POST, "publish", max_length=5):
        services.publish_roster(first, community_id)
    messages.success(request, _("已生成 %(count)s 个当班时段。") % {"count": len(made)})
    return redirect("participation_services_admin:desk")


urlpatterns = [
    path("", desk, name="desk"),
    path("log/", log, name="log"),
    path("new/", on_behalf, name="on_behalf"),
    path("bookings/<int:booking_id>/", handle, name="handle"),
    path("checks/", checks, name="checks"),
    path("checks/export.<str:fmt>", export_checks, name="export_checks"),
    path("checks/sign-off/", sign_off, name="sign_off"),
    path("roster/build/", build_roster, name="build_roster"),
]
