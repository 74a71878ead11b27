"""Demo hearings: the upcoming parking hearing open for registration, and a held one.

Finds the notice pages through wagtail's Page (url_path; a held meeting by the end of the meeting
it announces, read through the core's ``meeting`` contract: the pages app is never imported) and
skips any that do not exist. Idempotent:
each hearing is found by its page before it is created.
"""

from datetime import timedelta

from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from wagtail.models import Page

from participation.core.embedding import embed_module
from participation.core.pages import meeting
from participation.core.staff import EDITORS
from participation.hearings import services
from participation.hearings.models import Hearing, Opinion, OpinionGroup, Registration
from participation.residents.models import User

HEARINGS_SECTION_PATH = "/home/hearings/"
PARKING_HEARING_PATH = "/home/hearings/parking-management-hearing/"
PARKING_AGENDA = "\n".join(
    [
        "一、通报小区停车现状与管理方案（草案）",
        "二、居民代表和居民发言",
        "三、物业服务企业答复",
        "四、形成听证意见",
    ]
)


# The invented second community's notice (home.demo builds it): found by the end of its path.
SECOND_HEARING_PATH_END = "/hearings/fictional-lift-hearing/"


def load():
    grant_staff_permissions()
    parking = Page.objects.filter(url_path=PARKING_HEARING_PATH).first()
    if parking is not None:
        load_parking_hearing(parking)
    second = Page.objects.filter(url_path__endswith=SECOND_HEARING_PATH_END).first()
    if second is not None:
        _hearing_for(
            second,
            title="报名参加：加装电梯听证会（虚构）",
            eligibility=Hearing.Eligibility.VERIFIED,
            capacity=20,
            opens_at=timezone.now() - timedelta(days=1),
        )
    held = find_held_notice()
    if held is not None:
        load_held_hearing(held)


def find_held_notice():
    """The notice page of the most recent meeting that has ended, if the demo has one."""
    now = timezone.now()
    notices = (
        Page.objects.filter(url_path__startswith=HEARINGS_SECTION_PATH, depth__gte=4)
        .exclude(url_path=PARKING_HEARING_PATH)
        .specific()
    )
    ended = [
        (announced.ends_at, page)
        for page in notices
        if (announced := meeting(page)) and announced.ends_at and announced.ends_at < now
    ]
    return max(ended, key=lambda pair: pair[0], default=(None, None))[1]


def _hearing_for(page, **fields) -> tuple[Hearing, bool]:
    hearing = Hearing.objects.filter(page=page).first()
    created = hearing is None
    if created:
        hearing = Hearing.objects.create(page=page, **fields)
    embed_module(hearing)
    return hearing, created


def load_parking_hearing(page):
    now = timezone.now()
    hearing, created = _hearing_for(
        page,
        title="报名参加：关于小区停车管理的听证会",
        eligibility=Hearing.Eligibility.VERIFIED,
        capacity=30,
        waiting_list=True,
        opens_at=now - timedelta(days=1),
        agenda=PARKING_AGENDA,
    )
    resident = User.objects.filter(username="resident").first()
    if created and resident is not None:
        services.register(
            resident, hearing, wants_to_speak=True, agenda_item="二、居民代表和居民发言"
        )
    return hearing


HELD_OPINIONS = [
    (
        "收费标准",
        "建议物业费调整分档实施，多层住宅和电梯房分开定价，并公开近三年的收支明细。",
        "采纳。物业服务企业将在社区公开栏公示近三年收支明细，分档方案提交居民代表会议审议。",
    ),
    (
        "服务质量",
        "楼道保洁和绿化养护次数偏少，希望把服务标准写进合同，并由居务监督岗定期检查。",
        "采纳。服务标准写入新合同附件，居务监督岗每月抽查一次，结果在公开栏公布。",
    ),
]


def load_held_hearing(page):
    """A meeting that has taken place, with minutes and answered opinions.

    The notice page's own dates apply; the hearing gets dates only for what the page lacks.
    """
    announced = meeting(page)
    ended = announced.ends_at
    starts = announced.starts_at or ended - timedelta(hours=2)
    hearing, created = _hearing_for(
        page,
        title=f"{page.title}：报名与书面意见",
        capacity=40,
        opens_at=starts - timedelta(days=14),
        closes_at=starts - timedelta(days=1),
        opinion_deadline=None if announced.opinion_deadline else starts,
        minutes=(
            "<p>会议由社区党委主持，居民代表、居民和物业服务企业参加。与会人员听取了方案说明，"
            "居民代表逐项发表意见，物业服务企业当场作了答复。</p>"
        ),
        decisions="<ol><li>方案修改后提交居民代表会议票决。</li><li>收支明细每季度公示一次。</li></ol>",
        attendance=32,
    )
    if not created:
        return hearing
    author = User.objects.filter(username="resident").first()
    for order, (group_title, text, answer) in enumerate(HELD_OPINIONS):
        group = OpinionGroup.objects.create(hearing=hearing, title=group_title, sort_order=order)
        Opinion.objects.create(
            module=hearing,
            author=author,
            text=text,
            show_name=order == 0,
            created_at=starts - timedelta(days=5),
            published_at=ended,
            group=group,
            answer=answer,
            answered_at=ended,
        )
    return hearing


def grant_staff_permissions():
    """Editors run hearings: the hearing records, the attendee list, opinions and groups."""
    group = Group.objects.filter(name=EDITORS).first()
    if group is None:
        return
    models = [Hearing, Registration, Opinion, OpinionGroup]
    codenames = [
        f"{action}_{model._meta.model_name}"
        for model in models
        for action in ("add", "change", "view")
    ]
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="participation_hearings", codename__in=codenames
        )
    )
