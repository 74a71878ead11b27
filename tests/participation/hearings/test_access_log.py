"""Hearing staff's looks at residents' data are recorded in the access log: the attendee list
and its export, a check-in, an opinion's attachment; the author's own download is not."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from participation.core.models import AccessLogEntry
from participation.hearings import services
from participation.hearings.models import Opinion
from participation.residents.factories import VerifiedResidentFactory

from .test_opinions import PDF

pytestmark = pytest.mark.django_db
INDEX = "/admin/participation_hearings/registration/"


def last_pk():
    return AccessLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def one_new_entry(since):
    entries = list(AccessLogEntry.objects.filter(pk__gt=since))
    assert len(entries) == 1, [(entry.what, entry.records) for entry in entries]
    return entries[0]


def subjects_of(entry):
    return set(entry.subjects.values_list("resident_id", flat=True))


@pytest.fixture
def attendees(hearing):
    return [
        services.register(person, hearing) for person in VerifiedResidentFactory.create_batch(3)
    ]


def test_the_attendee_list_and_its_exports_are_recorded(client, staff, hearing, attendees):
    people = {registration.author_id for registration in attendees}
    client.force_login(staff)
    before = last_pk()
    assert client.get(INDEX, {"hearing": hearing.pk}).status_code == 200
    entry = one_new_entry(before)
    assert (entry.what, entry.action, entry.records) == ("参会名单", "view", 3)
    assert entry.terms == f"hearing={hearing.pk}"
    assert subjects_of(entry) == people
    for kind in ("csv", "xlsx"):
        before = last_pk()
        response = client.get(INDEX, {"hearing": hearing.pk, "export": kind})
        assert response.status_code == 200
        entry = one_new_entry(before)
        assert (entry.what, entry.action, entry.records) == ("参会名单", "export", 3)
        assert entry.terms == f"hearing={hearing.pk}"
        assert subjects_of(entry) == people


def test_a_check_in_records_the_person_shown_and_an_unknown_code_nothing(
    client, staff, hearing, attendees
):
    client.force_login(staff)
    url = reverse("participation_hearings:check_in", args=[hearing.pk])
    before = last_pk()
    client.post(url, {"code": "ZZZZ2222"})
    assert not AccessLogEntry.objects.filter(pk__gt=before).exists()
    client.post(url, {"code": attendees[0].code})
    entry = one_new_entry(before)
    assert (entry.what, entry.records, entry.terms) == ("现场签到", 1, "")
    assert subjects_of(entry) == {attendees[0].author_id}


def test_staff_downloading_an_attachment_is_recorded_the_author_is_not(
    client, staff, hearing, resident
):
    client.force_login(resident)
    client.post(
        reverse("participation_hearings:submit_opinion", args=[hearing.pk]),
        {
            "text": "停车位应当按户分配，先到先得并不公平。",
            "attachment": SimpleUploadedFile("a.pdf", PDF),
        },
    )
    opinion = Opinion.objects.get()
    url = reverse("participation_hearings:attachment", args=[opinion.pk])
    before = last_pk()
    assert client.get(url).status_code == 200
    assert not AccessLogEntry.objects.filter(pk__gt=before).exists()
    client.force_login(staff)
    assert client.get(url).status_code == 200
    entry = one_new_entry(before)
    assert (entry.what, entry.records, subjects_of(entry)) == ("书面意见附件", 1, {resident.pk})


def test_the_opinions_list_names_authors_and_is_recorded(client, staff, hearing, resident):
    services.submit_opinion(resident, hearing, "停车位应当按户分配。")
    client.force_login(staff)
    before = last_pk()
    assert client.get("/admin/participation_hearings/opinion/").status_code == 200
    entry = one_new_entry(before)
    assert (entry.what, entry.records, subjects_of(entry)) == ("书面意见", 1, {resident.pk})
