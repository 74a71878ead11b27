"""Buildings and units sort by their numbers (2栋 before 10栋), wherever they are listed."""

import re

import pytest
from django.contrib.auth import get_user_model

from pages import factories as page_factories
from participation.residents.factories import BuildingFactory, UnitFactory
from participation.residents.forms import ResidentSignupForm
from participation.residents.models import Building, Unit

pytestmark = pytest.mark.django_db

NUMBERS = ["10", "2", "11", "1"]
NATURAL = ["1栋", "2栋", "10栋", "11栋"]


@pytest.fixture
def buildings():
    return [BuildingFactory(number=number) for number in NUMBERS]


def positions(text, labels):
    return sorted(labels, key=lambda label: re.search(f">{label}<", text).start())


def test_buildings_and_units_sort_naturally(buildings):
    for number in ["1单元1001", "1单元201", "1单元101"]:
        UnitFactory(building=buildings[1], number=number)
    assert [str(building) for building in Building.objects.all()] == NATURAL
    assert list(Unit.objects.values_list("number", flat=True)) == [
        "1单元101",
        "1单元201",
        "1单元1001",
    ]


def test_signup_form_and_unit_filter_list_buildings_naturally(buildings, client):
    form = ResidentSignupForm()
    choices = [label for _value, label in form.fields["building"].choices][1:]
    assert choices == NATURAL
    for building in buildings:
        UnitFactory(building=building)
    admin = get_user_model().objects.create_superuser("boss", "boss@example.com", "pw")
    client.force_login(admin)
    page = client.get("/admin/participation_residents/unit/").text
    assert positions(page, NATURAL) == NATURAL


def test_showcase_filter_lists_buildings_naturally(buildings, client, home_page):
    index = page_factories.publish_child(home_page, page_factories.ShowcaseIndexPageFactory)
    for building in buildings:
        page_factories.publish_child(index, page_factories.ShowcasePageFactory, building=building)
    page = client.get(index.url).text
    assert positions(page, NATURAL) == NATURAL
