"""The demo's showcase pictures show something (not flat rectangles) and say what in alt text."""

import pytest
from PIL import Image

from pages.demo import load_showcases
from pages.models import ShowcasePage


def colours_of(image) -> list[tuple[int, tuple]]:
    with image.file.open("rb") as handle, Image.open(handle) as picture:
        return picture.convert("RGB").resize((120, 80)).getcolors(120 * 80)


@pytest.mark.django_db
def test_showcase_pictures_are_drawn_scenes_with_alt_text(showcase_index):
    load_showcases(showcase_index)
    page = ShowcasePage.objects.live().first()
    images = [page.cover_image, page.before_image, page.after_image]
    images += [item.image for item in page.gallery_images.all()]
    for image in images:
        colours = colours_of(image)
        most = max(count for count, _ in colours)
        assert len(colours) > 20, image.title  # not one flat colour
        assert most < 0.7 * 120 * 80, image.title
        assert image.description.startswith("示意图：")  # alt text: what the picture shows
    assert len({image.description for image in images}) >= 3
