"""A notice-board poster, printed by Chromium: one A4 sheet whose QR code leads to the page."""

import io
import re

import zxingcpp
from PIL import Image

from participation.core.links import absolute_url
from tests.browser.conftest import site_path
from tests.browser.support import serious_violations


def test_a_printed_poster_is_one_a4_page_and_its_qr_code_leads_to_the_topic(page, topic):
    assert page.goto(f"/p/{topic.pk}/poster/").ok
    assert serious_violations(page) == []
    page.emulate_media(media="print")
    sheet = page.pdf(format="A4", prefer_css_page_size=True)
    assert len(re.findall(rb"/Type\s*/Page(?!s)", sheet)) == 1
    assert not page.get_by_role("button", name="打印").is_visible()  # not on paper
    picture = Image.open(io.BytesIO(page.locator(".poster-qr img").screenshot()))
    found = zxingcpp.read_barcodes(picture)
    assert [code.text for code in found] == [absolute_url(topic.short_path())]
    assert page.goto(found[0].text.replace(absolute_url("/").rstrip("/"), "")).ok
    assert page.url.endswith(site_path(topic))
