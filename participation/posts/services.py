"""Applying for a post, signing up for duty days, check-in and pledges: the rules that must hold
at once.

Applying locks the post row and signing up locks the duty day (``select_for_update``), so that
counting the places taken and taking one are a single step: parallel requests for the last
place fill exactly the capacity. The partial unique constraints are the last line of defence.
Notifications go through the core's ``notify`` inside the transaction that makes them true.
"""

from datetime import timedelta
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participation.core.notifications import notify
from participation.posts.models import DutyDay, DutySignup, Pledge, Post, PostApplication
from participation.residents.predicates import is_verified_resident

Application = PostApplication.Status
Signup = DutySignup.Status
MAX_HOURS = Decimal("24")
OTHER_COMMUNITY = _("这个岗位属于其他社区，只有该社区已认证的居民可以申请和报名。")


class PostsError(Exception):
    """A refusal with a message for the resident or the staff member; nothing was changed."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def apply(user, post, skill, show_name=False) -> PostApplication:
    """Apply for ``post``: the application holds a place until staff decide."""
    if not is_verified_resident(user):
        raise PostsError(_("只有已认证的居民可以申请岗位。请先完成居民认证。"))
    if not user.is_verified_resident_of(post.community_id):
        raise PostsError(OTHER_COMMUNITY)
    try:
        with transaction.atomic():
            post = Post.objects.select_for_update().get(pk=post.pk)
            if PostApplication.objects.filter(
                person=user, status__in=PostApplication.HOLDING
            ).exists():
                raise PostsError(_("您已经申请或担任了一个岗位，每人选择一岗。"))
            taken = post.applications.filter(status__in=PostApplication.HOLDING).count()
            if taken >= post.places:
                raise PostsError(_("这个岗位的名额已满。"))
            return PostApplication.objects.create(
                post=post, person=user, skill=skill.strip(), show_name=show_name
            )
    except IntegrityError as error:  # the constraint caught what the check could not
        raise PostsError(_("您已经申请或担任了一个岗位，每人选择一岗。")) from error


def decide(application_id, staff, approve: bool) -> PostApplication:
    """Staff approve or decline a pending application and the applicant is told."""
    with transaction.atomic():
        application = (
            PostApplication.objects.select_for_update()
            .select_related("post")
            .get(pk=application_id)
        )
        if application.status != Application.PENDING:
            raise PostsError(_("这份申请已经审核过了。"))
        application.status = Application.APPROVED if approve else Application.DECLINED
        application.decided_at = timezone.now()
        application.decided_by = staff
        application.save(update_fields=["status", "decided_at", "decided_by"])
        title = (
            _("您申请的%(post)s已通过审核。") if approve else _("您申请的%(post)s未通过审核。")
        ) % {"post": application.post.name}
        notify(
            "participation_posts.application_decided",
            [application.person],
            title=title,
            url=application.post.get_absolute_url(),
            obj=application,
        )
    return application


def leave_post(application_id, staff=None) -> list[DutySignup]:
    """End someone's time on a post (they leave, or staff remove them): their future shifts on
    that post are freed and they are told which."""
    with transaction.atomic():
        application = PostApplication.objects.select_for_update().get(pk=application_id)
        if application.status not in PostApplication.HOLDING:
            raise PostsError(_("此人目前不在这个岗位上。"))
        application.status = Application.LEFT
        application.decided_at = timezone.now()
        application.decided_by = staff or application.decided_by
        application.save(update_fields=["status", "decided_at", "decided_by"])
        leaving = DutySignup.objects.filter(
            person_id=application.person_id,
            duty__post_id=application.post_id,
            duty__date__gte=timezone.localdate(),
            status__in=DutySignup.ACTIVE,
            checked_in_at__isnull=True,
        )
        duties = list(
            DutyDay.objects.select_for_update()
            .filter(pk__in=leaving.values("duty_id"))
            .select_related("post")
            .order_by("pk")
        )
        freed = list(leaving.select_for_update().select_related("duty__post"))
        for signup in freed:
            _cancel(signup)
            notify(
                "participation_posts.shift_freed",
                [application.person],
                title=_("您在%(duty)s的服务日报名已取消。") % {"duty": signup.duty},
                url=signup.duty.post.get_absolute_url(),
                obj=signup,
            )
        for duty in duties:
            promote_waiting(duty)
    return freed


def holds_post(user, post) -> bool:
    return PostApplication.objects.filter(
        person=user, post=post, status=Application.APPROVED
    ).exists()


def sign_up(user, duty) -> DutySignup:
    """Take a place on a duty day of a post the person holds."""
    try:
        with transaction.atomic():
            duty = DutyDay.objects.select_for_update().select_related("post").get(pk=duty.pk)
            if not is_verified_resident(user) or not holds_post(user, duty.post):
                raise PostsError(_("只有这个岗位的在岗人员可以报名服务日。"))
            if not user.is_verified_resident_of(duty.post.community_id):
                raise PostsError(OTHER_COMMUNITY)
            if duty.date < timezone.localdate():
                raise PostsError(_("这个服务日已经过去了。"))
            if duty.signups.filter(person=user, status__in=DutySignup.ACTIVE).exists():
                raise PostsError(_("您已经报名了这个服务日。"))
            full = duty.signups.filter(status=Signup.SIGNED_UP).count() >= duty.places
            status = Signup.WAITING if full else Signup.SIGNED_UP
            return DutySignup.objects.create(duty=duty, person=user, status=status)
    except IntegrityError as error:
        raise PostsError(_("您已经报名了这个服务日。")) from error


def _cancel(signup) -> None:
    signup.status = Signup.CANCELLED
    signup.cancelled_at = timezone.now()
    signup.save(update_fields=["status", "cancelled_at"])


def promote_waiting(duty) -> list[DutySignup]:
    """Give the free places of ``duty`` (locked by the caller) to the first waiting, in the
    order they signed up, and tell them."""
    free = duty.places - duty.signups.filter(status=Signup.SIGNED_UP).count()
    promoted = list(
        duty.signups.filter(status=Signup.WAITING).order_by("created_at", "pk")[: max(free, 0)]
    )
    for signup in promoted:
        signup.status = Signup.SIGNED_UP
        signup.save(update_fields=["status"])
        notify(
            "participation_posts.promoted",
            [signup.person],
            title=_("%(duty)s有了空位，您已从候补转为正式报名。") % {"duty": duty},
            url=duty.post.get_absolute_url(),
            obj=signup,
        )
    return promoted


def cancel_signup(user, signup_id) -> DutySignup:
    """Cancel ``user``'s place or waiting; a freed place goes to the first waiting."""
    with transaction.atomic():
        duty_id = (
            DutySignup.objects.filter(pk=signup_id, person=user)
            .values_list("duty_id", flat=True)
            .first()
        )
        if duty_id is None:
            raise PostsError(_("找不到这条报名记录。"))
        duty = DutyDay.objects.select_for_update().select_related("post").get(pk=duty_id)
        signup = DutySignup.objects.select_for_update().select_related("duty").get(pk=signup_id)
        if signup.status == Signup.CANCELLED:
            raise PostsError(_("这条报名已经取消过了。"))
        if signup.checked_in_at:
            raise PostsError(_("您已经签到，不能再取消。"))
        if signup.duty.date < timezone.localdate():
            raise PostsError(_("这个服务日已经过去了。"))
        _cancel(signup)
        promote_waiting(duty)
    return signup


