"""Demo posts: the plan's eight posts, volunteers of invented names on some of them, duty days
this month, pledges and party members of each kind. Idempotent: everything is found by a
natural key before it is created."""

from datetime import date, time, timedelta

from django.utils import timezone

from participation.posts import services
from participation.posts.models import (
    DutyDay,
    DutySignup,
    Pairing,
    PartyMember,
    Pledge,
    Post,
    PostApplication,
    Visit,
)
from participation.residents.factories import VerifiedResidentFactory
from participation.residents.models import Unit, User

# (name, slug, description, duties, area)
POSTS = [
    (
        "治安巡逻岗",
        "patrol",
        "协助社区做好治安巡逻，守护居民平安。",
        "夜间巡逻\n发现隐患及时报告",
        "各楼栋及周边道路",
    ),
    (
        "政策宣传岗",
        "policy",
        "向居民宣传党和政府的方针政策。",
        "张贴宣传材料\n上门讲解政策",
        "社区宣传栏",
    ),
    (
        "义务教育岗",
        "education",
        "为社区青少年提供义务辅导。",
        "周末作业辅导\n假期安全教育",
        "社区活动室",
    ),
    (
        "爱心奉献岗",
        "care",
        "关心帮助困难户、空巢老人。",
        "定期探望\n代办生活小事",
        "全社区",
    ),
    (
        "便民服务岗",
        "service",
        "为居民提供便民服务。",
        "小家电维修\n代缴费用",
        "社区服务站",
    ),
    (
        "纠纷调解岗",
        "mediation",
        "协助调解邻里纠纷。",
        "倾听双方意见\n及时上报矛盾",
        "全社区",
    ),
    (
        "环卫劝导岗",
        "sanitation",
        "劝导文明行为，维护环境卫生。",
        "劝导乱扔垃圾\n参与卫生大扫除",
        "小区公共区域",
    ),
    (
        "居务监督岗",
        "oversight",
        "监督居务公开，反映居民意见。",
        "查看公示栏\n收集居民意见",
        "居务公示栏",
    ),
]

# (username, display name) — obviously invented demo people.
VOLUNTEERS = [
    ("demo_volunteer_jia", "示例志愿者甲", "patrol", "会开巡逻电瓶车"),
    ("demo_volunteer_yi", "示例志愿者乙", "patrol", "熟悉各楼栋"),
    ("demo_volunteer_bing", "示例志愿者丙", "service", "会修小家电"),
    ("demo_volunteer_ding", "示例志愿者丁", "education", "退休教师"),
]

MEMBERS = [
    ("示例党员赵某", PartyMember.Kind.REGISTERED, "", "demo_volunteer_jia"),
    ("示例党员钱某", PartyMember.Kind.IN_SERVICE, "示例单位某某公司", "demo_volunteer_bing"),
    ("示例党员孙某", PartyMember.Kind.INCOMING, "", None),
]


def load():
    posts = load_posts()
    people = load_volunteers(posts)
    load_duty_days(posts, people)
    load_pledges(people)
    load_members()
    load_pairings()


def load_posts() -> dict[str, Post]:
    posts = {}
    for order, (name, slug, description, duties, area) in enumerate(POSTS):
        posts[slug], _created = Post.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "description": description,
                "duties": duties,
                "area": area,
                "places": 6,
                "sort_order": order,
            },
        )
    return posts


def load_volunteers(posts) -> list[User]:
    unit = Unit.objects.order_by("pk").first()
    staff = User.objects.filter(is_superuser=True).first()
    people = []
    for username, name, slug, skill in VOLUNTEERS:
        user = User.objects.filter(username=username).first() or VerifiedResidentFactory(
            username=username,
            email=f"{username}@demo.invalid",
            display_name=name,
            **({"unit": unit} if unit else {}),
        )
        if not PostApplication.objects.filter(person=user).exists():
            application = services.apply(user, posts[slug], skill, show_name=True)
            services.decide(application.pk, staff, approve=True)
        people.append(user)
    return people


def load_duty_days(posts, people) -> None:
    today = timezone.localdate()
    for offset, slug in [(-3, "patrol"), (2, "patrol"), (5, "service"), (9, "education")]:
        day = today + timedelta(days=offset)
        duty, created = DutyDay.objects.get_or_create(
            post=posts[slug],
            date=day,
            starts_at=time(19, 0),
            defaults={"ends_at": time(21, 0), "places": 4, "meeting_point": "社区党群服务中心门口"},
        )
        if not created:
            continue
        holders = [person for person in people if services.holds_post(person, duty.post)]
        for person in holders:
            if offset > 0:
                services.sign_up(person, duty)
            else:  # a duty day already served: signed up then, checked in with its hours
                signup = DutySignup.objects.create(duty=duty, person=person)
                services.check_in(signup.pk, None)


def load_pledges(people) -> None:
    year = timezone.localdate().year
    for person in people[:2]:
        services.record_pledge(person, year, Pledge.Kind.POST, "申领治安巡逻岗", True)
        services.record_pledge(person, year, Pledge.Kind.DEED, "为楼道安装感应灯", True)
        care = "每月探望一位空巢老人"
        pledge = services.record_pledge(person, year, Pledge.Kind.CARE, care, False)
        services.mark_done(person, pledge.pk)


def load_members() -> None:
    for name, kind, workplace, username in MEMBERS:
        PartyMember.objects.get_or_create(
            name=name,
            defaults={
                "kind": kind,
                "workplace": workplace,
                "phone": "13800000000",
                "user": User.objects.filter(username=username).first() if username else None,
                "joined_on": date(2001, 7, 1),
            },
        )


# (household, category, member, what the visit learnt, what was promised) — invented.
PAIRINGS = [
    (
        "示例楼 1单元 某户",
        Pairing.Category.HARDSHIP,
        "示例党员赵某",
        "老人行动不便",
        "每周代买一次菜",
    ),
    (
        "示例楼 2单元 某户",
        Pairing.Category.NEWCOMER,
        "示例党员钱某",
        "刚搬来，不熟悉办事流程",
        "陪同办理居住证",
    ),
]


def load_pairings() -> None:
    for household, category, member_name, learnt, promised in PAIRINGS:
        member = PartyMember.objects.filter(name=member_name).first()
        if member is None:
            continue
        pairing, created = Pairing.objects.get_or_create(
            household=household, defaults={"category": category, "member": member}
        )
        if created:
            Visit.objects.create(
                pairing=pairing,
                visited_on=timezone.localdate() - timedelta(days=10),
                learnt=learnt,
                promised=promised,
            )
