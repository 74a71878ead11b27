"""Demo staggered-hours service: the catalogue, the cadres' weekly turns, the real roster for
this month and next (published), a dozen log entries across statuses, and last month's entries
for the published monthly summary. The service block goes on the board's duty-roster
disclosure, where it replaces the hand-typed table.

Run by load_demo after the pages; the page is found by url_path (skipped when missing).
Idempotent: matters, cadres and turns are found by name; entries are made only once.
"""

from datetime import datetime, time, timedelta

from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from wagtail.models import Page

from participation.core.embedding import embed_module
from participation.core.staff import EDITORS
from participation.residents.communities import community_id_of_module
from participation.residents.factories import UserFactory, VerifiedResidentFactory
from participation.residents.models import Unit, User, default_community_id
from participation.services import services
from participation.services.models import Booking, Duty, DutyPattern, Matter, ServiceBlock

ROSTER_PATH = "/home/disclosures/duty-roster/"

MATTERS = [
    # name, what to bring, can be done on the resident's behalf, minutes, days to reply
    ("证明开具", "身份证\n户口本", False, 15, 2),
    ("社保代办", "身份证复印件\n社保卡", True, 20, 5),
    ("居住证", "身份证\n租房合同或房产证\n一寸照片两张", False, 20, 7),
    ("计生服务", "夫妻双方身份证\n结婚证", True, 15, 3),
    ("老年优待证", "身份证\n一寸照片一张", True, 10, 5),
    ("矛盾纠纷调解预约", "", False, 30, 3),
]

# username, name, weekly turns (weekday, start, end)
CADRES = [
    ("cadre-liu", "刘副主任", [(0, time(19), time(21)), (2, time(19), time(21))]),
    ("cadre-chen", "陈委员", [(1, time(19), time(21)), (3, time(19), time(21))]),
    ("cadre-zhou", "周委员", [(4, time(19), time(21))]),
    ("cadre-wu", "吴专干", [(5, time(8, 30), time(12))]),
]

DESK_PERMISSIONS = ["handle_booking", "view_checks", "export_checks", "sign_off_month"]


def load():
    page = Page.objects.filter(url_path=ROSTER_PATH).first()
    if page is None:
        return
    grant_staff_permissions()
    matters = load_matters()
    cadres = load_cadres()
    this_month = services.month_start(timezone.localdate())
    last_month = services.month_start(this_month - timedelta(days=1))
    for first in (last_month, this_month, services.next_month(this_month)):
        services.build_month(first)
        services.publish_roster(first)
    module = ServiceBlock.objects.filter(page=page).first()
    if module is None:
        module = ServiceBlock.objects.create(page=page, title="预约错时服务")
    embed_module(module)
    if not Booking.objects.filter(module=module).exists():
        load_entries(module, matters, cadres, last_month)


def grant_staff_permissions():
    """Editors run the desk and the checks, and keep the catalogue and the roster."""
    group = Group.objects.filter(name=EDITORS).first()
    if group is None:
        return
    codenames = [
        f"{action}_{model}"
        for model in ("matter", "dutypattern", "duty", "leave", "servicemonth")
        for action in ("add", "change", "view")
    ]
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="participation_services",
            codename__in=codenames + DESK_PERMISSIONS + ["view_booking"],
        )
    )


def load_matters() -> dict[str, Matter]:
    matters = {}
    for order, (name, bring, delegate, minutes, days) in enumerate(MATTERS):
        matters[name], _created = Matter.objects.get_or_create(
            name=name,
            defaults={
                "what_to_bring": bring,
                "can_delegate": delegate,
                "usual_minutes": minutes,
                "reply_days": days,
                "sort_order": order,
            },
        )
    return matters


def load_cadres() -> list:
    first = services.month_start(timezone.localdate())
    start = services.month_start(first - timedelta(days=1))
    admin = Permission.objects.get(codename="access_admin")
    cadres = []
    for username, name, turns in CADRES:
        cadre = UserFactory(username=username, display_name=name, email=f"{username}@example.com")
        if not cadre.is_staff:
            cadre.is_staff = True
            cadre.save(update_fields=["is_staff"])
        cadre.user_permissions.add(admin)
        for weekday, starts, ends in turns:
            DutyPattern.objects.get_or_create(
                cadre=cadre,
                weekday=weekday,
                starts_at=starts,
                defaults={"ends_at": ends, "capacity": 4, "valid_from": start},
            )
        cadres.append(cadre)
    return cadres


def _residents(count):
    residents = [user for user in [_existing("resident")] if user]
    # The demo community's own units, so that the factory invents no buildings in it.
    units = list(Unit.objects.filter(building__community_id=default_community_id())[:count])
    for n in range(count - len(residents)):
        home = {"unit": units[n]} if n < len(units) else {}
        residents.append(
            VerifiedResidentFactory(
                username=f"service-resident-{n + 1}", display_name=f"居民{n + 1}", **home
            )
        )
    return residents


