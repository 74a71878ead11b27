"""Why the ballot rules refuse a vote, a mark, a paper tally or a certification.

Each refusal has one reason and one wording, here; the services decide, the forms and pages
show ``message(reason)``.
"""

from enum import StrEnum

from django.utils.translation import gettext_lazy as _


class Reason(StrEnum):
    INVALID_PAPER = "invalid_paper"
    NO_VOTE = "no_vote"
    FOREIGN_OPTION = "foreign_option"
    TOO_MANY_CHOICES = "too_many_choices"
    UNRATED = "unrated"
    BAD_RATING = "bad_rating"
    NO_CONSENT = "no_consent"
    NOT_VERIFIED = "not_verified"
    OTHER_COMMUNITY = "other_community"
    NOT_OPEN_YET = "not_open_yet"
    CLOSED = "closed"
    NOT_ON_ROLL = "not_on_roll"
    ELIGIBLE_SINCE_FREEZE = "eligible_since_freeze"
    ALREADY_VOTED = "already_voted"
    TALLY_CERTIFIED = "tally_certified"
    TALLY_BEFORE_CLOSE = "tally_before_close"
    MORE_PAPERS_THAN_MARKS = "more_papers_than_marks"
    NEGATIVE_COUNT = "negative_count"
    MOTION_SUM = "motion_sum"
    FOREIGN_OR_BLANK = "foreign_or_blank"
    CHOICE_COUNTS = "choice_counts"
    FOREIGN_ITEM = "foreign_item"
    TOO_MANY_RATINGS = "too_many_ratings"
    ALREADY_CERTIFIED = "already_certified"
    NOT_CLOSED = "not_closed"
    PAPER_TALLY_MISSING = "paper_tally_missing"


MESSAGES = {
    Reason.INVALID_PAPER: _("这张选票无效（可能已过期或属于他人），请重新打开票决页面再投。"),
    Reason.NO_VOTE: _("请选择赞成、反对或弃权。"),
    Reason.FOREIGN_OPTION: _("所选选项不属于本次票决。"),
    Reason.TOO_MANY_CHOICES: _("最多只能选 %(max)s 项。"),
    Reason.UNRATED: _("请对每一位测评对象都作出评价。"),
    Reason.BAD_RATING: _("评价只能是满意、基本满意或不满意。"),
    Reason.NO_CONSENT: _("代为录入必须记录居民本人的同意。"),
    Reason.NOT_VERIFIED: _("只有已认证的居民才能投票。"),
    Reason.OTHER_COMMUNITY: _("本次票决属于其他社区，只有该社区的居民可以投票。"),
    Reason.NOT_OPEN_YET: _("投票尚未开始。"),
    Reason.CLOSED: _("投票已截止。"),
    Reason.NOT_ON_ROLL: _("您不在本次票决的投票人名册中，不能投票。"),
    Reason.ELIGIBLE_SINCE_FREEZE: _(
        "投票人名册在投票开始时已经冻结（%(when)s）。您是在那之后才认证或符合条件的，"
        "所以不在本次票决的名册中，不能投票；以后的票决不受影响。"
    ),
    Reason.ALREADY_VOTED: _("您已经投过票了，每人只能投一次，投出后不能更改。"),
    Reason.TALLY_CERTIFIED: _("结果已审核公布，不能再修改纸质计票。"),
    Reason.TALLY_BEFORE_CLOSE: _("投票截止后才能录入纸质计票。"),
    Reason.MORE_PAPERS_THAN_MARKS: _(
        "收回的纸质选票（%(papers)s 张）多于名册上登记的现场投票人数（%(marked)s 人）。"
    ),
    Reason.NEGATIVE_COUNT: _("票数必须是非负整数。"),
    Reason.MOTION_SUM: _("赞成、反对、弃权票数之和必须等于收回的纸质选票数。"),
    Reason.FOREIGN_OR_BLANK: _("计票中有不属于本次票决的选项，或空白票多于选票数。"),
    Reason.CHOICE_COUNTS: _("各选项票数与选票数不符。"),
    Reason.FOREIGN_ITEM: _("计票中有不属于本次测评的对象。"),
    Reason.TOO_MANY_RATINGS: _("某位测评对象的评价数多于选票数。"),
    Reason.ALREADY_CERTIFIED: _("结果已经审核公布。"),
    Reason.NOT_CLOSED: _("投票尚未截止，不能审核结果。"),
    Reason.PAPER_TALLY_MISSING: _("纸质计票尚未录入或与现场投票人数（%(marked)s 人）不符。"),
}


def message(reason: Reason, **params) -> str:
    """The wording of ``reason`` in the active language, with its figures filled in."""
    text = str(MESSAGES[reason])
    return text % params if params else text


class VoteRefused(Exception):
    """A vote, a mark, a tally or a certification that the rules refuse, with its reason.

    ``message`` is for the user; ``reason`` is for the code that reacts to one refusal
    (a paper sent again after it was cast is not "already voted" but its earlier receipt).
    """

    def __init__(self, reason: Reason, **params):
        self.reason = reason
        self.message = message(reason, **params)
        super().__init__(self.message)
