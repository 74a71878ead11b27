"""The hearing block and its messages in English, the site's second language."""

import pytest
from django.urls import reverse
from django.utils import translation

from participation.hearings import services

pytestmark = pytest.mark.django_db


def english(url):
    return f"/en{url}"


def test_the_block_renders_in_english(client, hearing, resident):
    services.register(resident, hearing)
    client.force_login(resident)
    text = client.get(english(hearing.page.url)).text
    assert "Registration code" in text
    assert "Cancel registration" in text
    assert "Hand in a written opinion" in text
    assert "报名码" not in text


def test_form_errors_are_in_english(client, hearing, resident):
    client.force_login(resident)
    with translation.override("en"):
        url = reverse("participation_hearings:submit_opinion", args=[hearing.pk])
    assert url.startswith("/en/")
    response = client.post(url, {"text": "ok"})
    assert "Opinion is too short: at least 5 characters, not counting spaces." in response.text


def test_refusals_are_in_english(client, notice_page, unverified, hearing):
    client.force_login(unverified)
    with translation.override("en"):
        url = reverse("participation_hearings:register", args=[hearing.pk])
    response = client.post(url, follow=True)
    assert response.redirect_chain[0][0].startswith("/en/hearings/parking-management-hearing/")
    assert "Only verified residents may register." in response.text
