"""The demo community's people and places: Liubeiqiao Community from the seed's work plan.

Idempotent: every record is found by its natural key before it is created.
"""

import datetime
from datetime import date
from urllib.parse import urlsplit

from allauth.mfa.totp.internal.auth import generate_totp_secret
from django.conf import settings
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import Page, Site

from home.communities import create_community
from home.models import CommunityInfo, DistrictHomePage
from pages import factories
from pages.demo import child_page
from pages.models import DisclosureCategory
from pages.roles import create_community_groups
from participation.core.staff import EDITORS, REVIEWERS, VOLUNTEERS
from participation.residents.factories import (
    DEMO_PASSWORD,
    BuildingFactory,
    RepresentativeFactory,
    UnitFactory,
    UserFactory,
    VerifiedResidentFactory,
)
from participation.residents.models import Representative, User
from participation.residents.second_factor import enrol_totp, totp_secret

DEMO_SUPERUSER = "admin"
DEMO_EMAIL_DOMAIN = "demo.invalid"
BUILDINGS = [(str(n), "东片区" if n <= 6 else "西片区") for n in range(1, 13)]
UNITS_PER_BUILDING = [
    f"{entry}单元{floor}0{door}" for entry in (1, 2) for floor in (1, 2, 3) for door in (1, 2)
]

# What `make demo` prints and the README lists: every demo account and its role.
DEMO_ACCOUNTS = [
    (DEMO_SUPERUSER, "superuser"),
    ("editor", "editor: writes pages, submits them for review"),
    ("reviewer", "reviewer: approves and publishes"),
    ("volunteer", "volunteer: writes showcase pages"),
    ("resident", "verified resident of 3栋 1单元201"),
    ("representative", "residents' representative of 5栋"),
]

# role -> (group names, is_staff)
ROLE_GROUPS = {
    "editor": ([EDITORS], True),
    "reviewer": ([REVIEWERS], True),
    "volunteer": ([VOLUNTEERS], True),
}


def is_demo_database() -> bool:
    """A database the demo may write to: empty, or loaded by the demo before."""
    from wagtail.models import Page

    if User.objects.filter(username=DEMO_SUPERUSER, email__endswith=DEMO_EMAIL_DOMAIN).exists():
        return True
    return not User.objects.exists() and not Page.objects.filter(depth__gt=2).exists()


def staff_totp_secrets() -> list[tuple[str, str]]:
    """``(username, secret)`` of the demo's staff accounts: the admin asks them for a code from
    an authenticator app holding this secret. For the demo only: real staff enrol themselves."""
    staff = User.objects.filter(username__in=[DEMO_SUPERUSER, *ROLE_GROUPS]).order_by("pk")
    return [(user.username, totp_secret(user)) for user in staff]


def load_community():
    site = Site.objects.get(is_default_site=True)
    info = CommunityInfo.for_site(site)
    info.name = "柳背桥社区"
    info.address = "湖南省长沙市天心区柳背桥社区居委会（一楼服务大厅）"
    info.office_hours = "周一至周五 8:30–12:00，14:30–17:30；周六上午错时服务"
    info.phone = "0731-8888 6120"
    info.save()

    units = {}
    for number, block in BUILDINGS:
        building = BuildingFactory(number=number, block=block, name=f"{number}栋")
        for unit_number in UNITS_PER_BUILDING:
            units[(number, unit_number)] = UnitFactory(building=building, number=unit_number)
    load_accounts(units)


def _email(username):
    return f"{username}@{DEMO_EMAIL_DOMAIN}"


def load_accounts(units):
    if not User.objects.filter(username=DEMO_SUPERUSER).exists():
        User.objects.create_superuser(
            DEMO_SUPERUSER, _email(DEMO_SUPERUSER), DEMO_PASSWORD, display_name="系统管理员"
        )
    for username, (group_names, is_staff) in ROLE_GROUPS.items():
        user = UserFactory(
            username=username, email=_email(username), display_name=DEMO_NAMES[username]
        )
        user.is_staff = is_staff
        user.save(update_fields=["is_staff"])
        user.groups.add(*[Group.objects.get_or_create(name=name)[0] for name in group_names])
    for user in User.objects.filter(username__in=[DEMO_SUPERUSER, *ROLE_GROUPS]):
        if not totp_secret(user):
            enrol_totp(user, generate_totp_secret())

    VerifiedResidentFactory(
        username="resident",
        email=_email("resident"),
        display_name=DEMO_NAMES["resident"],
        unit=units[("3", "1单元201")],
    )
    representative = VerifiedResidentFactory(
        username="representative",
        email=_email("representative"),
        display_name=DEMO_NAMES["representative"],
        unit=units[("5", "2单元302")],
    )
    if not Representative.objects.filter(user=representative).exists():
        RepresentativeFactory(
            user=representative,
            building=representative.unit.building,
            starts_on=date(2026, 1, 1),
            ends_on=date(2028, 12, 31),
        )


