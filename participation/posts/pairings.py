"""Pairings and visits (结对联系, 上门了解社情民意): only the paired member and staff holding
``view_pairing`` see them. Every look is in the access log; an id that is not the user's to
see answers 404 as if it did not exist, and the attempt is logged."""

import logging
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Max, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from participation.core.access_log import record_access
from participation.core.admin_tools import for_staff
from participation.posts.forms import VisitForm
from participation.posts.models import Pairing, Visit

VIEW_ALL = "participation_posts.view_pairing"
security = logging.getLogger("participation.posts.security")


def pairings_for(request):
    """Every pairing of the staff member's communities for staff with the permission;
    otherwise the member's own."""
    user = request.user
    pairings = Pairing.objects.select_related("member")
    if user.is_staff and user.has_perm(VIEW_ALL):
        return for_staff(request, pairings, community="member__community")
    return pairings.filter(member__user=user)


def _own_or_404(request, queryset, pk, what):
    record = queryset.filter(pk=pk).first()
    if record is None:
        security.warning("user %s asked for %s %s that is not theirs", request.user.pk, what, pk)
        raise Http404
    return record


def half_year_start(today: date) -> date:
    return today.replace(month=1 if today.month <= 6 else 7, day=1)


@login_required
@require_GET
def pairing_list(request):
    pairings = list(pairings_for(request).annotate(last_visit=Max("visits__visited_on")))
    if not pairings and not request.user.has_perm(VIEW_ALL):
        raise Http404
    record_access(
        request,
        _("结对联系"),
        records=len(pairings),
        subjects=[pairing.resident_id for pairing in pairings],
    )
    since = half_year_start(timezone.localdate())
    not_visited = [p for p in pairings if p.last_visit is None or p.last_visit < since]
    context = {"pairings": pairings, "not_visited": not_visited, "since": since}
    return render(request, "participation_posts/pairings.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def pairing_detail(request, pairing_id):
    pairing = _own_or_404(request, pairings_for(request), pairing_id, "pairing")
    form = VisitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        Visit.objects.create(pairing=pairing, recorded_by=request.user, **form.cleaned_data)
        messages.success(request, _("走访记录已保存。"))
        return redirect("participation_posts:pairing", pairing.pk)
    record_access(request, _("走访记录"), records=1, subjects=[pairing.resident_id], terms="")
    context = {"pairing": pairing, "visits": pairing.visits.all(), "form": form}
    status = 400 if form.errors else 200
    return render(request, "participation_posts/pairing.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def visit_edit(request, visit_id):
    """Write down the follow-up of what was promised."""
    visits = Visit.objects.filter(Q(pairing__in=pairings_for(request))).select_related("pairing")
    visit = _own_or_404(request, visits, visit_id, "visit")
    initial = {
        "visited_on": visit.visited_on,
        "learnt": visit.learnt,
        "promised": visit.promised,
        "follow_up": visit.follow_up,
    }
    form = VisitForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        for field, value in form.cleaned_data.items():
            setattr(visit, field, value)
        visit.save()
        messages.success(request, _("走访记录已保存。"))
        return redirect("participation_posts:pairing", visit.pairing_id)
    record_access(request, _("走访记录"), records=1, subjects=[visit.pairing.resident_id], terms="")
    context = {"visit": visit, "form": form}
    return render(
        request, "participation_posts/visit.html", context, status=400 if form.errors else 200
    )
