"""Public post pages and totals; residents apply, sign up, cancel and keep their pledges; staff
decide applications, check people in and print the monthly roster.

Every view that acts refuses anonymous users first (login_required outermost), then checks its
rule on the server.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from participation.core.access_log import record_access
from participation.core.admin_tools import for_staff, get_for_staff
from participation.core.pages import topic_sections
from participation.core.subjects import pages_linking_to
from participation.posts import presentation, services
from participation.posts.forms import ApplicationForm, CheckInForm, PledgeForm, SuggestionForm
from participation.posts.models import (
    DutyDay,
    DutySignup,
    Pairing,
    Pledge,
    Post,
    PostApplication,
    Suggestion,
)
from participation.residents.communities import community_of_request


def _require(user, permission):
    if not user.has_perm(permission):
        raise PermissionDenied


def _community_id(request) -> int:
    """The community the request is addressed to: its posts only, on every page of the plugin."""
    return community_of_request(request).pk


@require_GET
def index(request):
    posts = Post.objects.filter(community_id=_community_id(request))
    year = timezone.localdate().year
    return render(request, "participation_posts/index.html", {"posts": posts, "year": year})


@require_GET
def post_detail(request, slug):
    post = get_object_or_404(
        Post.objects.select_related("building"), slug=slug, community_id=_community_id(request)
    )
    names, others = presentation.serving(post)
    context = {
        "post": post,
        "names": names,
        "others": others,
        "duties": presentation.upcoming_duties(post),
        "pledges": presentation.public_pledges(post),
        "pages_about": pages_linking_to(post),
        "form": ApplicationForm(),
    }
    if request.user.is_authenticated:
        context["holds_post"] = services.holds_post(request.user, post)
        context["my_signups"] = set(
            DutySignup.objects.filter(
                person=request.user, duty__post=post, status__in=DutySignup.ACTIVE
            ).values_list("duty_id", flat=True)
        )
    return render(request, "participation_posts/post.html", context)


@require_GET
def totals(request, year):
    context = {"year": year, "rows": presentation.year_totals(year, _community_id(request))}
    return render(request, "participation_posts/totals.html", context)


@login_required
@require_POST
def apply(request, post_id):
    post = get_object_or_404(Post, pk=post_id, community_id=_community_id(request))
    form = ApplicationForm(request.POST)
    if not form.is_valid():
        context = {"post": post, "form": form}
        return render(request, "participation_posts/apply.html", context, status=400)
    try:
        services.apply(request.user, post, **form.cleaned_data)
    except services.PostsError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("申请已提交，工作人员审核后会通知您。"))
    return redirect(post.get_absolute_url())


@login_required
@require_POST
def sign_up(request, duty_id):
    duty = get_object_or_404(
        DutyDay.objects.select_related("post"),
        pk=duty_id,
        post__community_id=_community_id(request),
    )
    try:
        signup = services.sign_up(request.user, duty)
    except services.PostsError as error:
        messages.error(request, error.message)
    else:
        if signup.status == DutySignup.Status.WAITING:
            messages.info(
                request, _("名额已满，您已进入候补名单。有空位时会按先后顺序递补并通知您。")
            )
        else:
            messages.success(request, _("报名成功，服务日前一天会提醒您。"))
    return redirect(duty.post.get_absolute_url())


@login_required
@require_POST
def cancel(request, signup_id):
    signup = get_object_or_404(
        DutySignup.objects.select_related("duty__post"), pk=signup_id, person=request.user
    )
    try:
        services.cancel_signup(request.user, signup.pk)
    except services.PostsError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("已取消服务日报名。"))
    return redirect(signup.duty.post.get_absolute_url())


@login_required
@require_http_methods(["GET", "POST"])
def mine(request):
    """The person's own record: post, duty days, hours this year, pledges and ideas."""
    year = timezone.localdate().year
    pledge_form = PledgeForm(request.POST if "pledge" in request.POST else None)
    idea_form = SuggestionForm(request.POST if "idea" in request.POST else None)
    if request.method == "POST":
        if "pledge" in request.POST and pledge_form.is_valid():
            services.record_pledge(request.user, **pledge_form.cleaned_data)
            messages.success(request, _("承诺已保存。"))
            return redirect("participation_posts:mine")
        if "idea" in request.POST and idea_form.is_valid():
            Suggestion.objects.create(
                community_id=_community_id(request),
                person=request.user,
                **idea_form.cleaned_data,
            )
            messages.success(request, _("主意已提交，工作人员会认真阅读。"))
            return redirect("participation_posts:mine")
    context = {
        "record": presentation.record_of(request.user, year),
        "applications": PostApplication.objects.filter(person=request.user).select_related("post"),
        "pledges": Pledge.objects.filter(person=request.user).order_by("-year", "kind"),
        "suggestions": Suggestion.objects.filter(person=request.user),
        "has_pairings": Pairing.objects.filter(member__user=request.user).exists(),
        "pledge_form": pledge_form,
        "idea_form": idea_form,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "participation_posts/mine.html", context, status=status)


