"""The README's screenshots, made by the suite: with UPDATE_SCREENSHOTS=1 they are written to
docs/screenshots/ (commit them); otherwise they are made in a temporary folder and checked."""

import os
from pathlib import Path

from PIL import Image

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def target(name, tmp_path) -> Path:
    folder = SCREENSHOTS if os.environ.get("UPDATE_SCREENSHOTS") == "1" else tmp_path
    return folder / name


def test_home_on_a_phone(phone, tmp_path):
    path = target("home-phone.png", tmp_path)
    phone.goto("/")
    phone.screenshot(path=path)
    assert Image.open(path).size == (720, 1480)  # 360 × 740 CSS px at device scale 2


def test_a_published_ballot_result(page, tmp_path):
    path = target("ballot-result.png", tmp_path)
    page.goto("/blog/democratic-evaluation-2026/")
    ballot = page.locator(".ballot:has(.ballot-result)").first
    ballot.scroll_into_view_if_needed()
    ballot.screenshot(path=path)
    width, height = Image.open(path).size
    assert width > 600
    assert height > 300