def check_in(signup_id, staff, hours=None) -> DutySignup:
    """Staff record that the person served, and for how long (the duty's length by default)."""
    with transaction.atomic():
        signup = DutySignup.objects.select_for_update().select_related("duty").get(pk=signup_id)
        if signup.status != Signup.SIGNED_UP:
            raise PostsError(_("这条报名已经取消，不能签到。"))
        if signup.checked_in_at:
            raise PostsError(_("此人已经签到过了。"))
        hours = signup.duty.length_in_hours if hours is None else hours
        if not Decimal("0") < hours <= MAX_HOURS:
            raise PostsError(_("服务时长须在 0.1 到 24 小时之间。"))
        signup.checked_in_at = timezone.now()
        signup.checked_in_by = staff
        signup.hours = hours
        signup.save(update_fields=["checked_in_at", "checked_in_by", "hours"])
    return signup


def claim_reminder(signup_id) -> bool:
    """Mark a reminder as sent if nobody has: one conditional UPDATE decides."""
    return bool(
        DutySignup.objects.filter(
            pk=signup_id, reminded_at__isnull=True, status=Signup.SIGNED_UP
        ).update(reminded_at=timezone.now())
    )


def send_reminders(on=None) -> int:
    """Remind everyone signed up for a duty day tomorrow (or ``on``), once each."""
    day = on or timezone.localdate() + timedelta(days=1)
    sent = 0
    signups = DutySignup.objects.filter(
        duty__date=day, status=Signup.SIGNED_UP, reminded_at__isnull=True
    ).select_related("duty__post", "person")
    for signup in signups:
        with transaction.atomic():
            if not claim_reminder(signup.pk):
                continue
            notify(
                "participation_posts.duty_reminder",
                [signup.person],
                title=_("明天 %(time)s 是您在%(post)s的服务日。")
                % {"time": signup.duty.starts_at.strftime("%H:%M"), "post": signup.duty.post.name},
                url=signup.duty.post.get_absolute_url(),
                obj=signup,
            )
            sent += 1
    return sent


def record_pledge(user, year, kind, text, is_public) -> Pledge:
    """Record or change one of the member's five pledges for ``year``."""
    pledge, _created = Pledge.objects.update_or_create(
        person=user, year=year, kind=kind, defaults={"text": text.strip(), "is_public": is_public}
    )
    return pledge


def mark_done(user, pledge_id, done=True) -> Pledge:
    pledge = Pledge.objects.filter(pk=pledge_id, person=user).first()
    if pledge is None:
        raise PostsError(_("找不到这项承诺。"))
    pledge.done_at = (pledge.done_at or timezone.now()) if done else None
    pledge.save(update_fields=["done_at"])
    return pledge
