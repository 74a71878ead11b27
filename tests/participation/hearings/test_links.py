"""Hearing e-mails, calendar files and the ticket link to the site's configured root."""

import pytest
from django.urls import reverse

ROOT = "https://liubeiqiao.example"


@pytest.mark.django_db
def test_confirmation_mail_and_calendar_link_to_the_public_site(
    client, hearing, resident, settings, django_capture_on_commit_callbacks, mailoutbox
):
    settings.WAGTAILADMIN_BASE_URL = ROOT
    client.force_login(resident)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("participation_hearings:register", args=[hearing.pk]))
    [message] = mailoutbox
    page_url = f"{ROOT}{hearing.page.url}"
    assert page_url in message.body
    calendar = {name: content for name, content, _ in message.attachments}["hearing.ics"]
    calendar = calendar.decode() if isinstance(calendar, bytes) else calendar
    assert "@liubeiqiao.example" in calendar
    assert "localhost" not in calendar

    registration = hearing.registrations.get()
    ics = client.get(reverse("participation_hearings:calendar", args=[registration.pk]))
    assert f"URL:{page_url}" in ics.content.decode().replace("\r\n ", "")
