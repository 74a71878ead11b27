"""Residents' ballot views: cast a vote, and read a closed ballot's receipts and certified result.

Every view requires a signed-in user first (login_required outermost), then the rule.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods

from participation.ballots import casting
from participation.ballots.forms import BallotPaperForm
from participation.ballots.models import Ballot
from participation.ballots.presentation import (
    module_context,
    present_result,
    receipt_hashes,
    result_rows,
)
from participation.ballots.refusals import VoteRefused
from participation.core.exports import csv_response
from participation.core.links import page_path
from participation.core.params import text_param
from participation.core.refusals import post_only
from participation.core.visibility import get_visible_or_404

RECEIPTS_PER_PAGE = 200  # a page of the verification list: about 20 KB


def _visible_ballot(request, ballot_id) -> Ballot:
    """The ballot, or 404 when it does not exist or its page is hidden from this user."""
    return get_visible_or_404(Ballot.objects.select_related("page"), request.user, pk=ballot_id)


def _ballot_page_url(ballot: Ballot) -> str:
    url = page_path(ballot.page) or "/"
    return f"{url}#ballot-{ballot.pk}"


def _ballot_page(request, ballot_id) -> str:
    return _ballot_page_url(_visible_ballot(request, ballot_id))


@sensitive_post_parameters()  # an error report must not carry the choices or the paper
@login_required
@post_only(_ballot_page)
@never_cache
def vote(request, ballot_id):
    """Cast a paper. The page is visible (``_visible_ballot``); whether this voter may vote
    is judged once, by the cast itself, inside its transaction (the ``cast_vote`` rule asks
    the same question for the page only)."""
    ballot = _visible_ballot(request, ballot_id)
    form = BallotPaperForm(ballot, request.POST)
    if not form.is_valid():
        return _paper_again(request, ballot, form)
    paper, choices = form.cleaned_data["paper"], form.choices()
    try:
        cast = casting.cast_paper(ballot, request.user, paper, choices, form.option_ids())
    except VoteRefused as refusal:
        messages.error(request, refusal.message)
        return redirect(_ballot_page_url(ballot))
    # The code is shown in this response only: no redirect, nothing kept in the session; the
    # same paper sent again recomputes it. The page is a light one of its own (no site header,
    # sections or footer): a cast is the busiest request of a ballot's last hour.
    context = {
        "ballot": ballot,
        "page_url": _ballot_page_url(ballot),
        "receipt_code": cast.receipt_code,
        "receipt_hash": casting.receipt_hash(ballot.pk, cast.receipt_code),
        "cast_earlier": cast.earlier,
    }
    return render(request, "participation_ballots/receipt.html", context)


def _paper_again(request, ballot: Ballot, form: BallotPaperForm):
    """The paper with its errors and the voter's marks, in this response only.

    Nothing is stored: a redirect would need the session to carry the marks, and the session
    would then hold the voter's choices next to their identity.
    """
    context = module_context(request, ballot)
    if context.get("can_vote"):
        context["form"] = form
    context.update(page=ballot.page.specific, page_url=_ballot_page_url(ballot))
    return render(request, "participation_ballots/paper_again.html", context, status=400)


def _certified(request, ballot_id) -> Ballot:
    ballot = _visible_ballot(request, ballot_id)
    # Checked on the ballot itself as well as by the rule: a superuser passes every has_perm.
    sealed = ballot.certified_at is None
    if sealed or not request.user.has_perm("participation_ballots.view_result", ballot):
        raise PermissionDenied(_("结果审核公布之前，任何人都不能查看计票结果。"))
    return ballot


@login_required
@require_GET
def result_csv(request, ballot_id):
    ballot = _certified(request, ballot_id)
    return csv_response(f"ballot-{ballot.pk}-result", result_rows(ballot, present_result(ballot)))


@login_required
@require_GET
def certificate(request, ballot_id):
    ballot = _certified(request, ballot_id)
    context = {"ballot": ballot, "result": present_result(ballot), "page": ballot.page}
    return render(request, "participation_ballots/certificate.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@never_cache
def receipts(request, ballot_id):
    """The verification list, a page at a time, and a check of one receipt code (hashed here,
    never stored) against the whole box.

    The code comes by POST so that it never appears in a URL, an access log or a history.
    """
    ballot = _visible_ballot(request, ballot_id)
    closed = ballot.certified_at is not None or ballot.has_closed()
    if not closed or not request.user.has_perm("participation_ballots.view_receipts", ballot):
        context = {"ballot": ballot, "page_url": _ballot_page_url(ballot)}
        return render(request, "participation_ballots/receipts_sealed.html", context, status=403)
    code = text_param(request.POST, "code", max_length=40)
    digest = casting.receipt_hash(ballot.pk, code) if code else None
    found = casting.receipt_counted(ballot, digest) if digest else None
    paginator = Paginator(receipt_hashes(ballot), RECEIPTS_PER_PAGE)
    context = {
        "ballot": ballot,
        "receipts": paginator.get_page(request.GET.get("page")),
        "code": code,
        "found": found,
        "found_hash": digest if found else None,
        "result": present_result(ballot) if ballot.certified_at else None,
        "page_url": _ballot_page_url(ballot),
    }
    return render(request, "participation_ballots/receipts.html", context)
