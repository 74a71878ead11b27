"""The demo community's people and places: Liubeiqiao Community from the seed's work plan.

Idempotent: every record is found by its natural key before it is created.
"""

from datetime import date

from allauth.mfa.totp.internal.auth import generate_totp_secret
from django.contrib.auth.models import Group
from wagtail.models import Site

from home.models import CommunityInfo
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
