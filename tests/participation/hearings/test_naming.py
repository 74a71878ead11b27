"""A hearing is called by what it is, its page's title ("关于小区停车管理的听证会"), in e-mails,
tickets, calendars and exports; never by the block's heading ("报名参加听证会")."""

import pytest
from django.urls import reverse

from participation.hearings import services, tickets

PAGE_TITLE = "关于小区停车管理的听证会"
MODULE_TITLE = "报名参加听证会"

pytestmark = pytest.mark.django_db


def test_the_hearing_is_named_by_its_page(hearing):
    assert hearing.title == MODULE_TITLE
    assert hearing.name == PAGE_TITLE
    assert str(hearing) == PAGE_TITLE  # admin lists and exports


def test_mail_ticket_and_calendar_name_the_hearing(
    client, hearing, resident, django_capture_on_commit_callbacks, mailoutbox
):
    client.force_login(resident)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("participation_hearings:register", args=[hearing.pk]))
    [message] = mailoutbox
    assert PAGE_TITLE in message.subject
    assert MODULE_TITLE not in message.subject
    assert PAGE_TITLE in message.body
    assert MODULE_TITLE not in message.body
    registration = hearing.registrations.get()
    ticket = client.get(reverse("participation_hearings:ticket", args=[registration.pk]))
    assert PAGE_TITLE in ticket.text
    assert MODULE_TITLE not in ticket.text
    calendar = tickets.calendar_for(registration).decode().replace("\r\n ", "")
    assert f"SUMMARY:{PAGE_TITLE}" in calendar


def test_attendee_export_names_the_hearing(client, hearing, resident, django_user_model):
    services.register(resident, hearing)
    admin = django_user_model.objects.create_superuser("boss", "boss@example.com", "x")
    client.force_login(admin)
    url = reverse("participation_hearings_registration_modeladmin_index")
    export = client.get(url, {"export": "csv"})
    assert PAGE_TITLE in b"".join(export.streaming_content).decode("utf-8-sig")