@login_required
@require_GET
def certificate(request, year):
    """A printable certificate of the person's own service in ``year``."""
    if not 2000 <= year <= 2100:
        raise Http404
    record = presentation.record_of(request.user, year)
    return render(request, "participation_posts/certificate.html", {"record": record})


@login_required
@require_POST
def pledge_done(request, pledge_id):
    try:
        services.mark_done(request.user, pledge_id, done=request.POST.get("done") != "0")
    except services.PostsError as error:
        raise Http404 from error
    return redirect("participation_posts:mine")


# Staff views


@login_required
@require_GET
def applications(request):
    _require(request.user, "participation_posts.decide_applications")
    pending = PostApplication.objects.filter(status__in=PostApplication.HOLDING).select_related(
        "post", "person"
    )
    pending = for_staff(request, pending, community="post__community")
    record_access(
        request,
        _("岗位申请"),
        records=len(pending),
        subjects=[application.person_id for application in pending],
    )
    return render(request, "participation_posts/applications.html", {"applications": pending})


@login_required
@require_POST
def decide(request, application_id):
    _require(request.user, "participation_posts.decide_applications")
    application = get_for_staff(
        request, PostApplication.objects, community="post__community", pk=application_id
    )
    action = request.POST.get("action")
    try:
        if action in ("approve", "decline"):
            services.decide(application.pk, request.user, approve=action == "approve")
        elif action == "remove":
            services.leave_post(application.pk, staff=request.user)
        else:
            raise services.PostsError(_("请选择通过、不通过或离岗。"))
    except services.PostsError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("已保存。"))
    return redirect("participation_posts:applications")


@login_required
@require_http_methods(["GET", "POST"])
def check_in(request, duty_id):
    _require(request.user, "participation_posts.check_in")
    duties = DutyDay.objects.select_related("post")
    duty = get_for_staff(request, duties, community="post__community", pk=duty_id)
    form = CheckInForm(request.POST or None)
    if request.method == "POST":
        signup = get_object_or_404(DutySignup, pk=request.POST.get("signup") or 0, duty=duty)
        if form.is_valid():
            try:
                services.check_in(signup.pk, request.user, form.cleaned_data["hours"])
            except services.PostsError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("已签到。"))
                return redirect("participation_posts:check_in", duty.pk)
    signups = duty.signups.filter(status=DutySignup.Status.SIGNED_UP).select_related("person")
    record_access(
        request,
        _("服务日签到名单"),
        records=len(signups),
        subjects=[signup.person_id for signup in signups],
    )
    context = {"duty": duty, "signups": signups, "form": form}
    status = 400 if form.errors else 200
    return render(request, "participation_posts/check_in.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def draft_topic(request, suggestion_id):
    """Staff turn an idea into a draft blog topic, through the core's topic contract; an editor
    finishes and publishes it in the page editor."""
    _require(request.user, "participation_posts.adopt_ideas")
    ideas = Suggestion.objects
    idea = get_for_staff(request, ideas, community="community", pk=suggestion_id)
    sections = [
        section
        for section in topic_sections()
        if section.permissions_for_user(request.user).can_add_subpage()
    ]
    if request.method == "POST":
        if idea.topic_id:
            messages.error(request, _("这个主意已经转为博客话题草稿了。"))
        elif not sections:
            messages.error(request, _("您没有在社区博客下新建话题的权限。"))
        else:
            topic = sections[0].draft_topic(idea.title, idea.text, request.user)
            idea.topic, idea.status = topic, Suggestion.Status.ADOPTED
            idea.save(update_fields=["topic", "status"])
            return redirect("wagtailadmin_pages:edit", topic.pk)
    context = {"idea": idea, "sections": sections}
    return render(request, "participation_posts/draft_topic.html", context)


@login_required
@require_GET
def roster(request, post_id, year, month):
    """The printable duty roster of a post for one month."""
    _require(request.user, "participation_posts.see_rosters")
    if not 1 <= month <= 12 or not 2000 <= year <= 2100:
        raise Http404
    post = get_for_staff(request, Post.objects, community="community", pk=post_id)
    duties = presentation.duty_for_roster(post, year, month)
    people = [
        signup.person_id
        for duty in duties
        for signup in duty.signups.all()
        if signup.status == DutySignup.Status.SIGNED_UP
    ]
    record_access(request, _("服务日花名册"), records=len(people), subjects=people)
    context = {"post": post, "year": year, "month": month, "duties": duties}
    return render(request, "participation_posts/roster.html", context)
