"""What the hearing block shows on its notice page, for everyone and for the signed-in resident."""

from django.conf import settings
from django.db.models import Count, Prefetch, Q
from django.shortcuts import resolve_url

from participation.hearings import services, tickets
from participation.hearings.forms import OpinionForm, RegistrationForm
from participation.hearings.models import Opinion, OpinionGroup, Registration

Status = Registration.Status


def module_context(request, hearing) -> dict:
    counts = hearing.registrations.aggregate(
        confirmed=Count("pk", filter=Q(status=Status.CONFIRMED)),
        waiting=Count("pk", filter=Q(status=Status.WAITING)),
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
        context.update(outcome_context(hearing))
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        context.update(resident_context(user, hearing))
    return context


def outcome_context(hearing) -> dict:
    """After the meeting: attendance and the published opinions with their answers, by group."""
    published = (
        Opinion.objects.public().filter(module=hearing).select_related("author__unit__building")
    )
    groups = list(
        OpinionGroup.objects.filter(hearing=hearing).prefetch_related(
            Prefetch("opinions", queryset=published, to_attr="published")
        )
    )
    ungrouped = [opinion for opinion in published if opinion.group_id is None]
    return {
        "attendance": hearing.attendance_count(),
        "opinion_groups": [group for group in groups if group.published],
        "ungrouped_opinions": ungrouped,
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
