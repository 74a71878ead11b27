"""Residents book, follow, cancel and rate; everyone may read and print the published roster.

Booking views refuse anonymous users first (login_required outermost), then a module whose page
the user may not view (404), then check their rule. Cadres handle bookings in the admin
(``admin_views``).
"""

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from participation.core.links import absolute_url
from participation.core.refusals import post_only
from participation.core.visibility import get_visible_or_404, require_visible
from participation.residents.communities import community_id_of_module, community_of_request
from participation.services import services, tickets
from participation.services.forms import BookingForm, RatingForm
from participation.services.models import Booking, Duty, ServiceBlock, ServiceMonth
from participation.services.presentation import published_roster
from participation.services.services import month_start


def _visible_module(request, module_id) -> ServiceBlock:
    return get_visible_or_404(
        ServiceBlock.objects.select_related("page"), request.user, pk=module_id
    )


def _module_of_request_community(request, module_id) -> tuple[ServiceBlock, int]:
    """A visible module of the community the request is addressed to, and that community's
    id: another community's roster is not read through this one's address."""
    module = _visible_module(request, module_id)
    community_id = community_id_of_module(module)
    addressed = community_of_request(request)
    if addressed is None or community_id != addressed.pk:
        raise Http404
    return module, community_id


def _followed_booking(request, booking_id) -> Booking:
    """A booking the user may follow (their own; a cadre's of their duty), or 404."""
    booking = get_object_or_404(
        Booking.objects.select_related("module__page", "matter", "duty__cadre", "cadre"),
        pk=booking_id,
    )
    require_visible(request.user, booking.module)
    if not request.user.has_perm("participation_services.follow_booking", booking):
        raise Http404
    return booking


def _request_from(form) -> services.Request:
    data = form.cleaned_data
    return services.Request(
        matter=data["matter"],
        mode=data["mode"],
        duty_id=data.get("duty"),
        requested_time=data.get("requested_time"),
        details=data.get("details", ""),
    )


@login_required
@require_http_methods(["GET", "POST"])
def book(request, module_id):
    """Pick a matter and a free slot, ask for a time, or hand it over (代办)."""
    module = _visible_module(request, module_id)
    community_id = community_id_of_module(module)
    form = BookingForm(request.POST or None, community_id=community_id)
    alternatives = []
    if request.method == "POST" and form.is_valid():
        try:
            booking = services.book(module, request.user, _request_from(form))
        except services.BookingError as error:
            form.add_error(None, error.message)
            alternatives = error.alternatives
        else:
            messages.success(request, _("预约已提交。当班干部受理后会通知您。"))
            return redirect("participation_services:booking", booking.pk)
    context = {
        "module": module,
        "form": form,
        "duties": services.open_duties(community_id)[:40],
        "alternatives": alternatives,
        "can_book": request.user.has_perm("participation_services.book", module),
        "chosen_duty": str(form["duty"].value() or ""),
    }
    return render(request, "participation_services/book.html", context)


@login_required
@require_GET
def booking(request, booking_id):
    """The resident follows their booking: status, messages, the slot, rating when done."""
    booking = _followed_booking(request, booking_id)
    context = {
        "booking": booking,
        "booking_messages": booking.messages.all(),
        "can_cancel": booking.author_id == request.user.pk and booking.is_active,
        "rating_form": RatingForm()
        if booking.author_id == request.user.pk
        and booking.status == Booking.Status.DONE
        and not booking.rated_at
        else None,
    }
    return render(request, "participation_services/booking.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def cancel(request, booking_id):
    """Asks first (a page that works without JavaScript); the POST from it cancels."""
    booking = _followed_booking(request, booking_id)
    if booking.author_id != request.user.pk:
        raise Http404
    if request.method == "GET":
        return render(request, "participation_services/confirm_cancel.html", {"booking": booking})
    try:
        services.cancel(request.user, booking.pk)
    except services.BookingError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("预约已取消。"))
    return redirect("participation_services:booking", booking.pk)


def _booking_url(request, booking_id) -> str:
    booking = _followed_booking(request, booking_id)
    return reverse("participation_services:booking", args=[booking.pk])


@login_required
@post_only(_booking_url)
def rate(request, booking_id):
    booking = _followed_booking(request, booking_id)
    form = RatingForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, errors[0])
    else:
        try:
            services.rate(
                request.user, booking.pk, form.cleaned_data["rating"], form.cleaned_data["comment"]
            )
        except services.BookingError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("谢谢您的评价。"))
    return redirect("participation_services:booking", booking.pk)


@login_required
@require_GET
def calendar(request, booking_id):
    booking = _followed_booking(request, booking_id)
    content = tickets.booking_calendar(booking, absolute_url(booking.module.page))
    if content is None or not booking.is_active:
        raise Http404
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="booking.ics"'
    return response


def _month_param(request) -> date:
    """``?month=2026-12``, else this month; nonsense falls back to this month."""
    raw = (request.GET.get("month") or "")[:7]
    try:
        year, month = (int(part) for part in raw.split("-"))
        return date(year, month, 1)
    except ValueError:
        return month_start(timezone.localdate())


@require_GET
def roster(request, module_id):
    """The community's published roster of the month as a printable A4 sheet."""
    module, community_id = _module_of_request_community(request, module_id)
    first = _month_param(request)
    duties = published_roster(first, community_id)
    context = {"module": module, "month": first, "duties": duties}
    return render(request, "participation_services/roster.html", context)


@require_GET
def cadre_calendar(request, module_id, cadre_id):
    """A cadre's published duties in the community as an iCalendar feed."""
    _module, community_id = _module_of_request_community(request, module_id)
    duties = Duty.objects.filter(
        community_id=community_id,
        cadre_id=cadre_id,
        starts_at__gte=timezone.now() - timedelta(days=31),
    ).select_related("cadre")
    months = set(
        ServiceMonth.objects.filter(
            community_id=community_id, roster_published_at__isnull=False
        ).values_list("month", flat=True)
    )
    published = [
        duty for duty in duties if month_start(timezone.localdate(duty.starts_at)) in months
    ]
    if not published:
        raise Http404
    content = tickets.cadre_calendar(published[0].cadre, published)
    return HttpResponse(content, content_type="text/calendar; charset=utf-8")
