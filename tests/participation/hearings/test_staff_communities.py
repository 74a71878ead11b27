"""The hearings admin of staff of one community (hearings, attendees and their exports,
opinions, groups, the door's check-in and cancelling a registration): that community's only;
another's ids read as missing. The superuser sees both; the district reads and changes
nothing."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from pages.models import HearingIndexPage, HearingNoticePage
from participation.hearings.models import Hearing, Opinion, OpinionGroup, Registration
from participation.residents.factories import VerifiedResidentFactory
from tests.communities import make_community, unit_in
from tests.participation.hearings.conftest import make_hearing
from tests.staff_communities import (
    community_staff,
    district_user,
    form_data,
    shows,
    shows_none,
    superuser,
)

pytestmark = pytest.mark.django_db

MODELS = ("hearing", "registration", "opinion", "opiniongroup")
RIGHTS = ["participation_residents.view_personal_data"] + [
    f"participation_hearings.{action}_{model}"
    for model in MODELS
    for action in ("add", "change", "delete", "view")
]


@pytest.fixture
def hearings(site):
    second = make_community()
    made = {}
    for key, community, name in (("a", site, "甲"), ("b", second, "乙")):
        section = community.root_page.add_child(
            instance=HearingIndexPage(title=f"{name}听证", slug=f"hearings-{key}")
        )
        starts = timezone.now() + timedelta(days=10)
        notice = section.add_child(
            instance=HearingNoticePage(
                title=f"{name}通知",
                slug=f"notice-{key}",
                starts_at=starts,
                ends_at=starts + timedelta(hours=2),
                venue="社区党群服务中心",
            )
        )
        hearing = make_hearing(notice, title=f"{name}听证会")
        resident = VerifiedResidentFactory(
            unit=unit_in(community, building=name), display_name=f"{name}居民"
        )
        registration = Registration.objects.create(
            module=hearing,
            author=resident,
            code=f"{key.upper()}CODE1",
            position=1,
            status=Registration.Status.CONFIRMED,
        )
        opinion = Opinion.objects.create(module=hearing, author=resident, text=f"{name}书面意见")
        group = OpinionGroup.objects.create(hearing=hearing, title=f"{name}分组")
        made[key] = {
            "hearing": hearing,
            "registration": registration,
            "opinion": opinion,
            "group": group,
        }
    return made


def index(model):
    return reverse(f"participation_hearings_{model}_modeladmin_index")


def instance(model, view, pk):
    return reverse(f"participation_hearings_{model}_modeladmin_{view}", args=[pk])


LISTED = {
    "hearing": ("甲听证会", "乙听证会"),
    "registration": ("ACODE1", "BCODE1"),
    "opinion": ("甲书面意见", "乙书面意见"),
    "opiniongroup": ("甲分组", "乙分组"),
}
OBJECT = {"hearing": "hearing", "registration": "registration", "opinion": "opinion"}
OBJECT["opiniongroup"] = "group"


@pytest.mark.parametrize("model", MODELS)
def test_staff_list_and_open_their_communitys_records_only(client, site, hearings, model):
    client.force_login(community_staff(site, permissions=RIGHTS))
    mine, theirs = LISTED[model]
    assert shows(client, index(model), mine)
    assert shows_none(client, index(model), theirs)
    assert shows_none(client, index(model) + "?export=csv", theirs)
    theirs_pk = hearings["b"][OBJECT[model]].pk
    for view in ("edit", "delete"):
        assert client.get(instance(model, view, theirs_pk)).status_code in (403, 404)
        assert client.post(instance(model, view, theirs_pk)).status_code in (403, 404)
    mine_pk = hearings["a"][OBJECT[model]].pk
    assert client.get(instance(model, "edit", mine_pk)).status_code == 200


def test_staff_cannot_check_in_or_cancel_in_another_community(client, site, hearings):
    client.force_login(community_staff(site, permissions=RIGHTS))
    theirs = hearings["b"]
    check_in = reverse("participation_hearings:check_in", args=[theirs["hearing"].pk])
    cancel = reverse("participation_hearings:staff_cancel", args=[theirs["registration"].pk])
    assert client.get(check_in).status_code == 404
    assert client.post(check_in, {"code": "BCODE1"}).status_code == 404
    assert client.post(cancel).status_code == 404
    theirs["registration"].refresh_from_db()
    assert theirs["registration"].is_active
    assert theirs["registration"].checked_in_at is None


def test_a_hearing_cannot_be_moved_onto_another_communitys_page(client, site, hearings):
    client.force_login(community_staff(site, permissions=RIGHTS))
    mine = hearings["a"]["hearing"]
    edit = instance("hearing", "edit", mine.pk)
    data = form_data(client, edit)
    data["title"] = "甲听证会（改期）"
    data["page"] = str(hearings["b"]["hearing"].page_id)
    client.post(edit, data)
    mine.refresh_from_db()
    assert mine.title == "甲听证会"
    data["page"] = str(mine.page_id)
    client.post(edit, data)
    mine.refresh_from_db()
    assert mine.title == "甲听证会（改期）"


def test_the_superuser_sees_both_communities(client, hearings):
    client.force_login(superuser())
    for model in MODELS:
        assert shows(client, index(model), *LISTED[model])


def test_the_district_reads_both_communities_and_changes_nothing(client, hearings):
    client.force_login(district_user())
    for model in ("hearing", "opinion", "opiniongroup"):
        assert shows(client, index(model), *LISTED[model])
    for made in hearings.values():
        hearing = made["hearing"]
        assert client.post(
            instance("hearing", "edit", hearing.pk), {"title": "改"}
        ).status_code in (
            403,
            404,
        )
        assert client.post(
            reverse("participation_hearings:staff_cancel", args=[made["registration"].pk])
        ).status_code in (302, 403, 404)
        made["registration"].refresh_from_db()
        assert made["registration"].is_active
    assert not Hearing.objects.filter(title="改").exists()
