"""What residents see: who serves on a post, the year's totals, 我的参与 rows."""

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from participation.posts.models import DutyDay, DutySignup, Pledge, Post, PostApplication
from participation.residents.models import Representative, User
from plugins import Linkable, ParticipationRow

Application = PostApplication.Status
Signup = DutySignup.Status


def serving(post) -> tuple[list[str], int]:
    """The public names of those on ``post`` who agreed to show them, and how many others."""
    holders = post.applications.filter(status=Application.APPROVED).select_related(
        "person__unit__building"
    )
    names = [holder.person.public_name for holder in holders if holder.show_name]
    return names, len(holders) - len(names)


def linkable(kind, ids=None, communities=None) -> list[Linkable]:
    """Posts, and people as the post page shows them (``serving``): only those approved on a
    post who agreed to show their name, by their public name. A person's link leads to their
    post's page, the one public place that names them."""
    if kind == "post":
        posts = Post.objects.all() if ids is None else Post.objects.filter(pk__in=ids)
        if communities is not None:
            posts = posts.filter(community_id__in=communities)
        return [Linkable(post.pk, post.name, post.get_absolute_url()) for post in posts]
    if kind == "person":
        holders = PostApplication.objects.filter(
            status=Application.APPROVED, show_name=True, person__is_active=True
        ).select_related("post", "person__unit__building")
        if communities is not None:
            holders = holders.filter(post__community_id__in=communities)
        if ids is not None:
            holders = holders.filter(person_id__in=ids)
        return [
            Linkable(
                holder.person_id,
                _("%(name)s（%(post)s）")
                % {"name": holder.person.public_name, "post": holder.post},
                holder.post.get_absolute_url(),
            )
            for holder in holders.order_by("post__sort_order", "post_id", "decided_at", "pk")
        ]
    return []


def upcoming_duties(post):
    return (
        post.duty_days.filter(date__gte=timezone.localdate())
        .annotate(taken=Count("signups", filter=Q(signups__status=Signup.SIGNED_UP)))
        .order_by("date", "starts_at")[:10]
    )


def public_pledges(post):
    """Pledges of the post's holders that each chose to show, for this year."""
    holder_ids = post.applications.filter(status=Application.APPROVED, show_name=True).values(
        "person_id"
    )
    return (
        Pledge.objects.filter(
            person_id__in=holder_ids, is_public=True, year=timezone.localdate().year
        )
        .select_related("person__unit__building")
        .order_by("person_id", "kind")
    )


def year_totals(year, community_id) -> list[dict]:
    """Hours served and duty days held per post of the community in ``year`` (checked-in
    service only)."""
    served = Q(
        duty_days__date__year=year,
        duty_days__signups__checked_in_at__isnull=False,
    )
    posts = Post.objects.filter(community_id=community_id).annotate(
        hours=Sum("duty_days__signups__hours", filter=served),
        services=Count("duty_days__signups", filter=served),
    )
    return [{"post": post, "hours": post.hours or 0, "services": post.services} for post in posts]


def record_of(user, year) -> dict:
    """A person's service in ``year``: their duties and the hours recorded."""
    signups = (
        DutySignup.objects.filter(person=user, duty__date__year=year)
        .select_related("duty__post")
        .order_by("duty__date")
    )
    served = [signup for signup in signups if signup.checked_in_at]
    return {
        "year": year,
        "signups": signups,
        "duties": len(served),
        "hours": sum((signup.hours or 0 for signup in served), 0),
    }


def my_participation(user) -> list[ParticipationRow]:
    """Posts applied for, duty days and pledges, newest first."""
    rows = [
        ParticipationRow(
            application.post.name,
            application.post.get_absolute_url(),
            _("申请岗位：%(skill)s") % {"skill": application.skill},
            application.get_status_display(),
            application.created_at,
        )
        for application in PostApplication.objects.filter(person=user).select_related("post")
    ]
    for signup in DutySignup.objects.filter(person=user).select_related("duty__post"):
        state = signup.get_status_display()
        if signup.checked_in_at:
            state = _("已服务 %(hours)s 小时") % {"hours": signup.hours}
        rows.append(
            ParticipationRow(
                signup.duty.post.name,
                signup.duty.post.get_absolute_url(),
                _("服务日 %(date)s") % {"date": signup.duty.date.isoformat()},
                state,
                signup.created_at,
            )
        )
    for pledge in Pledge.objects.filter(person=user):
        rows.append(
            ParticipationRow(
                _("%(year)s 年五个一：%(kind)s")
                % {"year": pledge.year, "kind": pledge.get_kind_display()},
                _my_record_url(),
                pledge.text,
                _("已完成") if pledge.done_at else _("进行中"),
                pledge.created_at,
            )
        )
    return sorted(rows, key=lambda row: row.at, reverse=True)


def _my_record_url() -> str:
    return reverse("participation_posts:mine")


def duty_for_roster(post, year, month):
    return (
        DutyDay.objects.filter(post=post, date__year=year, date__month=month)
        .prefetch_related("signups__person__unit__building")
        .order_by("date", "starts_at")
    )


def electorate_users(code):
    """Verified residents who are party members or current residents' representatives."""
    if code != "members_and_representatives":
        return None
    representatives = Representative.objects.current().values("user_id")
    return User.objects.filter(
        Q(party_member__isnull=False) | Q(pk__in=representatives),
        verification=User.Verification.VERIFIED,
        unit__isnull=False,
    )
