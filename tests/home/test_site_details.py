"""Small things a newcomer trips on: the phone link in the footer, /favicon.ico."""

import pytest

from home.models import CommunityInfo


@pytest.mark.django_db
def test_footer_phone_link_is_a_valid_tel_uri(client, site):
    info = CommunityInfo.for_site(site)
    info.phone = "0731-8888 6120"
    info.save()
    html = client.get("/").content.decode()
    assert 'href="tel:+86-731-8888-6120"' in html
    assert ">0731-8888 6120<" in html


@pytest.mark.django_db
def test_favicon_ico_leads_to_the_site_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("/img/favicon.svg")
