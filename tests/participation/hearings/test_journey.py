"""The issue's "done when": register, get a code, be checked in, hand in an opinion, read the
answer in the minutes; staff export the attendees."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from participation.hearings.models import Opinion, Registration

pytestmark = pytest.mark.django_db


def test_a_resident_takes_part_from_registration_to_the_answer(client, hearing, resident, staff):
    page_url = hearing.page.url
    client.force_login(resident)
    client.post(reverse("participation_hearings:register", args=[hearing.pk]))
    code = Registration.objects.get(author=resident).code
    assert code in client.get(page_url).text

    client.post(
        reverse("participation_hearings:submit_opinion", args=[hearing.pk]),
        {"text": "建议东门增设临时停车位。", "show_name": "on"},
    )
    opinion = Opinion.objects.get(author=resident)

    client.force_login(staff)
    checked = client.post(
        reverse("participation_hearings:check_in", args=[hearing.pk]), {"code": code}
    )
    assert "有效：签到成功。" in checked.text
    export = client.get(
        "/admin/participation_hearings/registration/", {"hearing": hearing.pk, "export": "csv"}
    )
    assert code in b"".join(export.streaming_content).decode("utf-8-sig")
    answered = client.post(
        f"/admin/participation_hearings/opinion/edit/{opinion.pk}/",
        {"publish": "on", "answer": "采纳，东门将增设 12 个临时车位。", "group": ""},
    )
    assert answered.status_code == 302

    now = timezone.now()
    hearing.starts_at, hearing.ends_at = now - timedelta(hours=3), now - timedelta(hours=1)
    hearing.opinion_deadline = now - timedelta(days=1)
    hearing.minutes = "<p>会议讨论了停车管理方案。</p>"
    hearing.save()

    client.force_login(resident)
    page = client.get(page_url).text
    assert "会议讨论了停车管理方案。" in page
    assert "出席 1 人" in page
    assert "建议东门增设临时停车位。" in page
    assert "采纳，东门将增设 12 个临时车位。" in page
