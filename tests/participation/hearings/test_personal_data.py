"""A resident's hearings in 我的参与, in their data download, and what account deletion erases."""

from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from participation.hearings import services
from participation.hearings.models import Opinion, Registration
from participation.residents.factories import VerifiedResidentFactory
from plugins.registry import get_plugin

from .conftest import make_hearing
from .test_opinions import png_bytes

pytestmark = pytest.mark.django_db
Status = Registration.Status


@pytest.fixture
def plugin():
    return get_plugin("participation_hearings")


@pytest.fixture
def held(notice_page):
    """A meeting that took place last week; the resident came and was checked in."""
    now = timezone.now()
    return make_hearing(
        notice_page,
        title="上周的会议",
        opens_at=now - timedelta(days=20),
        starts_at=now - timedelta(days=7),
        ends_at=now - timedelta(days=7) + timedelta(hours=2),
        opinion_deadline=now - timedelta(days=8),
    )


def attend(resident, held):
    return Registration.objects.create(
        module=held,
        author=resident,
        status=Status.CONFIRMED,
        position=1,
        checked_in_at=held.starts_at,
    )


def opinion_with_picture(resident, hearing, text="建议东门增设停车位。"):
    picture = SimpleUploadedFile("photo.png", png_bytes(), content_type="image/png")
    return services.submit_opinion(resident, hearing, text, attachment=picture)


def test_the_download_holds_registrations_opinions_and_the_attachment_bytes(
    plugin, hearing, resident
):
    registration = services.register(resident, hearing, wants_to_speak=True)
    opinion = opinion_with_picture(resident, hearing)
    services.submit_opinion(VerifiedResidentFactory(), hearing, "别人的意见。")

    data = plugin.personal_data(resident)

    [record] = data.records["registrations"]
    assert (record["code"], record["status"], record["wants_to_speak"]) == (
        registration.code,
        "confirmed",
        True,
    )
    assert record["meeting_starts_at"] == hearing.starts_at.isoformat()
    [written] = data.records["opinions"]
    assert written["text"] == "建议东门增设停车位。"
    [attachment] = data.files
    assert attachment.name == written["attachment"]
    assert attachment.name.startswith(f"opinions/{opinion.pk}/")
    assert attachment.name.endswith(".png")
    with attachment.file.open("rb") as stored:
        assert stored.read() == png_bytes()


def test_a_missing_file_does_not_break_the_download(plugin, hearing, resident):
    opinion = opinion_with_picture(resident, hearing)
    default_storage.delete(opinion.attachment.name)
    data = plugin.personal_data(resident)
    assert data.files == ()
    assert len(data.records["opinions"]) == 1


def test_my_participation_lists_seats_waiting_places_and_opinions(plugin, notice_page, resident):
    full = make_hearing(notice_page, title="座位已满", capacity=1)
    services.register(VerifiedResidentFactory(), full)
    services.register(VerifiedResidentFactory(), full)
    waiting = services.register(resident, full)
    seat = services.register(resident, make_hearing(notice_page))
    opinion = services.submit_opinion(resident, seat.module, "晚上八点以后关闭东门。")
    services.publish_opinions(Opinion.objects.filter(pk=opinion.pk))
    services.register(VerifiedResidentFactory(), seat.module)  # someone else's: not listed

    rows = plugin.my_participation(resident)

    assert [row.state for row in rows] == ["已公开", f"已确认 · 报名码 {seat.code}", "候补第 2 位"]
    opinion_row, seat_row, waiting_row = rows
    assert seat_row.url == reverse("participation_hearings:ticket", args=[seat.pk])
    assert waiting_row.url == reverse("participation_hearings:ticket", args=[waiting.pk])
    assert seat_row.title == "关于小区停车管理的听证会"
    starts = timezone.localtime(seat.module.starts_at)
    assert f"{starts:%H:%M}" in seat_row.action
    assert "报名参会" in seat_row.action
    assert opinion_row.action == "书面意见：晚上八点以后关闭东门。"
    assert opinion_row.url.endswith(f"#hearing-{seat.module.pk}")


def test_a_cancelled_registration_links_to_the_hearing(plugin, hearing, resident):
    registration = services.register(resident, hearing)
    services.cancel(resident, registration.pk)
    [row] = plugin.my_participation(resident)
    assert row.state == "已取消"
    assert row.url.endswith(f"#hearing-{hearing.pk}")


def test_erasing_gives_a_future_seat_to_the_waiting_list(
    plugin, notice_page, resident, django_capture_on_commit_callbacks, mailoutbox
):
    hearing = make_hearing(notice_page, capacity=1)
    seat = services.register(resident, hearing)
    waiting = services.register(VerifiedResidentFactory(), hearing)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        plugin.erase_personal_data(resident)
    seat.refresh_from_db()
    waiting.refresh_from_db()
    assert (seat.status, seat.author) == (Status.CANCELLED, None)
    assert waiting.status == Status.CONFIRMED
    [mail] = mailoutbox
    assert mail.to == [waiting.author.email]


def test_erasing_keeps_past_registrations_as_counts(plugin, held, resident):
    registration = attend(resident, held)
    plugin.erase_personal_data(resident)
    registration.refresh_from_db()
    assert (registration.status, registration.author) == (Status.CONFIRMED, None)
    assert held.attendance_count() == 1
    resident.delete()
    assert Registration.objects.filter(module=held).count() == 1


def test_erasing_keeps_published_opinions_anonymous_and_deletes_the_rest(
    plugin, hearing, resident, django_capture_on_commit_callbacks
):
    published = opinion_with_picture(resident, hearing, "公开的意见。")
    published.show_name = True
    published.save()
    services.publish_opinions(Opinion.objects.filter(pk=published.pk))
    unpublished = opinion_with_picture(resident, hearing, "没有公开的意见。")
    withdrawn = services.submit_opinion(resident, hearing, "撤回的意见。")
    services.withdraw_opinion(resident, withdrawn.pk)
    files = [published.attachment.name, unpublished.attachment.name]

    with django_capture_on_commit_callbacks(execute=True):
        plugin.erase_personal_data(resident)

    [kept] = Opinion.objects.all()
    assert (kept.pk, kept.text, kept.author, kept.show_name) == (
        published.pk,
        "公开的意见。",
        None,
        False,
    )
    assert kept.is_published
    assert not kept.attachment
    assert kept.public_author() == "匿名居民"
    assert not any(default_storage.exists(name) for name in files)
    assert plugin.personal_data(resident).records == {"registrations": [], "opinions": []}


def test_files_stay_when_the_erasure_is_rolled_back(plugin, hearing, resident):
    opinion = opinion_with_picture(resident, hearing)
    plugin.erase_personal_data(resident)  # the test's transaction never commits
    assert default_storage.exists(opinion.attachment.name)
