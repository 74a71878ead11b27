"""Demo ballots: the representatives' parking motion and the 2026 democratic evaluation, open now,
and last year's evaluation by the representatives, closed and certified, to show a published result.

Run by load_demo after the pages. Pages are found by url_path; a missing page is skipped.
Idempotent: a ballot is found by its page and title before it is created.
"""

from datetime import date, timedelta

from django.utils import timezone
from wagtail.models import Page

from participation.ballots.casting import cast_vote
from participation.ballots.models import Ballot, BallotOption
from participation.ballots.results import certify
from participation.core.embedding import embed_module
from participation.residents.factories import RepresentativeFactory, VerifiedResidentFactory
from participation.residents.models import Building, Representative, Unit, User

PARKING_PATH = "/home/blog/parking-motion/"
EVALUATION_PATH = "/home/blog/democratic-evaluation-2026/"

CADRES = [
    ("张书记", "社区党委书记、居委会主任"),
    ("刘副主任", "居委会副主任，分管民政、社会保障"),
    ("陈委员", "社区党委委员，分管综合治理、治安巡逻"),
    ("周委员", "居委会委员，分管环境卫生、绿化"),
    ("吴专干", "计生、文化专干，负责错时服务值班"),
]

# (username, display name, building): the demo representatives besides "representative".
REPRESENTATIVES = [
    ("rep-building-1", "赵代表", "1"),
    ("rep-building-2", "钱代表", "2"),
    ("rep-building-3", "孙代表", "3"),
    ("rep-building-7", "郑代表", "7"),
    ("rep-building-9", "冯代表", "9"),
    ("rep-building-11", "何代表", "11"),
]


# The invented second community's topic (home.demo builds it): found by the end of its path.
SECOND_TOPIC_PATH_END = "/blog/fictional-lift-motion/"


def load():
    add_representatives()
    load_parking_motion()
    load_evaluation()
    load_certified_evaluation()
    load_second_community_motion()


def _page(url_path):
    return Page.objects.filter(url_path=url_path).first()


def add_representatives():
    """Enough representatives (one per several buildings) for a meaningful two-thirds quorum."""
    for username, name, building_number in REPRESENTATIVES:
        building = Building.objects.filter(number=building_number).first()
        if building is None:
            continue
        unit = Unit.objects.filter(building=building).order_by("sort_key", "number").first()
        user = VerifiedResidentFactory(
            username=username, email=f"{username}@demo.invalid", display_name=name, unit=unit
        )
        if not Representative.objects.filter(user=user).exists():
            RepresentativeFactory(
                user=user, building=building, starts_on=date(2026, 1, 1), ends_on=date(2028, 12, 31)
            )


def _ballot(page, title, options=(), opens_at=None, closes_at=None, **fields):
    """Find the ballot, or create it as a draft, add its options, then schedule it."""
    ballot = Ballot.objects.filter(page=page, title=title).first()
    if ballot is not None:
        return ballot
    ballot = Ballot.objects.create(page=page, title=title, **fields)
    for order, (label, description) in enumerate(options):
        BallotOption.objects.create(
            ballot=ballot, label=label, description=description, sort_order=order
        )
    ballot.opens_at, ballot.closes_at = opens_at, closes_at
    ballot.save()
    return ballot


def load_parking_motion():
    page = _page(PARKING_PATH)
    if page is None:
        return None
    now = timezone.now()
    ballot = _ballot(
        page,
        "要事票决：小区停车管理方案",
        question=(
            "经社区党委提议、两委会商议，拟实行小区停车管理方案：划定固定车位与临时车位，"
            "夜间禁止占用消防通道，停车管理收入纳入居务公开。请居民代表会议表决。"
        ),
        ballot_type=Ballot.Type.MOTION,
        electorate=Ballot.Electorate.REPRESENTATIVES,
        quorum_numerator=2,
        quorum_denominator=3,
        threshold=Ballot.Threshold.TWO_THIRDS_OF_VOTES,
        abstentions_in_threshold_base=True,
        is_secret=True,
        opens_at=now - timedelta(minutes=1),
        closes_at=now + timedelta(days=14),
    )
    embed_module(ballot)
    return ballot


def load_second_community_motion():
    """An open motion of the second community: only its own verified residents may vote."""
    page = Page.objects.filter(url_path__endswith=SECOND_TOPIC_PATH_END).first()
    if page is None:
        return None
    now = timezone.now()
    ballot = _ballot(
        page,
        "要事票决：21栋加装电梯（虚构）",
        question="是否同意21栋加装电梯方案（虚构）？",
        ballot_type=Ballot.Type.MOTION,
        electorate=Ballot.Electorate.RESIDENTS,
        opens_at=now - timedelta(minutes=1),
        closes_at=now + timedelta(days=10),
    )
    embed_module(ballot)
    return ballot


def load_evaluation():
    page = _page(EVALUATION_PATH)
    if page is None:
        return None
    now = timezone.now()
    ballot = _ballot(
        page,
        "2026年度社区干部民主测评",
        question="请对以下社区干部本年度的工作作出评价：满意、基本满意或不满意。",
        ballot_type=Ballot.Type.EVALUATION,
        options=CADRES,
        electorate=Ballot.Electorate.RESIDENTS,
        is_secret=True,
        opens_at=now - timedelta(minutes=1),
        closes_at=now + timedelta(days=21),
    )
    embed_module(ballot)
    return ballot


# Last year's ratings by the demo representatives, one tuple per voter (rating per cadre).
LAST_YEAR_PAPERS = [
    ("satisfied", "satisfied", "basic", "satisfied", "basic"),
    ("satisfied", "basic", "satisfied", "dissatisfied", "satisfied"),
    ("basic", "satisfied", "satisfied", "basic", "satisfied"),
    ("satisfied", "satisfied", "basic", "satisfied", "dissatisfied"),
    ("satisfied", "basic", "basic", "satisfied", "satisfied"),
    ("dissatisfied", "satisfied", "satisfied", "basic", "satisfied"),
]


def load_certified_evaluation():
    """2025's evaluation, voted by six of the seven representatives and certified by the reviewer.

    Demo history: the ballot is opened now so the votes go through the real casting service,
    then its schedule is moved back to last December (as if time had passed) and certified.
    """
    page = _page(EVALUATION_PATH)
    reviewer = User.objects.filter(username="reviewer").first()
    title = "2025年度社区干部民主测评（结果已公布）"
    if page is None or reviewer is None or Ballot.objects.filter(page=page, title=title).exists():
        return None
    now = timezone.now()
    ballot = _ballot(
        page,
        title,
        question="2025年度社区干部民主测评，由居民代表会议评议。",
        ballot_type=Ballot.Type.EVALUATION,
        electorate=Ballot.Electorate.REPRESENTATIVES,
        quorum_numerator=2,
        quorum_denominator=3,
        options=CADRES,
        opens_at=now - timedelta(minutes=1),
        closes_at=now + timedelta(hours=1),
    )
    items = [str(pk) for pk in ballot.options.values_list("pk", flat=True)]
    voters = User.objects.filter(username__startswith="rep-building-").order_by("username")
    for voter, paper in zip(voters, LAST_YEAR_PAPERS, strict=False):
        cast_vote(ballot, voter, {"ratings": dict(zip(items, paper, strict=True))})
    last_december = timezone.make_aware(timezone.datetime(2025, 12, 20, 9, 0))
    Ballot.objects.filter(pk=ballot.pk).update(
        opens_at=last_december, closes_at=last_december + timedelta(days=10)
    )
    ballot.refresh_from_db()
    certify(ballot, reviewer)
    embed_module(ballot)
    return ballot
