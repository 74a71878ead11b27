"""Many communities on one installation: each a Wagtail site with its own sections, buildings and
residents; sign-up and verification never cross from one to another."""

import pytest
from django.contrib.auth.models import Permission
from django.db import IntegrityError
from django.urls import reverse

from home.models import HomePage
from pages.models import BlogIndexPage, DisclosureIndexPage
from participation.core.models import Module
from participation.core.predicates import is_resident_of_module_community
from participation.residents import services
from participation.residents.communities import community_id_of_page
from participation.residents.factories import (
    BuildingFactory,
    UnitFactory,
    UserFactory,
    VerifiedResidentFactory,
)
from participation.residents.models import Building, User
from tests.communities import SECOND_HOST, make_community, unit_in
from tests.participation.residents.test_accounts import signup_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def second(db):
    return make_community()


def test_each_community_has_its_own_home_page_and_one_of_each_section(root_page, home_page, second):
    home_page.add_child(instance=BlogIndexPage(title="议事", slug="blog"))
    assert HomePage.can_create_at(root_page)
    assert BlogIndexPage.can_create_at(second.root_page)
    second.root_page.add_child(instance=BlogIndexPage(title="议事", slug="blog"))
    assert not BlogIndexPage.can_create_at(second.root_page)
    assert not BlogIndexPage.can_create_at(home_page)
    assert DisclosureIndexPage.can_create_at(second.root_page)


def test_a_page_belongs_to_the_site_whose_tree_holds_it(site, home_page, second):
    blog = second.root_page.add_child(instance=BlogIndexPage(title="议事", slug="blog"))
    assert community_id_of_page(blog) == second.pk
    assert community_id_of_page(home_page) == site.pk


def test_building_numbers_repeat_across_communities_but_not_within_one(site, second):
    BuildingFactory(number="1")
    Building.objects.create(community=second, number="1")
    with pytest.raises(IntegrityError):
        Building.objects.create(community=second, number="1")


def test_sign_up_on_a_community_offers_its_buildings_and_joins_it(client, site, second):
    ours = UnitFactory(building__number="3")
    theirs = unit_in(second, building="8")
    page = client.get(reverse("account_signup"), HTTP_HOST=SECOND_HOST)
    assert f'value="{theirs.building.pk}"' in page.text
    assert f'value="{ours.building.pk}"' not in page.text

    refused = client.post(reverse("account_signup"), signup_data(ours), HTTP_HOST=SECOND_HOST)
    assert refused.status_code == 200
    assert not User.objects.filter(phone="+8613800138000").exists()

    client.post(reverse("account_signup"), signup_data(theirs), HTTP_HOST=SECOND_HOST)
    resident = User.objects.get(phone="+8613800138000")
    assert resident.community == second
    assert resident.unit == theirs


def test_a_household_code_works_only_in_its_own_community(site, second):
    staff = UserFactory(username="clerk", is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="verify_resident"))
    unit = unit_in(second, building="8")
    _batch, printed = services.generate_household_codes(unit.building, staff)
    ours = UserFactory()
    with pytest.raises(services.VerificationError, match="认证码无效"):
        services.redeem_household_code(ours, printed[0].code)
    ours.refresh_from_db()
    assert not ours.is_verified
    theirs = UserFactory(community_id=second.pk)
    services.redeem_household_code(theirs, printed[0].code)
    theirs.refresh_from_db()
    assert theirs.is_verified_resident_of(second.pk)


def test_staff_cannot_verify_a_resident_into_another_communitys_unit(site, second):
    resident = UserFactory()
    with pytest.raises(services.VerificationError, match="不属于"):
        services.verify_by_staff(resident, unit_in(second), actor=UserFactory(is_staff=True))
    resident.refresh_from_db()
    assert not resident.is_verified


def test_a_resident_acts_only_on_modules_of_their_own_community(site, home_page, second):
    ours = Module.objects.create(page=home_page, kind="comments")
    theirs = Module.objects.create(page=second.root_page, kind="comments")
    resident = VerifiedResidentFactory()
    assert resident.community_id == site.pk
    assert is_resident_of_module_community(resident, ours)
    assert not is_resident_of_module_community(resident, theirs)
    assert not is_resident_of_module_community(UserFactory(), ours)


def test_the_household_code_page_refuses_another_communitys_code(client, site, second):
    staff = UserFactory(username="clerk", is_staff=True)
    _batch, printed = services.generate_household_codes(UnitFactory().building, staff)
    theirs = UserFactory(community_id=second.pk)
    client.force_login(theirs)
    url = reverse("participation_residents:verify")
    response = client.post(url, {"code": printed[0].code}, HTTP_HOST=SECOND_HOST)
    assert "认证码无效" in response.text
    theirs.refresh_from_db()
    assert not theirs.is_verified
