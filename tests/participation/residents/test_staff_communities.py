"""The residents' admin of staff of one community shows and acts on that community's
residents, buildings, units, codes and records only; another community's ids read as missing.
The superuser sees every community; the district reads across them and changes nothing."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from participation.residents import services
from participation.residents.factories import UserFactory, VerifiedResidentFactory
from participation.residents.models import Building, HouseholdCodeBatch, Unit, User
from tests.communities import make_community, unit_in
from tests.staff_communities import community_staff, district_user

pytestmark = pytest.mark.django_db

VERIFY = "participation_residents.verify_resident"
PERSONAL = "participation_residents.view_personal_data"
RESIDENT_RIGHTS = [VERIFY, PERSONAL, "participation_residents.add_unit"]
RESIDENT_RIGHTS += [
    f"participation_residents.{action}_{model}"
    for model in ("building", "unit")
    for action in ("add", "change", "delete", "view")
]


@pytest.fixture
def second(db):
    return make_community()


@pytest.fixture
def world(site, second):
    """Each community with a building, a unit, a verified and a pending resident, a code batch."""
    made = {}
    for key, community, name in (("a", site, "甲"), ("b", second, "乙")):
        unit = unit_in(community, building=f"{name}1", number=f"{name}101")
        verified = VerifiedResidentFactory(unit=unit, display_name=f"{name}居民")
        pending = UserFactory(community_id=community.pk, unit=unit, display_name=f"{name}待认证")
        handled = UserFactory(community_id=community.pk, display_name=f"{name}经办")
        services.verify_by_staff(handled, unit, verified, "")
        services.generate_household_codes(unit.building, verified)
        made[key] = {
            "unit": unit,
            "building": unit.building,
            "verified": verified,
            "pending": pending,
            "batch": HouseholdCodeBatch.objects.get(building=unit.building),
        }
    return made


@pytest.fixture
def staff_a(site):
    return community_staff(site, permissions=RESIDENT_RIGHTS)


def index(model):
    return reverse(f"participation_residents_{model}_modeladmin_index")


def instance_url(model, view, pk):
    return reverse(f"participation_residents_{model}_modeladmin_{view}", args=[pk])


LISTS = {
    "user": ("甲居民", "乙居民"),
    "building": ("甲1", "乙1"),
    "unit": ("甲101", "乙101"),
    "verificationevent": ("甲经办", "乙经办"),
    "householdcodebatch": ("甲1", "乙1"),
}


@pytest.mark.parametrize("model", LISTS)
def test_staff_list_their_communitys_records_only(client, world, staff_a, model):
    mine, theirs = LISTS[model]
    client.force_login(staff_a)
    listing = client.get(index(model)).text
    assert mine in listing
    assert theirs not in listing


@pytest.mark.parametrize("model", LISTS)
def test_the_superuser_and_the_district_list_every_community(client, world, model):
    boss = User.objects.create_superuser("boss", "boss@example.com", "pw")
    district = district_user(permissions=[VERIFY, PERSONAL])
    for user in (boss, district):
        client.force_login(user)
        listing = client.get(index(model)).text
        assert all(name in listing for name in LISTS[model])


def test_another_communitys_records_cannot_be_opened_edited_or_deleted(client, world, staff_a):
    client.force_login(staff_a)
    b = world["b"]
    forged = [
        instance_url("user", "inspect", b["verified"].pk),
        instance_url("building", "edit", b["building"].pk),
        instance_url("building", "delete", b["building"].pk),
        instance_url("unit", "edit", b["unit"].pk),
        instance_url("unit", "delete", b["unit"].pk),
        reverse("participation_residents_admin:verify", args=[b["pending"].pk]),
        reverse("participation_residents_admin:revoke", args=[b["verified"].pk]),
    ]
    for url in forged:
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"unit": b["unit"].pk, "note": "x"}).status_code == 404, url
    assert (
        client.get(instance_url("building", "edit", world["a"]["building"].pk)).status_code == 200
    )
    b["pending"].refresh_from_db()
    b["verified"].refresh_from_db()
    assert b["pending"].verification == User.Verification.UNVERIFIED
    assert b["verified"].verification == User.Verification.VERIFIED
    assert Building.objects.filter(pk=b["building"].pk).exists()


def test_staff_verify_into_their_communitys_units_only(client, world, staff_a):
    client.force_login(staff_a)
    a, b = world["a"], world["b"]
    url = reverse("participation_residents_admin:verify", args=[a["pending"].pk])
    form = client.get(url).text
    assert "甲101" in form
    assert "乙101" not in form
    assert client.post(url, {"unit": b["unit"].pk, "note": ""}).status_code == 200
    a["pending"].refresh_from_db()
    assert a["pending"].verification == User.Verification.UNVERIFIED
    client.post(url, {"unit": a["unit"].pk, "note": ""})
    a["pending"].refresh_from_db()
    assert a["pending"].verification == User.Verification.VERIFIED


def test_household_codes_only_for_their_communitys_buildings(client, world, staff_a):
    client.force_login(staff_a)
    url = reverse("participation_residents_admin:generate_codes")
    assert "乙1" not in client.get(url).text
    response = client.post(url, {"building": world["b"]["building"].pk, "valid_days": 30})
    assert response.status_code == 200
    assert HouseholdCodeBatch.objects.filter(building=world["b"]["building"]).count() == 1


def test_units_are_imported_into_a_community_the_staff_member_manages(
    client, site, second, staff_a
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(staff_a)
    url = reverse("participation_residents_admin:import_units")

    def upload(community):
        csv = SimpleUploadedFile("units.csv", "楼号,户号\n9,9单元901\n".encode())
        return client.post(url, {"community": community.pk, "file": csv})

    assert upload(second).status_code == 200  # not a choice: the form comes back
    assert not Unit.objects.filter(number="9单元901").exists()
    assert upload(site).status_code == 302
    assert Unit.objects.get(number="9单元901").building.community_id == site.pk


def test_the_district_reads_every_community_and_changes_nothing(client, world):
    # Even granted the rights to verify and to edit buildings, the district acts on nothing:
    # it manages no community.
    district = district_user(permissions=RESIDENT_RIGHTS)
    client.force_login(district)
    for key in ("a", "b"):
        resident, building = world[key]["pending"], world[key]["building"]
        assert client.get(instance_url("user", "inspect", resident.pk)).status_code == 200
        verify = reverse("participation_residents_admin:verify", args=[resident.pk])
        assert client.post(verify, {"unit": world[key]["unit"].pk}).status_code == 404
        edit = instance_url("building", "edit", building.pk)
        assert client.post(edit, {"number": "x", "name": "x"}).status_code == 404
        assert client.post(instance_url("building", "delete", building.pk)).status_code == 404
        resident.refresh_from_db()
        assert resident.verification == User.Verification.UNVERIFIED
    assert Building.objects.filter(number="x").count() == 0


def test_the_district_group_holds_no_right_to_change(db):
    district = district_user()
    codenames = Permission.objects.filter(group__user=district).values_list("codename", flat=True)
    assert codenames
    assert all(codename.startswith("view_") or codename == "access_admin" for codename in codenames)


def test_units_import_into_the_addressed_community_only_if_managed(client, second, staff_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(staff_a)
    url = reverse("participation_residents_admin:import_units")
    csv = SimpleUploadedFile("units.csv", "楼号,户号\n9,9单元901\n".encode())
    response = client.post(url, {"file": csv}, HTTP_HOST=second.hostname)
    assert response.status_code in (302, 403)  # Wagtail's admin redirects a refusal
    assert not Unit.objects.filter(number="9单元901").exists()
