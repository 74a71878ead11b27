"""Certified results as open data: one row per answer, option or person rated, per ballot.

Only certified ballots on pages an anonymous visitor may view, on the request's site; nothing
of an open or uncertified ballot, and nothing of who voted how (a named ballot's roll call stays
on its page).
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participation.ballots.models import Ballot
from participation.ballots.presentation import present_result, public_figures
from participation.core.links import absolute_url
from participation.core.visibility import visible_modules
from participation.residents.communities import community_of_request
from plugins import OpenDataSet


def _certified(request):
    ballots = Ballot.objects.filter(certified_at__isnull=False).of_community(
        community_of_request(request)
    )
    return visible_modules(None, ballots).select_related("page").order_by("certified_at", "pk")


def _years(request) -> list[int]:
    dates = _certified(request).dates("certified_at", "year", order="DESC")
    return [day.year for day in dates]


def _rows(request, year: int):
    for ballot in _certified(request).filter(certified_at__year=year).iterator(chunk_size=100):
        result = present_result(ballot)
        summary = {
            "ballot": ballot.title,
            "page": absolute_url(ballot.page),
            "certified": timezone.localtime(ballot.certified_at).date().isoformat(),
            "ballot_type": result["ballot_type"],
            **public_figures(result),
        }
        motion = ballot.ballot_type == Ballot.Type.MOTION
        for row in result["rows"]:
            option = row["key"] if motion else row["label"]  # for, against, abstain
            yield {**summary, "option": option, "votes": row["votes"], "approval": None}
        for row in result["evaluation"]:
            yield {
                **summary,
                "option": row["label"],
                "votes": row["rated"],
                "approval": row["approval"],
            }


CERTIFIED_RESULTS = OpenDataSet(
    slug="ballot-results",
    title=_("票决结果（已审核公布）"),
    fields=(
        ("ballot", _("票决名称")),
        ("page", _("票决所在网页的地址")),
        ("certified", _("审核公布日期（YYYY-MM-DD）")),
        ("ballot_type", _("类型：motion 动议表决，choice 选择，evaluation 测评")),
        ("electorate", _("有投票权人数")),
        ("voted", _("投票人数")),
        ("quorum", _("法定投票率，例如 1/2；无要求时为空")),
        ("quorum_met", _("是否达到法定投票率")),
        (
            "threshold",
            _("通过规则：majority_of_votes、two_thirds_of_votes、majority_of_electorate"),
        ),
        ("outcome", _("结果：passed、rejected、void（未达到法定投票率）、decided、tied、valid")),
        ("option", _("动议表决的答案（for、against、abstain），选择的选项，或测评对象")),
        ("votes", _("票数（测评：参与评价的人数）")),
        ("approval", _("测评的满意及基本满意率；其他类型为空")),
    ),
    years=_years,
    rows=_rows,
)
