"""The service in English, the site's second language: the block, the form and its refusals."""

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from participation.services import services

pytestmark = pytest.mark.django_db


def test_the_block_renders_in_english(client, module, matter):
    services.publish_roster(services.month_start(timezone.localdate()))
    text = client.get(f"/en{module.page.url}").text
    assert "Book the staggered-hours service" in text
    assert "Matters you can book" in text
    assert "可预约的事项" not in text


def test_bad_input_is_refused_in_english(client, module, resident, matter, cadre):
    client.force_login(resident)
    with translation.override("en"):
        url = reverse("participation_services:book", args=[module.pk])
    assert url.startswith("/en/")
    response = client.post(url, {"matter": matter.pk, "mode": "visit", "duty": 999999})
    assert "The chosen slot is not in the duty roster; please choose again." in response.text
    response = client.post(url, {"matter": 999999, "mode": "visit"})
    assert "Please choose a matter from the catalogue." in response.text
    response = client.post(url, {"matter": matter.pk, "mode": "delegate", "details": "x" * 3000})
    assert "At most 1000 characters (it has 3000)." in response.text
