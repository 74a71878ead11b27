"""The ballot desk in the Wagtail admin: turnout, in-person marks, paper tally, assisted votes,
certification. No view here shows a tally before the ballot has closed.
"""

from django.contrib import messages
from django.db.models import Q
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from participation.ballots.casting import cast_vote, mark_voted_in_person
from participation.ballots.forms import AssistedVoteForm, InPersonForm, PaperTallyForm
from participation.ballots.models import Ballot, PaperTally
from participation.ballots.presentation import present_result
from participation.ballots.refusals import VoteRefused
from participation.ballots.results import certify as certify_result
from participation.ballots.results import compute_result, enter_paper_tally, turnout
from participation.ballots.roll import freeze_roll
from participation.core.access_log import record_access
from participation.core.admin_tools import for_staff, get_for_staff, require_any_permission
from participation.core.params import text_param
from participation.core.refusals import post_only
from participation.residents.models import User

RUN = "participation_ballots.run_desk"
CERTIFY = "participation_ballots.certify_results"
VIEW = "participation_ballots.view_ballot"
"""Reads the desk's list and each ballot's turnout and result (the district's role), no form."""


def _unvoted(ballot: Ballot):
    return User.objects.filter(
        ballot_roll_entries__ballot=ballot, ballot_roll_entries__voted_at__isnull=True
    ).order_by("unit__building__sort_key", "unit__sort_key", "pk")


def index(request):
    require_any_permission(request.user, RUN, CERTIFY, VIEW)
    ballots = Ballot.objects.select_related("page").order_by("-opens_at")
    ballots = for_staff(request, ballots, page="page")
    return TemplateResponse(request, "participation_ballots/admin/index.html", {"ballots": ballots})


def desk(request, pk, forms=None):
    require_any_permission(request.user, RUN, CERTIFY, VIEW)
    ballot = get_for_staff(request, Ballot.objects, page="page", pk=pk)
    state = ballot.state()
    if state == Ballot.State.OPEN:
        freeze_roll(ballot)
    forms = forms or {}
    context = {
        "ballot": ballot,
        "state": state,
        "State": Ballot.State,
        "turnout": turnout(ballot),
        "can_run": request.user.has_perm(RUN),
        "can_certify": request.user.has_perm(CERTIFY),
        "paper": PaperTally.objects.filter(ballot=ballot).first(),
    }
    if context["can_run"] and state == Ballot.State.OPEN:
        voters = _unvoted(ballot)
        # The forms list the voters not yet marked: counted, never named in the log.
        record_access(request, gettext_lazy("票决工作台名单"), records=voters.count(), terms="")
        context["in_person_form"] = forms.get("in_person") or InPersonForm(voters=voters)
        context["assisted_form"] = forms.get("assisted") or AssistedVoteForm(ballot, voters=voters)
    if context["can_run"] and state == Ballot.State.CLOSED:
        context["paper_form"] = forms.get("paper") or PaperTallyForm(
            ballot, initial=_paper_initial(context["paper"])
        )
    if state in (Ballot.State.CLOSED, Ballot.State.CERTIFIED):
        # Only now does a tally exist for anyone, staff included.
        context["preview"] = compute_result(ballot)
        if ballot.certified_at:
            context["result"] = present_result(ballot)
    return TemplateResponse(request, "participation_ballots/admin/desk.html", context)


def _paper_initial(paper):
    if paper is None:
        return {}
    initial = {"ballots_counted": paper.ballots_counted}
    counts = paper.counts
    initial.update({k: v for k, v in counts.items() if isinstance(v, int)})
    initial.update({f"option_{k}": v for k, v in counts.get("options", {}).items()})
    for item, by_rating in counts.get("ratings", {}).items():
        initial.update({f"rating_{item}_{r}": v for r, v in by_rating.items()})
    return initial


def _desk_url(request, pk) -> str:
    """Where the office's ballot forms live: the ballot's desk."""
    return reverse("participation_ballots_admin:desk", args=[pk])


@post_only(_desk_url)
def mark_in_person(request, pk):
    require_any_permission(request.user, RUN)
    ballot = get_for_staff(request, Ballot.objects, page="page", pk=pk)
    freeze_roll(ballot)  # the roll of an opened ballot, before choosing from it
    form = InPersonForm(request.POST, voters=_unvoted(ballot))
    if not form.is_valid():
        return desk(request, pk, forms={"in_person": form})
    try:
        mark_voted_in_person(ballot, form.cleaned_data["voter"], request.user)
    except VoteRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("已登记为现场投票，该居民不能再网上投票。"))
    return redirect("participation_ballots_admin:desk", pk)


@post_only(_desk_url)
def assisted_vote(request, pk):
    require_any_permission(request.user, RUN)
    ballot = get_for_staff(request, Ballot.objects, page="page", pk=pk)
    freeze_roll(ballot)  # the roll of an opened ballot, before choosing from it
    form = AssistedVoteForm(ballot, request.POST, voters=_unvoted(ballot))
    if not form.is_valid():
        return desk(request, pk, forms={"assisted": form})
    try:
        code = cast_vote(
            ballot,
            form.cleaned_data["voter"],
            form.choices(),
            recorded_by=request.user,
            consent_note=form.cleaned_data["consent_note"],
        )
    except VoteRefused as refusal:
        messages.error(request, refusal.message)
        return redirect("participation_ballots_admin:desk", pk)
    context = {"ballot": ballot, "receipt_code": code, "voter": form.cleaned_data["voter"]}
    return TemplateResponse(request, "participation_ballots/admin/assisted_receipt.html", context)


@post_only(_desk_url)
def paper_tally(request, pk):
    require_any_permission(request.user, RUN)
    ballot = get_for_staff(request, Ballot.objects, page="page", pk=pk)
    form = PaperTallyForm(ballot, request.POST)
    if not form.is_valid():
        return desk(request, pk, forms={"paper": form})
    try:
        enter_paper_tally(ballot, form.cleaned_data["ballots_counted"], form.counts(), request.user)
    except VoteRefused as refusal:
        form.add_error(None, refusal.message)
        return desk(request, pk, forms={"paper": form})
    messages.success(request, _("纸质计票已保存。"))
    return redirect("participation_ballots_admin:desk", pk)


@post_only(_desk_url)
def certify(request, pk):
    require_any_permission(request.user, CERTIFY)
    ballot = get_for_staff(request, Ballot.objects, page="page", pk=pk)
    try:
        certify_result(ballot, request.user)
    except VoteRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("结果已审核，并在票决页面公布。"))
    return redirect("participation_ballots_admin:desk", pk)


def roll(request, pk):
    """Who is on the frozen roll and whether they voted (never what they chose)."""
    require_any_permission(request.user, RUN)
    ballot = get_for_staff(request, Ballot.objects, page="page", pk=pk)
    query = text_param(request.GET, "q", max_length=100)
    entries = ballot.roll.select_related("voter__unit__building").order_by(
        "voter__unit__building__sort_key", "voter__unit__sort_key", "pk"
    )
    if query:
        entries = entries.filter(
            Q(voter__display_name__icontains=query) | Q(voter__username__icontains=query)
        )
    entries = list(entries[:500])
    # How many voters the roll showed, never which, nor the name searched for: the log keeps
    # nothing near a ballot that names a voter.
    action = "search" if query else "view"
    record_access(request, gettext_lazy("选民名册"), records=len(entries), action=action, terms="")
    context = {"ballot": ballot, "entries": entries, "q": query}
    return TemplateResponse(request, "participation_ballots/admin/roll.html", context)