DEMO_NAMES = {
    "editor": "社区编辑小刘",
    "reviewer": "党委审核老陈",
    "volunteer": "志愿者小周",
    "resident": "王阿姨",
    "representative": "李代表",
}


# The second community and the district overview: invented, so that the separation of
# communities can be seen. *.localhost names reach this machine without any DNS set-up.
SECOND_NAME = "示例二社区（虚构）"
SECOND_HOST = "second.localhost"
DISTRICT_NAME = "示例街道（虚构）"
DISTRICT_HOST = "district.localhost"
# Numbers the first community does not use: the plugins' demo loaders find its buildings by number.
SECOND_BUILDINGS = ["21", "22", "23"]
SECOND_RESIDENTS = [
    ("second-resident-a", "虚构居民甲", "21", "1单元101"),
    ("second-resident-b", "虚构居民乙", "22", "1单元201"),
    ("second-resident-c", "虚构居民丙", "23", "2单元301"),
]
# The plugins' demo loaders find these pages by the end of their url_path.
SECOND_TOPIC_SLUG = "fictional-lift-motion"
SECOND_HEARING_SLUG = "fictional-lift-hearing"


def demo_port() -> int:
    """The demo's other sites answer on the port the demo server runs on (8000)."""
    return urlsplit(settings.WAGTAILADMIN_BASE_URL).port or 80


def demo_sites() -> list[tuple[str, str]]:
    """(name, address) of the demo's second community and of the district overview."""
    port = demo_port()
    suffix = "" if port == 80 else f":{port}"
    return [
        (SECOND_NAME, f"http://{SECOND_HOST}{suffix}/"),
        (DISTRICT_NAME, f"http://{DISTRICT_HOST}{suffix}/"),
    ]


def load_second_community():
    """A second, invented community: a few buildings and verified residents, a disclosure, a
    topic and a hearing notice (the ballots and hearings plugins add their modules to them)."""
    community = create_community(SECOND_NAME, SECOND_HOST, port=demo_port())
    create_community_groups(community.site)  # its staff, collection and review workflow
    info = CommunityInfo.for_site(community.site)
    if not info.address:
        info.address = "虚构地址，仅供演示"
        info.office_hours = "周一至周五 9:00–17:00"
        info.save()
    units = {}
    for number in SECOND_BUILDINGS:
        building = BuildingFactory(
            community_id=community.site.pk, number=number, block="", name=f"{number}栋"
        )
        for unit_number in ("1单元101", "1单元201", "2单元301"):
            units[number, unit_number] = UnitFactory(building=building, number=unit_number)
    for username, name, building, unit in SECOND_RESIDENTS:
        VerifiedResidentFactory(
            username=username,
            email=_email(username),
            display_name=name,
            unit=units[building, unit],
        )
    _second_pages(community.sections)


def _second_pages(sections):
    today = timezone.localdate()
    now = timezone.now()
    child_page(
        sections["disclosures"],
        factories.DisclosurePageFactory,
        slug="fictional-budget",
        title="示例二社区2026年公益经费公示（虚构）",
        category=DisclosureCategory.objects.get(slug="finances"),
        valid_from=today - datetime.timedelta(days=3),
        valid_until=today + datetime.timedelta(days=30),
        body=[("paragraph", "<p>虚构的公示，仅用于演示两个社区的数据互不相通。</p>")],
    )
    child_page(
        sections["blog"],
        factories.BlogPageFactory,
        slug=SECOND_TOPIC_SLUG,
        title="要事票决：21栋加装电梯（虚构）",
        summary="虚构的议题：21栋加装电梯方案，征求居民意见并票决。",
        published_on=today - datetime.timedelta(days=1),
        opinions_open_until=now + datetime.timedelta(days=10),
    )
    child_page(
        sections["hearings"],
        factories.HearingNoticePageFactory,
        slug=SECOND_HEARING_SLUG,
        title="加装电梯听证会（虚构）",
        starts_at=now + datetime.timedelta(days=12),
        ends_at=now + datetime.timedelta(days=12, hours=2),
        venue="示例二社区居委会会议室（虚构）",
        audience="21栋至23栋居民",
        registration_deadline=now + datetime.timedelta(days=10),
    )


def load_district():
    """The district overview site, beside the communities under the tree's root."""
    site = Site.objects.filter(hostname=DISTRICT_HOST, port=demo_port()).first()
    if site is None:
        root = Page.get_first_root_node()
        page = DistrictHomePage(
            title=DISTRICT_NAME,
            slug="district",
            intro="本街道各社区的最新公开事项和正在进行的参与（虚构的演示数据）。",
            live=False,
        )
        root.add_child(instance=page)
        page.save_revision().publish()
        site = Site.objects.create(
            hostname=DISTRICT_HOST, port=demo_port(), root_page=page, site_name=DISTRICT_NAME
        )
    info = CommunityInfo.for_site(site)
    if info.name != DISTRICT_NAME:
        info.name = DISTRICT_NAME
        info.save(update_fields=["name"])
