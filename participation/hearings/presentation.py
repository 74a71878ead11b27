"""What hearings show: the block on its notice page (for everyone and for the signed-in
resident) and the resident's rows on their 我的参与 page."""

from collections import defaultdict

from django.conf import settings
from django.db.models import Count, OuterRef, Q, Subquery
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from participation.core.links import page_path
from participation.hearings import services, tickets
from participation.hearings.forms import OpinionForm, RegistrationForm
from participation.hearings.models import Opinion, OpinionGroup, Registration
from plugins import ParticipationRow

Status = Registration.Status


def hearing_url(hearing) -> str:
    """The hearing on its page (page.url carries the active language's prefix)."""
    url = page_path(hearing.page) or "/"
    return f"{url}#hearing-{hearing.pk}"


def module_context(request, hearing) -> dict:
    counts = hearing.registrations.aggregate(
        confirmed=Count("pk", filter=Q(status=Status.CONFIRMED)),
        waiting=Count("pk", filter=Q(status=Status.WAITING)),
        checked_in=Count("pk", filter=Q(checked_in_at__isnull=False)),
    )
    context = {
        "hearing": hearing,
        "confirmed_count": counts["confirmed"],
        "waiting_count": counts["waiting"],
        "seats_left": max(0, hearing.capacity - counts["confirmed"]),
        "registration_open": hearing.registration_is_open(),
        "opinions_open": hearing.opinions_are_open(),
        "held": hearing.has_been_held(),
        "login_url": resolve_url(settings.LOGIN_URL),
    }
    if context["held"]:
        context.update(outcome_context(hearing, counts["checked_in"]))
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        context.update(resident_context(user, hearing))
    return context


def outcome_context(hearing, checked_in: int) -> dict:
    """After the meeting: attendance (as recorded, else as checked in) and the published
    opinions with their answers, by group: one query for the groups, one for the opinions."""
    published = defaultdict(list)
    opinions = (
        Opinion.objects.public().filter(module=hearing).select_related("author__unit__building")
    )
    for opinion in opinions:
        published[opinion.group_id].append(opinion)
    groups = list(OpinionGroup.objects.filter(hearing=hearing))
    for group in groups:
        group.published = published[group.pk]
    return {
        "attendance": checked_in if hearing.attendance is None else hearing.attendance,
        "opinion_groups": [group for group in groups if group.published],
        "ungrouped_opinions": published[None],
    }


def resident_context(user, hearing) -> dict:
    registration = (
        hearing.registrations.filter(author=user).exclude(status=Status.CANCELLED).first()
    )
    context = {
        "registration": registration,
        "my_opinions": list(
            hearing.opinions.filter(author=user, status=Opinion.Status.SUBMITTED).order_by(
                "created_at"
            )
        ),
        "can_submit_opinion": user.has_perm("participation_hearings.submit_opinion", hearing),
        "can_check_in": user.has_perm("participation_hearings.check_in"),
        "opinion_form": OpinionForm(),
    }
    if registration is not None:
        context["qr"] = tickets.qr_svg_data_uri(registration)
        if registration.status == Status.WAITING:
            context["waiting_place"] = hearing.registrations.filter(
                status=Status.WAITING, position__lte=registration.position
            ).count()
        return context
    if user.has_perm("participation_hearings.register", hearing):
        context["registration_form"] = RegistrationForm(hearing=hearing)
        return context
    try:
        services.check_can_register(user, hearing)
    except services.HearingError as error:
        context["registration_refusal"] = error.message
    return context


def my_participation(user) -> list[ParticipationRow]:
    """The resident's registrations (with their code, waiting place and the meeting's time)
    and written opinions, newest first."""
    rows = [_registration_row(registration) for registration in _registrations_of(user)]
    opinions = Opinion.objects.filter(author=user).select_related("module__page")
    rows += [_opinion_row(opinion) for opinion in opinions]
    return sorted(rows, key=lambda row: row.at, reverse=True)


def _registrations_of(user):
    ahead = (
        Registration.objects.filter(
            module=OuterRef("module"), status=Status.WAITING, position__lte=OuterRef("position")
        )
        .order_by()
        .values("module")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return (
        Registration.objects.filter(author=user)
        .select_related("module__page")
        .annotate(place=Subquery(ahead))
    )


def _registration_row(registration) -> ParticipationRow:
    hearing = registration.module
    starts = hearing.meeting_starts_at
    when = formats.date_format(timezone.localtime(starts), "DATETIME_FORMAT") if starts else ""
    action = _("报名参会（会议时间：%(when)s）") % {"when": when} if when else _("报名参会")
    if not registration.is_active:
        return ParticipationRow(
            hearing.name, hearing_url(hearing), action, _("已取消"), registration.created_at
        )
    if registration.status == Status.WAITING:
        state = _("候补第 %(place)s 位") % {"place": registration.place}
    elif registration.checked_in_at:
        state = _("已签到")
    else:
        state = _("已确认 · 报名码 %(code)s") % {"code": registration.code}
    ticket = reverse("participation_hearings:ticket", args=[registration.pk])
    return ParticipationRow(hearing.name, ticket, action, state, registration.created_at)


def _opinion_row(opinion) -> ParticipationRow:
    if opinion.status == Opinion.Status.WITHDRAWN:
        state = _("已撤回")
    elif opinion.is_published:
        state = _("已公开并答复") if opinion.answer else _("已公开")
    else:
        state = _("已提交")
    text = Truncator(opinion.text).chars(40)
    return ParticipationRow(
        opinion.module.name,
        hearing_url(opinion.module),
        _("书面意见：%(text)s") % {"text": text},
        state,
        opinion.created_at,
    )
