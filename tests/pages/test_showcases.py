"""Showcases: the eight feature types, filters, responsive gallery."""

import pytest

from pages import factories
from pages.models import FeatureType, ShowcaseGalleryImage
from participation.residents.factories import BuildingFactory

pytestmark = pytest.mark.django_db


def test_the_seeds_eight_feature_types_are_loaded_in_order():
    assert list(FeatureType.objects.values_list("name", flat=True)) == [
        "学习型",
        "服务型",
        "环保型",
        "文化型",
        "绿化型",
        "安全型",
        "文明型",
        "和谐型",
    ]


def test_index_filters_by_kind_building_and_feature(client, showcase_index):
    five = BuildingFactory(number="5")
    green = FeatureType.objects.get(slug="greening")
    factories.publish_child(
        showcase_index, factories.ShowcasePageFactory, title="五栋先锋楼", building=five
    )
    factories.publish_child(
        showcase_index,
        factories.ShowcasePageFactory,
        title="绿化示范楼",
        kind="model",
        feature_type=green,
    )
    url = showcase_index.url
    assert "绿化示范楼" not in client.get(url, {"kind": "pioneer"}).text
    assert "五栋先锋楼" not in client.get(url, {"feature": "greening"}).text
    assert "绿化示范楼" not in client.get(url, {"building": five.pk}).text
    text = client.get(url, {"kind": "x", "feature": "y", "building": "z"}).text
    assert "绿化示范楼" in text
    assert "五栋先锋楼" in text


def test_gallery_images_have_srcset_width_and_height(client, showcase_index):
    page = factories.ShowcasePageFactory.build(title="相册")
    page.gallery_images.add(ShowcaseGalleryImage(image=factories.ImageFactory(), caption="照片"))
    page.live = False
    showcase_index.add_child(instance=page)
    page.save_revision().publish()
    text = client.get(page.url).text
    assert "srcset=" in text
    assert "400w" in text
    assert "800w" in text
    assert 'width="400"' in text
    assert 'height="' in text
