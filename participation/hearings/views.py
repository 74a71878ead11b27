"""Residents register, cancel and hand in opinions; staff check people in at the door.

Every view refuses anonymous users first (login_required outermost), then checks its rule.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from participation.core.access_log import record_access
from participation.core.admin_tools import get_for_staff
from participation.core.files import protected_file_response
from participation.core.links import absolute_url
from participation.core.predicates import is_resident_of_module_community
from participation.core.refusals import post_only
from participation.core.visibility import get_visible_or_404, require_visible
from participation.hearings import services, tickets
from participation.hearings.forms import CheckInForm, OpinionForm, RegistrationForm
from participation.hearings.models import Hearing, Opinion, Registration
from participation.hearings.presentation import hearing_url

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
}


def _visible_hearing(request, hearing_id) -> Hearing:
    """The hearing, or 404 when it does not exist or its page is hidden from this user."""
    return get_visible_or_404(Hearing.objects.select_related("page"), request.user, pk=hearing_id)


def _hearing_page(request, hearing_id) -> str:
    return hearing_url(_visible_hearing(request, hearing_id))


@login_required
@post_only(_hearing_page)
def register(request, hearing_id):
    hearing = _visible_hearing(request, hearing_id)
    form = RegistrationForm(request.POST, hearing=hearing)
    if not form.is_valid():
        messages.error(request, _("请选择本次会议议程中的一项。"))
        return redirect(hearing_url(hearing))
    try:
        registration = services.register(
            request.user,
            hearing,
            wants_to_speak=form.cleaned_data["wants_to_speak"],
            agenda_item=form.cleaned_data.get("agenda_item", ""),
        )
    except services.HearingError as error:
        messages.error(request, error.message)
    else:
        if registration.status == Registration.Status.CONFIRMED:
            messages.success(
                request, _("报名成功，您的报名码是 %(code)s。") % {"code": registration.code}
            )
        else:
            messages.info(request, _("座位已满，您已进入候补名单。有空位时会按先后顺序递补。"))
    return redirect(hearing_url(hearing))


@login_required
@require_http_methods(["GET", "POST"])
def cancel(request, registration_id):
    """Asks first (a page that works without JavaScript); the POST from it cancels."""
    registration = _own_registration(request, registration_id)
    return _confirm_then_act(
        request,
        registration.module,
        lambda: services.cancel(request.user, registration_id),
        title=_("取消报名"),
        question=_("确定取消报名吗？取消后座位会让给候补的居民，再报名要重新排队。"),
        action=_("确定取消报名"),
        done=_("已取消报名。"),
    )


def _own_registration(request, registration_id) -> Registration:
    """The user's own registration, or 404 (also when the hearing's page is hidden from them)."""
    registration = get_object_or_404(
        Registration.objects.select_related("module", "module__page"),
        pk=registration_id,
        author=request.user,
    )
    require_visible(request.user, registration.module)
    return registration


@login_required
@require_GET
def ticket(request, registration_id):
    """The code and its QR code, large enough to show at the door (and to print)."""
    registration = _own_registration(request, registration_id)
    context = {
        "registration": registration,
        "hearing": registration.module,
        "qr": tickets.qr_svg_data_uri(registration) if registration.is_active else "",
    }
    return render(request, "participation_hearings/ticket.html", context)


@login_required
@require_GET
def calendar(request, registration_id):
    registration = _own_registration(request, registration_id)
    content = tickets.calendar_for(registration, absolute_url(registration.module.page))
    if not registration.is_active or content is None:
        raise Http404
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="hearing.ics"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def submit_opinion(request, hearing_id):
    """The opinion form; on a bad input it comes back with the text kept and the reason."""
    hearing = _visible_hearing(request, hearing_id)
    form = OpinionForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not request.user.has_perm("participation_hearings.submit_opinion", hearing):
            _refuse_opinion(request, hearing)
        elif form.is_valid():
            try:
                services.submit_opinion(
                    request.user,
                    hearing,
                    form.cleaned_data["text"],
                    attachment=form.cleaned_data["attachment"],
                    show_name=form.cleaned_data["show_name"],
                )
            except services.HearingError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("您的书面意见已提交，谢谢。"))
                return redirect(hearing_url(hearing))
    context = {"hearing": hearing, "form": form}
    return render(request, "participation_hearings/opinion_form.html", context)


def _refuse_opinion(request, hearing):
    if not request.user.is_verified:
        messages.error(request, _("只有已认证的居民可以提交书面意见。"))
    elif not is_resident_of_module_community(request.user, hearing):
        messages.error(request, _("这次听证属于其他社区，只有该社区的居民可以提交书面意见。"))
    else:
        messages.error(request, _("书面意见的提交已经截止。"))


def _confirm_then_act(request, hearing, act, *, title, question, action, done):
    """GET asks on a page that works without JavaScript; the POST from it calls ``act``."""
    if request.method == "GET":
        context = {
            "hearing": hearing,
            "title": title,
            "question": question,
            "action": action,
            "back_url": hearing_url(hearing),
        }
        return render(request, "participation_hearings/confirm.html", context)
    try:
        act()
    except services.HearingError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect(hearing_url(hearing))


@login_required
@require_http_methods(["GET", "POST"])
def withdraw_opinion(request, opinion_id):
    """Asks first (a page that works without JavaScript); the POST from it withdraws."""
    opinion = get_object_or_404(
        Opinion.objects.select_related("module__page"), pk=opinion_id, author=request.user
    )
    require_visible(request.user, opinion.module)
    return _confirm_then_act(
        request,
        opinion.module,
        lambda: services.withdraw_opinion(request.user, opinion_id),
        title=_("撤回书面意见"),
        question=_("确定撤回这份书面意见吗？撤回后工作人员不会再处理它。"),
        action=_("确定撤回"),
        done=_("您的书面意见已撤回。"),
    )


@login_required
@require_GET
def attachment(request, opinion_id):
    """An opinion's attachment, for its author and the staff only; always as a download."""
    opinion = get_object_or_404(Opinion.objects.select_related("module__page"), pk=opinion_id)
    if not request.user.has_perm("participation_hearings.view_attachment", opinion):
        raise PermissionDenied
    if not opinion.attachment:
        raise Http404
    if opinion.author_id != request.user.pk:
        record_access(
            request, gettext_lazy("书面意见附件"), records=1, subjects=[opinion.author_id]
        )
    extension = opinion.attachment.name.rsplit(".", 1)[-1]
    return protected_file_response(
        request,
        opinion.attachment,
        filename=f"opinion-{opinion.pk}.{extension}",
        content_type=CONTENT_TYPES.get(extension, "application/octet-stream"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def staff_cancel(request, registration_id):
    """Staff cancel a resident's registration (from the attendee list); asks first. The
    resident is told and the seat goes to the first on the waiting list."""
    if not request.user.has_perm("participation_hearings.check_in"):
        raise PermissionDenied
    registrations = Registration.objects.select_related("module__page")
    registration = get_for_staff(request, registrations, page="module__page", pk=registration_id)
    hearing = registration.module
    back = reverse("participation_hearings_registration_modeladmin_index")
    back = f"{back}?hearing={hearing.pk}"
    if request.method == "GET":
        context = {
            "hearing": hearing,
            "title": _("取消这位居民的报名"),
            "question": _("确定取消报名码 %(code)s 的报名吗？居民会收到通知，座位让给候补的居民。")
            % {"code": registration.code},
            "action": _("确定取消报名"),
            "back_url": back,
        }
        return render(request, "participation_hearings/confirm.html", context)
    try:
        services.cancel_by_staff(request.user, registration_id)
    except services.HearingError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("已取消报名，并已通知居民。"))
    return redirect(back)


@login_required
@require_http_methods(["GET", "POST"])
def check_in(request, hearing_id):
    """The door: staff type a code or scan a QR code; the page says what it is."""
    if not request.user.has_perm("participation_hearings.check_in"):
        raise PermissionDenied
    hearing = _visible_hearing(request, hearing_id)
    get_for_staff(request, Hearing.objects, page="page", pk=hearing.pk)
    result = None
    form = CheckInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = services.check_in(hearing, form.cleaned_data["code"], request.user)
        form = CheckInForm()  # an empty field, ready for the next person
        if result.registration is not None:
            subjects = [result.registration.author_id]
            record_access(request, gettext_lazy("现场签到"), records=1, subjects=subjects, terms="")
    confirmed = hearing.registrations.filter(status=Registration.Status.CONFIRMED)
    context = {
        "hearing": hearing,
        "form": form,
        "result": result,
        "confirmed_count": confirmed.count(),
        "checked_in_count": confirmed.filter(checked_in_at__isnull=False).count(),
        "export_url": reverse("participation_hearings_registration_modeladmin_index")
        + f"?hearing={hearing.pk}",
    }
    return render(request, "participation_hearings/check_in.html", context)