def _existing(username):
    return User.objects.filter(username=username).first()


def _duties_between(starts, ends):
    return list(Duty.objects.filter(starts_at__gte=starts, starts_at__lt=ends, cadre__isnull=False))


def _entry(module, author, matter, duty, status, hours_to_reply=None, rating="", **fields):
    """A historical entry, written as the log keeps it (made once, with its times)."""
    created = duty.starts_at - timedelta(days=1, hours=3)
    replied = duty.starts_at + timedelta(hours=hours_to_reply) if hours_to_reply else None
    return Booking.objects.create(
        module=module,
        author=author,
        matter=matter,
        mode=Booking.Mode.VISIT,
        duty=duty,
        status=status,
        cadre=duty.cadre,
        created_at=created,
        accepted_at=created + timedelta(hours=2),
        replied_at=replied,
        done_at=replied + timedelta(hours=1) if replied and status == Booking.Status.DONE else None,
        reply="已当面办理完毕。" if replied else "",
        result="已办结" if status == Booking.Status.DONE else "",
        rating=rating,
        rated_at=replied + timedelta(days=1) if rating else None,
        **fields,
    )


def load_entries(module, matters, cadres, last_month):
    """Last month: finished entries (for the summary); this month: every status."""
    residents = _residents(8)
    done = Booking.Status.DONE
    starts, ends = (
        datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())
        for day in (last_month, services.next_month(last_month))
    )
    past = _duties_between(starts, ends)
    ratings = ["satisfied", "satisfied", "basically", "satisfied", "dissatisfied", "satisfied"]
    names = [
        "证明开具",
        "证明开具",
        "证明开具",
        "社保代办",
        "社保代办",
        "社保代办",
        "居住证",
        "计生服务",
    ]
    for n, name in enumerate(names):
        _entry(
            module,
            residents[n % len(residents)],
            matters[name],
            past[(n * 2) % len(past)],
            done,
            hours_to_reply=1 + n % 3,
            rating=ratings[n % len(ratings)],
        )
    load_current_entries(module, matters, residents, cadres)


def load_current_entries(module, matters, residents, cadres):
    """This month and next: submitted, accepted, in progress, replied, declined, a phone
    request recorded by a cadre, a walk-in, a 代办, a wish for another time."""
    upcoming = list(services.open_duties(community_id_of_module(module))[:6])
    if len(upcoming) < 3:
        return
    request = services.Request

    def book(resident, name, duty, **fields):
        return services.book(
            module, resident, request(matter=matters[name], mode="visit", duty_id=duty.pk, **fields)
        )

    book(residents[0], "证明开具", upcoming[0], details="开具居住证明，用于孩子入学。")
    accepted = book(residents[1], "居住证", upcoming[0])
    services.accept(accepted.pk, upcoming[0].cadre)
    working = book(residents[2], "计生服务", upcoming[1])
    services.accept(working.pk, upcoming[1].cadre)
    services.start(working.pk, upcoming[1].cadre)
    services.post_message(working.pk, upcoming[1].cadre, "请带上结婚证原件。")
    replied = book(residents[3], "证明开具", upcoming[2])
    services.accept(replied.pk, upcoming[2].cadre)
    services.reply(replied.pk, upcoming[2].cadre, "证明已开好，当班时间来取即可。", "已开具")
    declined = services.book(
        module,
        residents[4],
        request(matter=matters["社保代办"], mode="delegate", details="代缴灵活就业社保"),
    )
    services.decline(declined.pk, cadres[0], "灵活就业社保需本人在网上办理，已电话告知操作方法。")
    services.book(
        module,
        residents[5],
        request(matter=matters["老年优待证"], mode="delegate", details="为父亲代办老年优待证"),
    )
    services.book(
        module,
        residents[6],
        request(
            matter=matters["矛盾纠纷调解预约"],
            mode="ask_time",
            requested_time=upcoming[-1].starts_at + timedelta(days=1),
            details="楼上漏水，想约物业和邻居一起谈。",
        ),
    )
    services.book(
        module,
        residents[7],
        request(
            matter=matters["证明开具"],
            mode="visit",
            duty_id=upcoming[1].pk,
            channel=Booking.Channel.PHONE,
            consent=True,
        ),
        recorded_by=upcoming[1].cadre,
    )
    services.book(
        module,
        None,
        request(
            matter=matters["社保代办"],
            mode="delegate",
            channel=Booking.Channel.WALK_IN,
            visitor_name="王阿姨",
            consent=True,
        ),
        recorded_by=cadres[3],
    )
