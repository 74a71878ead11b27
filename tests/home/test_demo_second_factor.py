"""The demo's staff accounts are enrolled, and the secrets load_demo prints sign them in."""

import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from participation.residents.factories import DEMO_PASSWORD
from participation.residents.models import User
from participation.residents.second_factor import has_device
from tests.second_factor import totp_code

pytestmark = pytest.mark.django_db

STAFF = ["admin", "editor", "reviewer", "volunteer"]


def test_demo_staff_sign_in_with_the_printed_secret(client):
    out = io.StringIO()
    call_command("load_demo", "--force", stdout=out)
    printed = dict(re.findall(r"^ {4}(\w+) +([A-Z2-7]{32})$", out.getvalue(), re.MULTILINE))
    assert sorted(printed) == sorted(STAFF)
    assert all(has_device(User.objects.get(username=name)) for name in STAFF)
    assert not has_device(User.objects.get(username="resident"))
    response = client.post(reverse("account_login"), {"login": "editor", "password": DEMO_PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate")
    client.post(reverse("mfa_authenticate"), {"code": totp_code(printed["editor"])})
    assert client.get("/admin/").status_code == 200
    # Loading again keeps the devices people already added to their apps.
    again = io.StringIO()
    call_command("load_demo", "--force", stdout=again)
    assert printed == dict(re.findall(r"^ {4}(\w+) +([A-Z2-7]{32})$", again.getvalue(), re.M))
